#pragma once
// The UI loop: takes snapshots from the application at the refresh period,
// renders them, reads keys and hands the resulting actions back. The
// application owns the threads and the data; this runs on the UI thread.
//
// Timing: a snapshot is taken every `refresh_s` (changed with +/-), and right
// after any action so its effect shows at once; keys are read in slices of at
// most 100 ms, so quitting (q, or the stop flag) takes at most one slice.
// Failure: exceptions from the callbacks propagate; the Screen's destructor
// (or restore()) gives the terminal back.
#include <atomic>
#include <functional>

#include "tui/Model.hpp"
#include "tui/Screen.hpp"
#include "tui/UiState.hpp"

namespace clscope::tui {

struct DashboardOptions {
  double refresh_s = kDefaultRefreshS;  ///< clamped to 0.25 .. 10 s
  bool ascii = false;                   ///< --ascii (also forced when the locale is not UTF-8)
  bool replay = false;                  ///< replay keys (step, speed) instead of live ones
  double replay_speed = 1.0;
  /// The view shown first, where Esc goes back to (clscope watch: kProcesses).
  View home = View::kMain;
  /// Set by the application's SIGINT/SIGTERM/SIGHUP handlers: the loop
  /// returns kStopped within one slice. May be null.
  const std::atomic<bool>* stop = nullptr;
};

enum class DashboardExit {
  kQuit,     ///< the operator pressed q / F10
  kStopped,  ///< the stop flag was set (or the screen was restored meanwhile)
};

/// Runs until quit or stop. `snapshot` builds the model to show (called on
/// this thread); `on_action` carries out actions other than kNone, kQuit
/// included (before returning). Acknowledgements are also tracked here (see
/// AckTracker), so highlights clear at once.
DashboardExit run_dashboard(Screen& screen, const DashboardOptions& options,
                            const std::function<DashboardModel()>& snapshot,
                            const std::function<void(const Action&)>& on_action);

}  // namespace clscope::tui
