// The workloads table, the device panel and the event log.
#include <algorithm>
#include <cmath>
#include <functional>

#include "tui/Format.hpp"
#include "tui/RenderParts.hpp"
#include "tui/Verdict.hpp"

namespace clscope::tui::detail {

namespace {

const Span kNa{"n/a", kDim};

Span opt_cell(const std::optional<double>& v, const std::function<std::string(double)>& fmt) {
  if (!v) return kNa;
  return {fmt(*v), kPlain};
}

struct Column {
  std::string_view title;
  int width;
  bool right;
  int priority;  // lower survives longer on narrow screens
  std::function<Span(const WorkloadRow&)> cell;
};

constexpr int kGutter = 2;  // selection mark, off-GPU mark
constexpr int kNameMin = 8;
constexpr int kNameMax = 20;

std::vector<Column> all_columns(bool short_verdict, bool solo) {
  std::vector<Column> cols = {
      {"VERDICT", short_verdict ? 9 : 14, false, 1,
       [short_verdict](const WorkloadRow& w) -> Span {
         if (w.verdict.empty()) return {"-", kDim};
         return {std::string(short_verdict ? verdict_short(w.verdict) : w.verdict),
                 verdict_style(w.verdict)};
       }},
      {"ACHIEVED", 13, true, 2,
       [](const WorkloadRow& w) -> Span {
         if (!w.value) return kNa;
         return {format_value(*w.value) + " " + w.unit, kBold};
       }},
      {"PHASE", 9, false, 3,
       [](const WorkloadRow& w) -> Span {
         if (!w.running) return {"stopped", kDim};
         if (w.phase.empty()) return {"-", kDim};
         return {w.phase, phase_style(w.phase)};
       }},
      {"%CEIL", 5, true, 5,
       [](const WorkloadRow& w) {
         return opt_cell(w.pct_of_ceiling, [](double v) { return format_pct(v) + "%"; });
       }},
      {"BUSY", 5, true, 6,
       [](const WorkloadRow& w) {
         return opt_cell(w.device_busy_pct, [](double v) { return format_pct(v) + "%"; });
       }},
      {"DISPATCH", 8, true, 7,
       [](const WorkloadRow& w) { return opt_cell(w.dispatch_us, format_us); }},
      {"API", 5, true, 8,
       [](const WorkloadRow& w) {
         return opt_cell(w.host_api_pct, [](double v) { return format_pct(v) + "%"; });
       }},
      {"P99", 7, true, 9,
       [](const WorkloadRow& w) -> Span {
         if (!w.p99_ms) return {"", kPlain};  // not a request workload
         return {format_ms(*w.p99_ms), kPlain};
       }},
      {"KIND", 10, false, 10, [](const WorkloadRow& w) -> Span { return {w.kind, kDim}; }},
  };
  // Its level alone (runs with several workloads), beside the achieved one.
  if (solo)
    cols.insert(cols.begin() + 2, Column{"SOLO", 8, true, 4, [](const WorkloadRow& w) -> Span {
                                           if (!w.solo_level) return {"-", kDim};
                                           return {format_value(*w.solo_level), kPlain};
                                         }});
  return cols;
}

// Columns that fit `width` after the gutter and the name, chosen most
// important first, returned in display order.
std::vector<Column> choose_columns(int width, int name_w, bool short_verdict, bool solo) {
  const std::vector<Column> cols = all_columns(short_verdict, solo);
  std::vector<int> order(cols.size());
  for (std::size_t i = 0; i < cols.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return cols[static_cast<std::size_t>(a)].priority < cols[static_cast<std::size_t>(b)].priority; });
  std::vector<bool> take(cols.size(), false);
  int used = kGutter + name_w;
  for (int i : order) {
    const Column& c = cols[static_cast<std::size_t>(i)];
    if (used + 1 + c.width > width) continue;
    used += 1 + c.width;
    take[static_cast<std::size_t>(i)] = true;
  }
  std::vector<Column> out;
  for (std::size_t i = 0; i < cols.size(); ++i)
    if (take[i]) out.push_back(cols[i]);
  return out;
}

// Full verdict names unless short ones let more columns fit.
std::vector<Column> fit_columns(int width, int name_w, bool solo) {
  std::vector<Column> full = choose_columns(width, name_w, false, solo);
  std::vector<Column> brief = choose_columns(width, name_w, true, solo);
  return brief.size() > full.size() ? brief : full;
}

}  // namespace

