#include "app/dashboard/OpenScreen.hpp"

#include <cstdlib>
#include <iostream>

#include "app/cli/Signals.hpp"

namespace clscope::app {

std::unique_ptr<tui::Screen> open_dashboard_screen(const CliOptions& cli) {
  install_signal_handlers();
  const bool color = tui::color_enabled(cli.no_color, std::getenv("NO_COLOR"));
  auto opened = tui::Screen::open(tui::ScreenOptions{color, cli.ascii});
  if (!opened.screen) std::cerr << "clscope: " << opened.error << "\n";
  return std::move(opened.screen);
}

DashboardEnd run_dashboard_to_end(tui::Screen& screen, const tui::DashboardOptions& options,
                                  const std::function<tui::DashboardModel()>& snapshot,
                                  const std::function<void(const tui::Action&)>& on_action,
                                  const std::function<void()>& stop_sources) {
  DashboardEnd end;
  try {
    end.how = tui::run_dashboard(screen, options, snapshot, on_action);
  } catch (const std::exception& e) {
    end.ui_error = e.what();  // said by the caller, once the terminal is back
  }
  stop_sources();
  screen.restore();
  return end;
}

}  // namespace clscope::app
