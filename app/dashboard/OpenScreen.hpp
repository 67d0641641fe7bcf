#pragma once
// Opening the terminal for a dashboard (live or replay), the same way for
// both, and ending a live one in the one safe order.
#include <functional>
#include <memory>
#include <string>

#include "app/cli/Cli.hpp"
#include "tui/Dashboard.hpp"
#include "tui/Screen.hpp"

namespace clscope::app {

/// Installs the signal handlers and opens the terminal with colours (unless
/// --no-color or NO_COLOR) and --ascii as asked. Null after printing why to
/// stderr (no terminal: the caller exits 2).
std::unique_ptr<tui::Screen> open_dashboard_screen(const CliOptions& cli);

struct DashboardEnd {
  tui::DashboardExit how = tui::DashboardExit::kStopped;
  std::string ui_error;  ///< what the UI threw ("" = it ended normally)
};

/// Runs the dashboard until q, a signal, `options.stop` or an exception from
/// the UI (caught: its text is returned); then `stop_sources`, which must
/// end every thread that feeds `snapshot`; then restores the terminal, so
/// whatever is printed next lands on a normal screen.
DashboardEnd run_dashboard_to_end(tui::Screen& screen, const tui::DashboardOptions& options,
                                  const std::function<tui::DashboardModel()>& snapshot,
                                  const std::function<void(const tui::Action&)>& on_action,
                                  const std::function<void()>& stop_sources);

}  // namespace clscope::app