void draw_workloads(Painter& p, const DashboardModel& m, const UiState& s) {
  const bool focused = s.focus == Focus::kWorkloads && !s.menu_open;
  int name_w = kNameMin;
  for (const WorkloadRow& w : m.workloads)
    name_w = std::max(name_w, std::min(kNameMax, drawn_width(w.name, p.ascii())));
  name_w = std::min(name_w, std::max(4, p.width() - kGutter - 10));
  const bool solo = std::any_of(m.workloads.begin(), m.workloads.end(),
                                [](const WorkloadRow& w) { return w.solo_level.has_value(); });
  std::vector<Column> cols = fit_columns(p.width(), name_w, solo);
  int used = kGutter + name_w;
  for (const Column& c : cols) used += 1 + c.width;
  name_w += std::min(std::max(0, p.width() - used), std::max(0, kNameMax - name_w));

  const Style title = focused ? kTitleFocused : kTitle;
  p.fill_row(0, title);
  p.text(kGutter, 0, "WORKLOAD", title, name_w);
  int x = kGutter + name_w;
  for (const Column& c : cols) {
    x += 1;
    if (c.right)
      p.text_right(x, 0, c.title, title, c.width);
    else
      p.text(x, 0, c.title, title, c.width);
    x += c.width;
  }

  if (m.workloads.empty()) {
    std::string msg = "no workloads yet";
    if (!m.header.mode.empty()) msg += " (" + m.header.mode + ")";
    p.text_fit(kGutter, 1, msg, kDim, p.width() - kGutter);
    return;
  }
  const int visible = p.height() - 1;
  const int first = std::max(0, s.selected_workload - visible + 1);
  for (int row = 0; row < visible; ++row) {
    const int i = first + row;
    if (i >= static_cast<int>(m.workloads.size())) break;
    const WorkloadRow& w = m.workloads[static_cast<std::size_t>(i)];
    const int y = 1 + row;
    const bool selected = i == s.selected_workload;
    const bool alert = w.highlighted;
    if (alert) p.fill_row(y, kAlert);
    auto style = [&](Style st) {
      if (alert) return kAlert;
      if (!w.running) st.dim = true;
      if (selected && focused) st.bold = true;
      return st;
    };
    if (selected) p.put(0, y, p.ascii() ? U'>' : U'▶', alert ? kAlert : kAccent);
    if (alert) p.put(1, y, U'!', kAlert);
    p.text_fit(kGutter, y, w.name, style(kPlain), name_w);
    int cx = kGutter + name_w;
    for (const Column& c : cols) {
      cx += 1;
      const Span cell = c.cell(w);
      if (c.right)
        p.text_right(cx, y, cell.text, style(cell.style), c.width);
      else
        p.text_fit(cx, y, cell.text, style(cell.style), c.width);
      cx += c.width;
    }
  }
}

std::string selected_metric_reason(const DashboardModel& m, const UiState& s) {
  if (s.focus != Focus::kDevice || s.menu_open || m.top_kernels) return {};
  const auto i = static_cast<std::size_t>(s.selected_metric);
  if (i < m.device.metrics.size()) {
    const MetricRow& r = m.device.metrics[i];
    if (r.available()) return {};
    return r.label + ": " + (r.unavailable_reason.empty() ? "not readable" : r.unavailable_reason);
  }
  if (i == m.device.metrics.size() && !m.device.throttle_reasons)
    return "Throttle: " + (m.device.throttle_unavailable_reason.empty()
                               ? std::string("not readable")
                               : m.device.throttle_unavailable_reason);
  return {};
}

namespace {

void draw_gauge(Painter& p, int x, int y, int w, double frac) {
  if (w < 3) return;
  frac = std::clamp(frac, 0.0, 1.0);
  if (p.ascii()) {
    const int inner = w - 2;
    const int full = static_cast<int>(std::lround(frac * inner));
    p.put(x, y, U'[', kDim);
    for (int i = 0; i < inner; ++i) p.put(x + 1 + i, y, i < full ? U'#' : U'.', i < full ? kAccent : kDim);
    p.put(x + w - 1, y, U']', kDim);
    return;
  }
  static constexpr char32_t kEighths[8] = {U' ', U'▏', U'▎', U'▍', U'▌', U'▋', U'▊', U'▉'};
  const int eighths = static_cast<int>(std::lround(frac * w * 8));
  for (int i = 0; i < w; ++i) {
    const int e = std::clamp(eighths - i * 8, 0, 8);
    if (e == 8)
      p.put(x + i, y, U'█', kAccent);
    else if (e > 0)
      p.put(x + i, y, kEighths[e], kAccent);
    else
      p.put(x + i, y, U'·', kDim);
  }
}

}  // namespace

