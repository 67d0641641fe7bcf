// The top-kernels panel: in place of the device panel when the dashboard
// watches an observed program (`clscope run -- CMD`), whose device metrics
// clscope does not read. One row per kernel name, largest total device time
// first: launches, total time, p99 per launch (when the panel is wide enough)
// and share of all kernel time, with a gauge when there is room.
#include <algorithm>
#include <string>

#include "tui/Format.hpp"
#include "tui/RenderParts.hpp"

namespace clscope::tui::detail {
namespace {

constexpr int kLaunchesW = 6;
constexpr int kTotalW = 7;
constexpr int kP99W = 7;
constexpr int kShareW = 4;
constexpr int kMinNameW = 8;

}  // namespace

void draw_top_kernels(Painter& p, const std::vector<KernelRow>& kernels, const UiState& s) {
  const bool focused = s.focus == Focus::kDevice && !s.menu_open;
  draw_title(p, "TOP KERNELS", focused, "by device time");
  if (p.height() < 2) return;
  if (kernels.empty()) {
    p.text_fit(2, 1, "no kernel has finished yet", kDim, p.width() - 2);
    return;
  }
  // Columns from the right: share, p99 (dropped first when narrow), total, launches; the name takes the rest.
  // Each column is preceded by one space; the share is kShareW digits and a '%'.
  int name_w = p.width() - 2 - (1 + kLaunchesW) - (1 + kTotalW) - (1 + kShareW + 1);
  const bool show_p99 = name_w - (kP99W + 1) >= kMinNameW + 4;
  if (show_p99) name_w -= kP99W + 1;
  name_w = std::max(1, name_w);
  const int launches_x = 2 + name_w + 1;
  const int total_x = launches_x + kLaunchesW + 1;
  const int p99_x = total_x + kTotalW + 1;
  const int share_x = show_p99 ? p99_x + kP99W + 1 : p99_x;  // the '%' lands on the last column

  p.text_fit(2, 1, "Kernel", kDim, name_w);
  p.text(launches_x, 1, pad_left("Launch", kLaunchesW), kDim);
  p.text(total_x, 1, pad_left("Total", kTotalW), kDim);
  if (show_p99) p.text(p99_x, 1, pad_left("p99", kP99W), kDim);
  p.text(share_x, 1, pad_left("Share", kShareW + 1), kDim);

  const int n = static_cast<int>(kernels.size());
  // Unfocused, a list longer than the panel ends in "+N more"; focused, Up/Down scroll it.
  const bool note_more = !focused && n > p.height() - 2 && p.height() > 3;
  const int visible = p.height() - 2 - (note_more ? 1 : 0);
  const int first = std::clamp((focused ? s.selected_metric : 0) - visible + 1, 0, std::max(0, n - visible));
  for (int row = 0; row < visible && first + row < n; ++row) {
    const KernelRow& k = kernels[static_cast<std::size_t>(first + row)];
    const int y = 2 + row;
    if (focused && first + row == s.selected_metric) p.put(0, y, p.ascii() ? U'>' : U'▶', kAccent);
    p.text_fit(2, y, k.name.empty() ? "(unnamed)" : k.name, kBold, name_w);
    p.text(launches_x, y, pad_left(format_value(static_cast<double>(k.launches)), kLaunchesW), kPlain);
    p.text(total_x, y, pad_left(format_us(k.total_s * 1e6), kTotalW), kPlain);
    if (show_p99) p.text(p99_x, y, pad_left(k.p99_us ? format_us(*k.p99_us) : "-", kP99W), k.p99_us ? kPlain : kDim);
    p.text(share_x, y, pad_left(k.share ? format_pct(*k.share * 100) + "%" : "-", kShareW + 1),
           k.share ? kBold : kDim);
  }
  if (note_more) p.text_fit(2, p.height() - 1, "+" + std::to_string(n - visible) + " more", kDim, p.width() - 2);
}

}  // namespace clscope::tui::detail
