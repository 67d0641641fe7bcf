#include "tui/Render.hpp"

#include <algorithm>

#include "tui/Format.hpp"
#include "tui/RenderParts.hpp"
#include "tui/Verdict.hpp"

namespace clscope::tui {

namespace detail {

std::string pad_left(std::string s, int w) {
  const int n = text_width(s);
  if (n < w) s.insert(0, static_cast<std::size_t>(w - n), ' ');
  return s;
}

std::string fit_right(std::string s, int w) {
  const int n = text_width(s);
  if (n > w) {
    std::u32string u = decode_utf8(s);
    u.resize(static_cast<std::size_t>(std::max(0, w - 1)));
    s.clear();
    for (char32_t c : u) append_utf8(s, c);
    s += "…";
  } else {
    s.append(static_cast<std::size_t>(w - n), ' ');
  }
  return s;
}

int draw_line(Painter& p, int x, int y, const Line& line) {
  int col = x;
  for (const Span& s : line) {
    if (col >= p.width()) break;
    col += p.text(col, y, s.text, s.style);
  }
  return col - x;
}

void draw_title(Painter& p, std::string_view text, bool focused, std::string_view right) {
  const Style st = focused ? kTitleFocused : kTitle;
  p.fill_row(0, st);
  const int text_w = drawn_width(text, p.ascii());
  const int right_w = right.empty() ? 0 : drawn_width(right, p.ascii());
  // The title wins; the right-hand note only shows when both fit.
  if (right_w > 0 && 1 + text_w + 2 + right_w + 1 <= p.width()) p.text(p.width() - right_w - 1, 0, right, st);
  p.text_fit(1, 0, text, st, p.width() - 1);
}

void draw_header(Painter& p, const DashboardModel& m, const UiState& s) {
  const HeaderInfo& h = m.header;
  p.fill_row(0, kTitle);
  std::string right;
  if (h.uptime_s) right += "up " + format_elapsed(*h.uptime_s);
  std::string mode = h.mode;
  if (s.replay && mode.empty()) mode = "replay " + format_short(s.replay_speed) + "x";
  const int mode_w = mode.empty() ? 0 : drawn_width(mode, p.ascii()) + 2;
  const int right_w = drawn_width(right, p.ascii()) + 1;
  int x = p.width();
  if (mode_w > 0 && mode_w < p.width() / 2) {
    x -= mode_w;
    p.text(x, 0, " " + mode + " ", kTitleFocused);
  }
  if (!right.empty() && right_w + 20 < x) {
    x -= right_w;
    p.text(x, 0, right, kTitle);
  }
  std::string left = "clscope";
  for (const std::string* part : {&h.host, &h.device, &h.platform})
    if (!part->empty()) left += (p.ascii() ? "  |  " : "  │  ") + *part;
  p.text_fit(1, 0, left, kTitle, x - 2);

  if (p.height() < 2) return;
  // Second row: current phase and verdict of each workload.
  int col = 1;
  for (std::size_t i = 0; i < m.workloads.size(); ++i) {
    const WorkloadRow& w = m.workloads[i];
    Line chip;
    if (w.highlighted) chip.push_back({"!", kAlert});
    chip.push_back({w.name + " ", kBold});
    if (!w.running) {
      chip.push_back({"stopped", kDim});
    } else if (!w.verdict.empty()) {
      chip.push_back({w.verdict, verdict_style(w.verdict)});
    } else {
      chip.push_back({w.phase.empty() ? "starting" : w.phase, phase_style(w.phase)});
    }
    int chip_w = 0;
    for (const Span& sp : chip) chip_w += drawn_width(sp.text, p.ascii());
    const std::string more = "+" + std::to_string(m.workloads.size() - i) + " more";
    const bool last = i + 1 == m.workloads.size();
    if (col + chip_w + (last ? 0 : static_cast<int>(more.size()) + 2) > p.width()) {
      p.text(col, 1, more, kDim);
      break;
    }
    col += draw_line(p, col, 1, chip) + 3;
  }
}

void draw_footer(Painter& p, const DashboardModel& m, const UiState& s) {
  p.fill_row(0, kPlain);
  std::vector<std::pair<std::string, std::string>> hints;
  if (s.menu_open) {
    hints = {{"space", "Start/stop"}, {"Up/Dn", "Select"}, {"Esc", "Close"}, {"q", "Quit"}};
  } else if (s.view != View::kMain) {
    if (s.view == View::kProcesses)
      hints = {{"Esc", "Back"}, {"Up/Dn", "Scroll"}, {"i", "Reasons"}, {"?", "Help"},
               {"t", "Topology"}, {"d", "Details"}, {"q", "Quit"}};
    else
      hints = {{"Esc", "Back"}, {"Up/Dn", "Scroll"}, {"?", "Help"}, {"t", "Topology"},
               {"d", "Details"}, {"p", "Procs"}, {"q", "Quit"}};
    if (s.view == s.home) hints.erase(hints.begin());  // nowhere to go back to
  } else if (s.replay) {
    hints = {{"q", "Quit"}, {"?", "Help"}, {"space", s.paused ? "Play" : "Pause"},
             {".", "Step"}, {"<>", format_short(s.replay_speed) + "x"}, {"Tab", "Panel"},
             {"a", "Ack"}, {"t", "Topology"}, {"d", "Details"}, {"p", "Procs"}, {"i", "Reasons"}};
  } else {
    hints = {{"q", "Quit"}, {"?", "Help"}, {"space", s.paused ? "Resume" : "Pause"},
             {"Tab", "Panel"}, {"+-", format_short(s.refresh_s) + "s"}, {"a", "Ack"},
             {"w", "Workloads"}, {"t", "Topology"}, {"d", "Details"}, {"p", "Procs"},
             {"i", "Reasons"}, {"r", "Reset"}, {"m", "Mark"}};
  }
  std::string message = s.view == View::kMain ? selected_metric_reason(m, s) : std::string();
  if (message.empty()) message = m.status;
  int limit = p.width();
  if (!message.empty()) {
    const int msg_w = std::min(drawn_width(message, p.ascii()), p.width() / 2);
    limit = p.width() - msg_w - 1;
    p.text_fit(limit + 1, 0, message, kWarn, msg_w);
  }
  int x = 0;
  for (const auto& [key, label] : hints) {
    const int w = drawn_width(key, p.ascii()) + drawn_width(label, p.ascii()) + 1;
    if (x + w > limit) break;
    x += p.text(x, 0, key, kKeyHint);
    x += p.text(x, 0, " " + label, kPlain);
    x += 2;
  }
}

void draw_too_small(Painter& p, Size screen) {
  const std::string msg = "terminal " + std::to_string(screen.cols) + "x" +
                          std::to_string(screen.rows) + " is too small";
  const std::string need = "need " + std::to_string(kMinCols) + "x" + std::to_string(kMinRows);
  const int y = std::max(0, p.height() / 2 - 1);
  p.text_fit(std::max(0, (p.width() - static_cast<int>(msg.size())) / 2), y, msg, kBold,
             p.width());
  p.text_fit(std::max(0, (p.width() - static_cast<int>(need.size())) / 2), y + 1, need, kPlain,
             p.width());
}

}  // namespace detail

LayoutHints layout_hints(const DashboardModel& model) {
  LayoutHints h;
  h.workloads = static_cast<int>(model.workloads.size());
  h.device_rows = model.top_kernels ? std::max<int>(1, static_cast<int>(model.top_kernels->size()) + 1)
                                    : static_cast<int>(model.device.metrics.size()) + 1;
  return h;
}

int view_line_count(const DashboardModel& model, const UiState& state) {
  return static_cast<int>(detail::view_lines(model, state).size());
}

void render(const DashboardModel& model, const UiState& state, Canvas& canvas) {
  using namespace detail;
  canvas.clear();
  const Layout l = layout(canvas.size(), state, layout_hints(model));
  if (l.too_small) {
    Painter p(canvas, l.body, state.ascii);
    draw_too_small(p, canvas.size());
    return;
  }
  auto painter = [&](const Rect& r) { return Painter(canvas, r, state.ascii); };
  {
    Painter p = painter(l.header);
    draw_header(p, model, state);
  }
  if (state.view == View::kMain) {
    if (!l.workloads.empty()) {
      Painter p = painter(l.workloads);
      draw_workloads(p, model, state);
    }
    if (!l.device.empty()) {
      Painter p = painter(l.device);
      draw_device(p, model, state);
    }
    if (!l.charts.empty()) {
      Painter p = painter(l.charts);
      draw_charts(p, model, state);
    }
    if (!l.events.empty()) {
      Painter p = painter(l.events);
      draw_events(p, model, state);
    }
    if (!l.popup.empty()) {
      Painter p = painter(l.popup);
      draw_menu(p, model, state);
    }
  } else {
    Painter p = painter(l.body);
    draw_view(p, model, state);
  }
  {
    Painter p = painter(l.footer);
    draw_footer(p, model, state);
  }
}

}  // namespace clscope::tui