void draw_device(Painter& p, const DashboardModel& m, const UiState& s) {
  if (m.top_kernels) {
    draw_top_kernels(p, *m.top_kernels, s);
    return;
  }
  const bool focused = s.focus == Focus::kDevice && !s.menu_open;
  draw_title(p, "DEVICE", focused, s.show_reasons ? "i: reasons on" : "");
  const std::size_t n = m.device.metrics.size() + 1;
  int label_w = 8;
  for (const MetricRow& r : m.device.metrics)
    label_w = std::max(label_w, std::min(14, drawn_width(r.label, p.ascii())));
  const int visible = p.height() - 1;
  const int first = std::max(0, (focused ? s.selected_metric : 0) - visible + 1);
  for (int row = 0; row < visible; ++row) {
    const auto i = static_cast<std::size_t>(first + row);
    if (i >= n) break;
    const int y = 1 + row;
    const bool selected = focused && static_cast<int>(i) == s.selected_metric;
    if (selected) p.put(0, y, p.ascii() ? U'>' : U'▶', kAccent);
    const int vx = 2 + label_w + 1;
    const int vw = p.width() - vx;
    if (i == m.device.metrics.size()) {  // throttle reasons
      const auto& t = m.device.throttle_reasons;
      p.text(2, y, "Throttle", t ? kPlain : kDim, label_w);
      if (!t) {
        std::string txt = "n/a";
        if (s.show_reasons || selected)
          txt += " - " + (m.device.throttle_unavailable_reason.empty()
                              ? std::string("not readable")
                              : m.device.throttle_unavailable_reason);
        p.text_fit(vx, y, txt, kDim, vw);
      } else if (t->empty()) {
        p.text(vx, y, "none", kGood, vw);
      } else {
        std::string joined;
        for (const std::string& r : *t) joined += (joined.empty() ? "" : ", ") + r;
        p.text_fit(vx, y, joined, kWarn, vw);
      }
      continue;
    }
    const MetricRow& r = m.device.metrics[i];
    if (!r.available()) {
      p.text_fit(2, y, r.label, kDim, label_w);
      std::string txt = "n/a";
      if (s.show_reasons || selected)
        txt += " - " + (r.unavailable_reason.empty() ? std::string("not readable")
                                                     : r.unavailable_reason);
      p.text_fit(vx, y, txt, kDim, vw);
      continue;
    }
    p.text_fit(2, y, r.label, kPlain, label_w);
    std::string txt;
    if (!r.text.empty()) {
      txt = r.text;
    } else {
      txt = format_value(*r.value);
      if (r.max) txt += "/" + format_value(*r.max);
      if (!r.unit.empty()) txt += " " + r.unit;
    }
    const int used = p.text_fit(vx, y, txt, kBold, vw);
    const int gauge_w = std::min(12, vw - used - 1);
    if (r.value && r.max && *r.max > 0 && gauge_w >= 4)
      draw_gauge(p, p.width() - gauge_w, y, gauge_w, *r.value / *r.max);
  }
}

namespace {

std::string short_type(const std::string& type) {
  if (type == "bottleneck-shift") return "shift";
  if (type == "steady-state") return "steady";
  if (type == "regime-shift") return "regime";
  if (type == "ceilings-untrusted") return "untrusted";
  return type;
}

Style event_style(const EventEntry& e) {
  if (e.off_gpu && !e.acknowledged) return kAlert;
  if (e.off_gpu) return {Color::kRed, true, false, false};
  if (e.type == "error") return {Color::kRed, true, false, false};
  if (e.type == "steady-state") return kGood;
  if (e.type == "regime-shift") return {Color::kMagenta, false, false, false};
  if (e.type == "marker") return kAccent;
  if (e.type == "ceilings-untrusted") return kWarn;
  return kPlain;
}

}  // namespace

void draw_events(Painter& p, const DashboardModel& m, const UiState& s) {
  const bool focused = s.focus == Focus::kEvents && !s.menu_open;
  int unacked = 0;
  for (const EventEntry& e : m.events) unacked += e.off_gpu && !e.acknowledged ? 1 : 0;
  std::string right;
  if (unacked > 0) right = std::to_string(unacked) + " off-GPU shift" + (unacked > 1 ? "s" : "") + " - a: acknowledge";
  if (s.event_scroll > 0) right = "scrolled back " + std::to_string(s.event_scroll);
  draw_title(p, "EVENTS (" + std::to_string(m.events.size()) + ")", focused, right);
  const int visible = p.height() - 1;
  if (m.events.empty()) {
    p.text(2, 1, "no events yet", kDim);
    return;
  }
  const int n = static_cast<int>(m.events.size());
  const int end = std::max(0, n - std::clamp(s.event_scroll, 0, n - 1));
  const int begin = std::max(0, end - visible);
  const bool wide = p.width() >= 100;
  const int type_w = wide ? 16 : p.width() >= 60 ? 6 : 0;  // narrow: colour tells the type
  int wl_w = 0;
  for (int i = begin; i < end; ++i)
    wl_w = std::max(wl_w, std::min(12, drawn_width(m.events[static_cast<std::size_t>(i)].workload, p.ascii())));
  for (int i = begin; i < end; ++i) {
    const EventEntry& e = m.events[static_cast<std::size_t>(i)];
    const int y = 1 + (i - begin);
    const Style st = event_style(e);
    if (st.reverse) p.fill_row(y, st);
    if (e.off_gpu && !e.acknowledged) p.put(0, y, U'!', st);
    int x = 2;
    p.text_right(x, y, format_elapsed(e.t_s), st.reverse ? st : kDim, 7);
    x += 8;
    if (type_w > 0) {
      p.text_fit(x, y, wide ? e.type : short_type(e.type), st, type_w);
      x += type_w + 1;
    }
    if (wl_w > 0) {
      p.text_fit(x, y, e.workload, st.reverse ? st : kBold, wl_w);
      x += wl_w + 1;
    }
    p.text_fit(x, y, e.text, st, p.width() - x);
  }
}

}  // namespace clscope::tui::detail
