// Full-screen views (help, topology, device details; processes in
// RenderProcesses.cpp) and the workloads menu.
#include <algorithm>

#include "tui/RenderParts.hpp"
#include "tui/Verdict.hpp"

namespace clscope::tui::detail {

namespace {

std::string pad(std::string_view s, std::size_t w) {
  std::string out(s);
  if (out.size() < w) out.append(w - out.size(), ' ');
  return out;
}

std::vector<Line> help_lines(const UiState& s) {
  std::vector<Line> out;
  out.push_back({{s.replay ? "Keys (replay)" : "Keys", kBold}});
  for (const KeyBinding& b : key_bindings()) {
    if ((b.replay_only && !s.replay) || (b.live_only && s.replay)) continue;
    out.push_back({{"  " + pad(b.keys, 16), kAccent}, {std::string(b.description), kPlain}});
  }
  out.push_back({});
  out.push_back({{"Verdicts (what limits each workload now)", kBold}});
  static constexpr std::string_view kMeaning[] = {
      "device busy, near the measured compute ceiling",
      "device busy, near the measured memory bandwidth ceiling",
      "device busy, far below both ceilings",
      "clocks held below their maximum by power/thermal limits",
      "OFF GPU: time dominated by host<->device copies",
      "OFF GPU: device idle between short kernels (submission overhead)",
      "OFF GPU: device waits on CPU work of the host process",
      "OFF GPU: device idle because no work arrives",
      "device busy, limiting unit unknown (observed program)",
      "well below its solo level while another workload runs",
      "not enough evidence yet"};
  for (std::size_t i = 0; i < kVerdictNames.size(); ++i) {
    const std::string_view v = kVerdictNames[i];
    out.push_back({{"  ", kPlain}, {std::string(v), verdict_style(v)},
                   {pad("", 16 - v.size()) + std::string(kMeaning[i]), kPlain}});
  }
  out.push_back({{"  Off-GPU shifts stay highlighted (!) until acknowledged with a.", kPlain}});
  out.push_back({});
  out.push_back({{"Phases of a series", kBold}});
  out.push_back({{"  warming", phase_style("warming")}, {"    not settled yet; excluded from steady figures", kPlain}});
  out.push_back({{"  steady", phase_style("steady")}, {"     settled: the chart marks where warm-up ended", kPlain}});
  out.push_back({{"  shifted", phase_style("shifted")}, {"    settled again at a different level", kPlain}});
  out.push_back({{"  unsettled", phase_style("unsettled")}, {"  drifting, no steady level", kPlain}});
  out.push_back({});
  out.push_back({{"Reading the screen", kBold}});
  out.push_back({{"  n/a", kDim}, {"        not readable on this node; i (or selecting the row) shows why", kPlain}});
  out.push_back({{"  !", kAlert}, {"          an off-GPU shift not yet acknowledged (a)", kPlain}});
  out.push_back({{s.ascii ? "  |" : "  ┆", {Color::kGreen, true, false, false}},
                 {"          on a chart: warm-up -> steady point", kPlain}});
  out.push_back({{"  band", kBold}, {"       under a chart: the verdict of each window", kPlain}});
  out.push_back({});
  out.push_back({{"Options: --no-color (or NO_COLOR set), --ascii (no UTF-8 glyphs)", kDim}});
  return out;
}

std::vector<Line> topology_lines(const DashboardModel& m, const UiState& s) {
  std::vector<Line> out;
  const TopologyInfo& t = m.topology;
  out.push_back({{"Path from the CPU to the device", kBold}});
  if (!t.path) {
    out.push_back({{"  n/a - " + (t.path_unavailable_reason.empty() ? std::string("not readable")
                                                                     : t.path_unavailable_reason),
                    kDim}});
  } else if (t.path->empty()) {
    out.push_back({{"  (empty path)", kDim}});
  } else {
    for (std::size_t i = 0; i < t.path->size(); ++i) {
      const PathNode& node = (*t.path)[i];
      Line l;
      std::string prefix(2 + 3 * (i == 0 ? 0 : i - 1), ' ');
      if (i > 0) prefix += s.ascii ? "`- " : "└─ ";
      l.push_back({prefix, kDim});
      l.push_back({node.label, kPlain});
      if (!node.link.empty()) l.push_back({"  " + node.link, kAccent});
      if (node.slowest_link) l.push_back({s.ascii ? "  <- slowest link" : "  ◀ slowest link", kWarn});
      out.push_back(std::move(l));
    }
  }
  out.push_back({});
  out.push_back({{"Thread bindings", kBold}});
  if (!t.bindings) {
    out.push_back({{"  n/a - " + (t.bindings_unavailable_reason.empty() ? std::string("not readable")
                                                                         : t.bindings_unavailable_reason),
                    kDim}});
  } else if (t.bindings->empty()) {
    out.push_back({{"  no workload threads", kDim}});
  } else {
    std::size_t w = 8;
    for (const ThreadBinding& b : *t.bindings) w = std::max(w, std::min<std::size_t>(b.thread.size(), 28));
    for (const ThreadBinding& b : *t.bindings)
      out.push_back({{"  " + pad(b.thread, w) + "  ", kPlain}, {"cpus " + b.cpulist, kAccent}});
  }
  return out;
}

std::vector<Line> detail_lines(const DashboardModel& m) {
  std::vector<Line> out;
  if (m.device_details.empty()) {
    out.push_back({{"no device details yet", kDim}});
    return out;
  }
  std::size_t w = 8;
  for (const KeyValue& kv : m.device_details) w = std::max(w, std::min<std::size_t>(kv.key.size(), 30));
  for (const KeyValue& kv : m.device_details)
    out.push_back({{pad(kv.key, w) + "  ", kDim}, {kv.value, kPlain}});
  return out;
}

}  // namespace

std::vector<Line> view_lines(const DashboardModel& m, const UiState& s, int width) {
  switch (s.view) {
    case View::kProcesses: return process_lines(m, s, width);
    case View::kHelp: return help_lines(s);
    case View::kTopology: return topology_lines(m, s);
    case View::kDeviceDetails: return detail_lines(m);
    case View::kMain: break;
  }
  return {};
}

void draw_view(Painter& p, const DashboardModel& m, const UiState& s) {
  const char* title = s.view == View::kHelp        ? "HELP"
                      : s.view == View::kTopology  ? "TOPOLOGY"
                      : s.view == View::kProcesses ? "PROCESSES"
                                                   : "DEVICE DETAILS";
  const std::vector<Line> lines = view_lines(m, s, p.width() - 1);
  const int visible = p.height() - 1;
  const int first = std::clamp(s.view_scroll, 0, std::max(0, static_cast<int>(lines.size()) - 1));
  std::string right = s.view == s.home ? "" : "Esc: back";
  if (static_cast<int>(lines.size()) > visible)
    right = "lines " + std::to_string(first + 1) + "-" +
            std::to_string(std::min<int>(first + visible, static_cast<int>(lines.size()))) + " of " +
            std::to_string(lines.size()) + (right.empty() ? "" : "  " + right);
  draw_title(p, title, true, right);
  for (int row = 0; row < visible; ++row) {
    const auto i = static_cast<std::size_t>(first + row);
    if (i >= lines.size()) break;
    draw_line(p, 1, 1 + row, lines[i]);
  }
}

void draw_menu(Painter& p, const DashboardModel& m, const UiState& s) {
  const bool a = p.ascii();
  const Style frame = kAccent;
  p.fill(Rect{0, 0, p.width(), p.height()}, U' ', kPlain);
  const int w = p.width();
  const int h = p.height();
  for (int x = 1; x < w - 1; ++x) {
    p.put(x, 0, a ? U'-' : U'─', frame);
    p.put(x, h - 1, a ? U'-' : U'─', frame);
  }
  for (int y = 1; y < h - 1; ++y) {
    p.put(0, y, a ? U'|' : U'│', frame);
    p.put(w - 1, y, a ? U'|' : U'│', frame);
  }
  p.put(0, 0, a ? U'+' : U'┌', frame);
  p.put(w - 1, 0, a ? U'+' : U'┐', frame);
  p.put(0, h - 1, a ? U'+' : U'└', frame);
  p.put(w - 1, h - 1, a ? U'+' : U'┘', frame);
  p.text(2, 0, " Workloads ", kBold, w - 4);
  Painter in = p.sub(Rect{1, 1, w - 2, h - 2});
  if (m.workloads.empty()) {
    in.text(1, 0, "no workloads", kDim);
    return;
  }
  const int visible = in.height() - 1;
  const int first = std::max(0, s.menu_selected - visible + 1);
  for (int row = 0; row < visible; ++row) {
    const int i = first + row;
    if (i >= static_cast<int>(m.workloads.size())) break;
    const WorkloadRow& wl = m.workloads[static_cast<std::size_t>(i)];
    const bool running = i < static_cast<int>(s.workload_running.size())
                             ? static_cast<bool>(s.workload_running[static_cast<std::size_t>(i)])
                             : wl.running;
    Style st = i == s.menu_selected ? Style{Color::kCyan, true, false, true} : kPlain;
    if (i == s.menu_selected) in.fill_row(row, st);
    std::string line = std::string(running ? "[x] " : "[ ] ") + wl.name;
    in.text_fit(1, row, line, st, in.width() - 12);
    in.text_right(in.width() - 10, row, running ? "running" : "stopped",
                  i == s.menu_selected ? st : (running ? kGood : kDim), 9);
  }
  in.text_fit(1, in.height() - 1, "space/Enter: start/stop   Esc: close", kDim, in.width() - 2);
}

}  // namespace clscope::tui::detail
