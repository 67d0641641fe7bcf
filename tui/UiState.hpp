#pragma once
// What the operator has chosen on the dashboard (view, focus, selection,
// refresh period, replay speed), the keys that change it, and the actions the
// application must carry out. handle_key() is pure: no curses, no clock, so
// key -> action -> state is tested without a terminal.
//
// Thread safety: none; the UI thread owns the UiState.
#include <string_view>
#include <vector>

#include "tui/Canvas.hpp"

namespace clscope::tui {

struct DashboardModel;

/// Key codes: printable keys are their ASCII code; special keys are below.
/// Screen translates curses key codes into these.
enum Key : int {
  kKeyNone = -1,
  kKeyTab = 9,
  kKeyEnter = 10,
  kKeyEscape = 27,
  kKeySpace = 32,
  kKeyUp = 0x110000,  // past the last Unicode code point
  kKeyDown,
  kKeyLeft,
  kKeyRight,
  kKeyBackTab,
  kKeyPageUp,
  kKeyPageDown,
  kKeyHome,
  kKeyEnd,
  kKeyF1,
  kKeyF10,
  kKeyResize,
};

enum class View { kMain, kHelp, kTopology, kDeviceDetails, kProcesses };
enum class Focus { kWorkloads, kDevice, kEvents };

inline constexpr double kMinRefreshS = 0.25;
inline constexpr double kMaxRefreshS = 10.0;
inline constexpr double kDefaultRefreshS = 1.0;
inline constexpr double kMinReplaySpeed = 0.25;
inline constexpr double kMaxReplaySpeed = 16.0;

struct UiState {
  View view = View::kMain;
  /// Where Esc (and a view's key pressed again) goes back to: the main view,
  /// or for `clscope watch` the processes view.
  View home = View::kMain;
  Focus focus = Focus::kWorkloads;
  int selected_workload = 0;
  int selected_metric = 0;  ///< row of the device panel (metrics, then throttle)
  int event_scroll = 0;     ///< events scrolled back from the newest
  int view_scroll = 0;      ///< first line shown in help / topology / details
  bool show_reasons = false;  ///< show every unavailable metric's reason inline
  bool menu_open = false;     ///< the workloads start/stop menu
  int menu_selected = 0;
  double refresh_s = kDefaultRefreshS;
  bool paused = false;  ///< workloads (or replay) paused by the operator
  bool ascii = false;   ///< draw with ASCII only (--ascii, or no UTF-8 locale)

  bool replay = false;  ///< replaying a recording: step and speed keys apply
  double replay_speed = 1.0;

  // Filled from the model by sync_state(); handle_key() uses them to clamp.
  int workload_count = 0;
  int metric_count = 0;  ///< device panel rows, throttle row included (or its kernel rows)
  int event_count = 0;
  int view_lines = 0;      ///< lines of the current non-main view
  int view_page_rows = 1;  ///< lines a view shows at once (from the screen size)
  std::vector<bool> workload_running;
};

/// Copies counts and running flags from the model and clamps selections;
/// `screen` (when known) bounds view scrolling to the last full page.
void sync_state(UiState& state, const DashboardModel& model, Size screen = {});

enum class ActionType {
  kNone,
  kQuit,
  kTogglePause,   ///< pause/resume workloads (replay: pause/resume playback)
  kResetStats,
  kMarker,        ///< put a marker in the event log and the recording
  kSetRefresh,    ///< value: new refresh period, seconds
  kStartWorkload, ///< workload: index
  kStopWorkload,  ///< workload: index
  kAcknowledge,   ///< workload: index, or -1 for every highlighted shift
  kStepForward,   ///< replay: advance one window
  kSpeedUp,       ///< replay: value = new speed factor
  kSpeedDown,     ///< replay: value = new speed factor
};

struct Action {
  ActionType type = ActionType::kNone;
  int workload = -1;
  double value = 0;
  friend bool operator==(const Action&, const Action&) = default;
};

/// Applies one key to `state` and says what the application must do.
Action handle_key(int key, UiState& state);

/// One line of the help screen; the table every key handler follows.
struct KeyBinding {
  std::string_view keys;
  std::string_view description;
  bool replay_only = false;
  bool live_only = false;
};
const std::vector<KeyBinding>& key_bindings();

/// Refresh steps for +/- (seconds) and replay speed steps for </>.
const std::vector<double>& refresh_steps_s();
const std::vector<double>& replay_speeds();

}  // namespace clscope::tui
