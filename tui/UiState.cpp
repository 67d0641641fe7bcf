#include "tui/UiState.hpp"

#include <algorithm>

#include "tui/Layout.hpp"
#include "tui/Model.hpp"
#include "tui/Render.hpp"

namespace clscope::tui {

namespace {

constexpr int kPageRows = 10;

int clamp_index(int i, int count) { return count <= 0 ? 0 : std::clamp(i, 0, count - 1); }

// Next step up or down from `current` in a sorted list; `current` itself when
// already at the end.
double step(const std::vector<double>& steps, double current, bool up) {
  if (up) {
    for (double s : steps)
      if (s > current + 1e-9) return s;
    return steps.back();
  }
  for (auto it = steps.rbegin(); it != steps.rend(); ++it)
    if (*it < current - 1e-9) return *it;
  return steps.front();
}

Focus next_focus(Focus f, bool forward) {
  static constexpr Focus kOrder[] = {Focus::kWorkloads, Focus::kDevice, Focus::kEvents};
  int i = 0;
  while (kOrder[i] != f) ++i;
  i = (i + (forward ? 1 : 2)) % 3;
  return kOrder[i];
}

void toggle_view(UiState& s, View v) {
  s.view = s.view == v ? s.home : v;
  s.view_scroll = 0;
}

// Up/down/page keys inside the main view move the focused panel's selection.
void move_selection(UiState& s, int delta) {
  switch (s.focus) {
    case Focus::kWorkloads:
      s.selected_workload = clamp_index(s.selected_workload + delta, s.workload_count);
      break;
    case Focus::kDevice:
      s.selected_metric = clamp_index(s.selected_metric + delta, s.metric_count);
      break;
    case Focus::kEvents:
      // Down goes towards the newest events (scroll 0).
      s.event_scroll = std::clamp(s.event_scroll - delta, 0, std::max(0, s.event_count - 1));
      break;
  }
}

Action handle_menu_key(int key, UiState& s) {
  switch (key) {
    case kKeyUp:
      s.menu_selected = clamp_index(s.menu_selected - 1, s.workload_count);
      return {};
    case kKeyDown:
    case kKeyTab:
      s.menu_selected = clamp_index(s.menu_selected + 1, s.workload_count);
      return {};
    case kKeySpace:
    case kKeyEnter: {
      if (s.workload_count <= 0) return {};
      const int i = clamp_index(s.menu_selected, s.workload_count);
      const bool running = i < static_cast<int>(s.workload_running.size()) && s.workload_running[i];
      if (i < static_cast<int>(s.workload_running.size())) s.workload_running[i] = !running;
      return {running ? ActionType::kStopWorkload : ActionType::kStartWorkload, i, 0};
    }
    case kKeyEscape:
    case 'w':
      s.menu_open = false;
      return {};
    case 'q':
    case kKeyF10:
      return {ActionType::kQuit, -1, 0};
    default:
      return {};
  }
}

}  // namespace

const std::vector<double>& refresh_steps_s() {
  static const std::vector<double> kSteps = {0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0};
  return kSteps;
}

const std::vector<double>& replay_speeds() {
  static const std::vector<double> kSpeeds = {0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0};
  return kSpeeds;
}

const std::vector<KeyBinding>& key_bindings() {
  static const std::vector<KeyBinding> kBindings = {
      {"q  F10", "quit", false, false},
      {"?  F1  h", "help (this screen); again or Esc to go back", false, false},
      {"Esc", "back to the main view / close the menu", false, false},
      {"space", "pause / resume the workloads", false, true},
      {"space", "pause / resume playback", true, false},
      {".  n", "step one window forward (while paused)", true, false},
      {"<  >", "playback speed down / up (0.25x .. 16x)", true, false},
      {"Tab  Shift-Tab", "focus next / previous panel (workloads, device, events)", false, false},
      {"Left  Right", "focus previous / next panel", false, false},
      {"Up  Down", "move the selection in the focused panel; scroll views", false, false},
      {"PgUp  PgDn", "move / scroll by a page", false, false},
      {"Home  End", "first / last row; top / bottom of a view", false, false},
      {"+  -", "refresh period longer / shorter (0.25 s .. 10 s, default 1 s)", false, false},
      {"r", "reset statistics", false, true},
      {"m", "put a marker in the event log and the recording", false, true},
      {"a", "acknowledge highlighted off-GPU shifts", false, false},
      {"i", "show / hide why unavailable metrics are unavailable", false, false},
      {"w", "workloads menu: start / stop each workload", false, true},
      {"t", "topology: CPU/NUMA -> device path, links, thread bindings", false, false},
      {"d", "device details view", false, false},
      {"p", "processes using the device: use, CPU, threads, NUMA (watch: verdicts)", false, false},
  };
  return kBindings;
}

namespace {
int max_view_scroll(const UiState& s) { return std::max(0, s.view_lines - std::max(1, s.view_page_rows)); }
}  // namespace

void sync_state(UiState& s, const DashboardModel& m, Size screen) {
  s.workload_count = static_cast<int>(m.workloads.size());
  s.metric_count = m.top_kernels ? static_cast<int>(m.top_kernels->size())
                                 : static_cast<int>(m.device.metrics.size()) + 1;  // + throttle row
  s.event_count = static_cast<int>(m.events.size());
  s.workload_running.assign(m.workloads.size(), false);
  for (std::size_t i = 0; i < m.workloads.size(); ++i) s.workload_running[i] = m.workloads[i].running;
  s.selected_workload = clamp_index(s.selected_workload, s.workload_count);
  s.selected_metric = clamp_index(s.selected_metric, s.metric_count);
  s.menu_selected = clamp_index(s.menu_selected, s.workload_count);
  s.event_scroll = std::clamp(s.event_scroll, 0, std::max(0, s.event_count - 1));
  s.view_lines = s.view == View::kMain ? 0 : view_line_count(m, s);
  if (screen.cols > 0 && screen.rows > 0) {
    UiState as_view = s;
    as_view.view = View::kHelp;
    s.view_page_rows = std::max(1, layout(screen, as_view).body.h - 1);  // minus the title row
  }
  s.view_scroll = std::clamp(s.view_scroll, 0, max_view_scroll(s));
  s.refresh_s = std::clamp(s.refresh_s, kMinRefreshS, kMaxRefreshS);
  s.replay_speed = std::clamp(s.replay_speed, kMinReplaySpeed, kMaxReplaySpeed);
}

Action handle_key(int key, UiState& s) {
  if (s.menu_open) return handle_menu_key(key, s);

  switch (key) {
    case 'q':
    case kKeyF10:
      return {ActionType::kQuit, -1, 0};
    case '?':
    case 'h':
    case kKeyF1:
      toggle_view(s, View::kHelp);
      return {};
    case 't':
      toggle_view(s, View::kTopology);
      return {};
    case 'd':
      toggle_view(s, View::kDeviceDetails);
      return {};
    case 'p':
      toggle_view(s, View::kProcesses);
      return {};
    case kKeyEscape:
      s.view = s.home;
      s.view_scroll = 0;
      return {};
    case kKeySpace:
      s.paused = !s.paused;
      return {ActionType::kTogglePause, -1, 0};
    case '+':
    case '=':
    case '-': {
      const double next = step(refresh_steps_s(), s.refresh_s, key != '-');
      if (next == s.refresh_s) return {};
      s.refresh_s = next;
      return {ActionType::kSetRefresh, -1, next};
    }
    case 'a':
      return {ActionType::kAcknowledge, -1, 0};
    case 'i':
      s.show_reasons = !s.show_reasons;
      return {};
    default:
      break;
  }

  if (s.replay) {
    switch (key) {
      case '.':
      case 'n':
        return {ActionType::kStepForward, -1, 0};
      case '<':
      case '>': {
        const double next = step(replay_speeds(), s.replay_speed, key == '>');
        if (next == s.replay_speed) return {};
        s.replay_speed = next;
        return {key == '>' ? ActionType::kSpeedUp : ActionType::kSpeedDown, -1, next};
      }
      default:
        break;
    }
  } else {
    switch (key) {
      case 'r':
        return {ActionType::kResetStats, -1, 0};
      case 'm':
        return {ActionType::kMarker, -1, 0};
      case 'w':
        if (s.view != View::kMain) return {};  // the menu is drawn over the main view only
        s.menu_open = true;
        s.menu_selected = clamp_index(s.selected_workload, s.workload_count);
        return {};
      default:
        break;
    }
  }

  const int delta = key == kKeyUp ? -1 : key == kKeyDown ? 1 : key == kKeyPageUp ? -kPageRows
                    : key == kKeyPageDown ? kPageRows : 0;
  if (s.view != View::kMain) {
    if (delta != 0) s.view_scroll = std::clamp(s.view_scroll + delta, 0, max_view_scroll(s));
    if (key == kKeyHome) s.view_scroll = 0;
    if (key == kKeyEnd) s.view_scroll = max_view_scroll(s);
    return {};
  }
  switch (key) {
    case kKeyTab:
    case kKeyRight:
      s.focus = next_focus(s.focus, true);
      return {};
    case kKeyBackTab:
    case kKeyLeft:
      s.focus = next_focus(s.focus, false);
      return {};
    case kKeyHome:
      move_selection(s, -1'000'000);
      return {};
    case kKeyEnd:
      move_selection(s, 1'000'000);
      return {};
    default:
      if (delta != 0) move_selection(s, delta);
      return {};
  }
}

}  // namespace clscope::tui
