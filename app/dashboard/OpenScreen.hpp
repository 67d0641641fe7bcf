#pragma once
// Opening the terminal for a dashboard (live or replay), the same way for both.
#include <memory>

#include "app/cli/Cli.hpp"
#include "tui/Screen.hpp"

namespace clscope::app {

/// Installs the signal handlers and opens the terminal with colours (unless
/// --no-color or NO_COLOR) and --ascii as asked. Null after printing why to
/// stderr (no terminal: the caller exits 2).
std::unique_ptr<tui::Screen> open_dashboard_screen(const CliOptions& cli);

}  // namespace clscope::app
