#include "tui/Layout.hpp"

#include <algorithm>

namespace clscope::tui {

namespace {

constexpr int kSideBySideCols = 70;  // narrower: device panel and charts stack
constexpr int kMinChartRows = 4;     // title + 2 plot rows + verdict band
constexpr int kMinEventRows = 3;     // title + 2 events

}  // namespace

Layout layout(Size screen, const UiState& state, const LayoutHints& hints) {
  Layout l;
  l.screen = screen;
  const int cols = std::max(screen.cols, 0);
  const int rows = std::max(screen.rows, 0);
  if (cols < kMinCols || rows < kMinRows) {
    l.too_small = true;
    l.body = {0, 0, cols, rows};
    return l;
  }

  const int header_h = rows >= 20 ? 2 : 1;
  l.header = {0, 0, cols, header_h};
  l.footer = {0, rows - 1, cols, 1};
  const int top = header_h;
  const int avail = rows - header_h - 1;

  if (state.view != View::kMain) {
    l.body = {0, top, cols, avail};
    return l;
  }

  // Workloads table: column titles + one row per workload (at least one, for
  // the "no workloads yet" line), at most half the space.
  const int n = std::max(1, hints.workloads);
  const int table_h = std::clamp(1 + n, 2, std::max(2, avail / 2));
  l.workloads = {0, top, cols, table_h};

  int rest = avail - table_h;
  const int device_h = 1 + std::max(1, hints.device_rows);
  int mid_h = 0;
  if (rest >= kMinEventRows + 5) {
    const int events_target = std::clamp(rest / 3, kMinEventRows, 12);
    mid_h = rest - events_target;
  }
  const int mid_y = top + table_h;
  if (mid_h > 0) {
    if (cols >= kSideBySideCols) {
      const int device_w = std::clamp(cols * 2 / 5, 34, 48);
      l.device = {0, mid_y, device_w, mid_h};
      l.charts = {device_w, mid_y, cols - device_w, mid_h};
    } else if (mid_h >= device_h + kMinChartRows) {
      l.device = {0, mid_y, cols, device_h};
      l.charts = {0, mid_y + device_h, cols, mid_h - device_h};
    } else {
      l.device = {0, mid_y, cols, mid_h};
    }
  }
  rest -= mid_h;
  if (rest > 0) l.events = {0, mid_y + mid_h, cols, rest};

  if (state.menu_open) {
    const int w = std::min(cols - 4, 56);
    const int h = std::min(rows - 4, std::max(hints.workloads, 1) + 4);
    l.popup = {(cols - w) / 2, (rows - h) / 2, w, h};
  }
  return l;
}

std::vector<Rect> panel_rects(const Layout& l) {
  std::vector<Rect> out;
  for (const Rect& r : {l.header, l.footer, l.workloads, l.device, l.charts, l.events, l.body})
    if (!r.empty()) out.push_back(r);
  return out;
}

}  // namespace clscope::tui
