// The charts panel: per-workload throughput with the warm-up -> steady marker
// and the verdict band, then core clock and host CPU.
#include <algorithm>

#include "tui/Chart.hpp"
#include "tui/Format.hpp"
#include "tui/RenderParts.hpp"
#include "tui/Verdict.hpp"

namespace clscope::tui::detail {

namespace {

constexpr int kWorkloadChartMin = 4;  // title, 2 plot rows, band
constexpr int kSystemChartMin = 3;    // title, 2 plot rows
constexpr Style kMarker{Color::kGreen, true, false, false};

void draw_workload_chart(Painter& p, const WorkloadRow& w, bool selected, bool ascii) {
  const int width = p.width();
  const auto& pts = w.history.points;
  std::vector<std::optional<double>> values;
  std::vector<std::string_view> verdicts;
  values.reserve(pts.size());
  verdicts.reserve(pts.size());
  for (const HistoryPoint& pt : pts) {
    values.push_back(pt.value);
    verdicts.push_back(pt.verdict);
  }
  const ChartGlyphs glyphs = ascii ? ChartGlyphs::kAscii : ChartGlyphs::kBraille;
  const ChartWindow win = chart_window(values.size(), width, glyphs);
  const std::optional<double> seen = max_value(values, win);
  const std::optional<double> top = seen && w.history.scale_max ? w.history.scale_max : seen;

  Line title;
  title.push_back({w.name, selected ? Style{Color::kCyan, true, false, false} : kBold});
  if (!w.history.unit.empty()) {  // the chart's own series: its latest point
    std::optional<double> latest;
    for (auto it = pts.rbegin(); it != pts.rend() && !latest; ++it) latest = it->value;
    if (latest) title.push_back({"  " + format_value(*latest) + " " + w.history.unit, kPlain});
  } else if (w.value) {
    title.push_back({"  " + format_value(*w.value) + " " + w.unit, kPlain});
  }
  if (w.history.steady_at_s)
    title.push_back({"  steady since " + format_elapsed(*w.history.steady_at_s), kMarker});
  else if (!w.phase.empty())
    title.push_back({"  " + w.phase, phase_style(w.phase)});
  std::string right;
  if (seen) right = "max " + format_value(*seen);
  if (!pts.empty() && win.first < pts.size()) {
    const double span = pts.back().t_s - pts[win.first].t_s;
    if (span > 0) right += (right.empty() ? "" : "  ") + format_elapsed(span);
  }
  int title_w = 0;
  for (const Span& sp : title) title_w += drawn_width(sp.text, ascii);
  const int right_w = drawn_width(right, ascii);
  const bool show_right = title_w + 2 + right_w <= width;
  Painter tp = p.sub(Rect{0, 0, show_right ? width - right_w - 1 : width, 1});
  draw_line(tp, 0, 0, title);
  if (show_right) p.text(width - right_w, 0, right, kDim);

  const Rect plot{0, 1, width, p.height() - 2};
  if (!top) {
    p.text_fit(1, 1, pts.empty() ? "no samples yet" : "no completed window yet", kDim, width - 1);
  } else {
    draw_area(p, plot, values, win, *top, glyphs, Style{Color::kCyan, false, false, false});
    // The marker goes over the area so it shows whatever the level.
    if (w.history.steady_at_s) {
      for (std::size_t i = win.first; i < pts.size(); ++i) {
        if (pts[i].t_s >= *w.history.steady_at_s) {
          draw_marker(p, plot, win.column(i), glyphs, kMarker);
          break;
        }
      }
    }
  }
  draw_verdict_band(p, p.height() - 1, verdicts, win, width);
}

void draw_series_chart(Painter& p, const Series& s, std::string_view default_label, bool ascii) {
  const int width = p.width();
  std::vector<std::optional<double>> values;
  values.reserve(s.points.size());
  for (const Series::Point& pt : s.points) values.push_back(pt.value);
  const ChartGlyphs glyphs = ascii ? ChartGlyphs::kAscii : ChartGlyphs::kBlocks;
  const ChartWindow win = chart_window(values.size(), width, glyphs);
  const std::optional<double> top_seen = max_value(values, win);
  std::optional<double> latest;
  for (auto it = s.points.rbegin(); it != s.points.rend() && !latest; ++it) latest = it->value;

  Line title;
  title.push_back({s.label.empty() ? std::string(default_label) : s.label, latest ? kBold : kDim});
  if (latest) {
    std::string txt = "  " + format_value(*latest) + " " + s.unit;
    if (s.max) txt += "  (max " + format_value(*s.max) + ")";
    title.push_back({txt, kPlain});
  } else {
    std::string why = s.unavailable_reason;
    if (why.empty()) why = s.points.empty() ? "no samples yet" : "not readable";
    title.push_back({"  n/a - " + why, kDim});
  }
  Painter tp = p.sub(Rect{0, 0, width, 1});
  draw_line(tp, 0, 0, title);
  if (!top_seen) return;
  const double y_max = s.max && *s.max > 0 ? std::max(*s.max, *top_seen) : *top_seen;
  draw_area(p, Rect{0, 1, width, p.height() - 1}, values, win, y_max, glyphs,
            Style{Color::kGreen, false, false, false});
}

}  // namespace

void draw_charts(Painter& panel, const DashboardModel& m, const UiState& s) {
  // One blank column separates the charts from the panel on their left.
  Painter p = panel.sub(Rect{1, 0, panel.width() - 1, panel.height()});
  const int h = p.height();
  const int n = static_cast<int>(m.workloads.size());
  const int sys_min = 2 * kSystemChartMin;
  // Which workload charts: all of them when they fit, else the selected one.
  int first = 0;
  int count = 0;
  bool system = false;
  if (n > 0 && h >= n * kWorkloadChartMin + sys_min) {
    count = n;
    system = true;
  } else if (n > 0 && h >= kWorkloadChartMin + sys_min) {
    first = std::clamp(s.selected_workload, 0, n - 1);
    count = 1;
    system = true;
  } else if (n > 0 && h >= kWorkloadChartMin) {
    first = std::clamp(s.selected_workload, 0, n - 1);
    count = 1;
  } else if (n == 0 && h >= sys_min) {
    system = true;
  }
  const int sys_h = system ? (count == 0 ? h / 2 : std::clamp(h / 6, kSystemChartMin, 8)) : 0;
  const int wl_total = h - 2 * sys_h;
  int y = 0;
  for (int k = 0; k < count; ++k) {
    const int ch = k + 1 == count ? wl_total - y : wl_total / count;
    const int i = first + k;
    Painter cp = p.sub(Rect{0, y, p.width(), ch});
    draw_workload_chart(cp, m.workloads[static_cast<std::size_t>(i)],
                        count > 1 && i == s.selected_workload, s.ascii);
    y += ch;
  }
  if (count == 0 && !system) {
    p.text_fit(1, 0, "no workloads yet", kDim, p.width() - 1);
    return;
  }
  if (system) {
    Painter c1 = p.sub(Rect{0, y, p.width(), sys_h});
    draw_series_chart(c1, m.clock_history, "Core clock", s.ascii);
    Painter c2 = p.sub(Rect{0, y + sys_h, p.width(), h - y - sys_h});
    draw_series_chart(c2, m.host_cpu_history, "Host CPU", s.ascii);
  }
}

}  // namespace clscope::tui::detail
