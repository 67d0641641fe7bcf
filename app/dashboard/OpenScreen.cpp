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

}  // namespace clscope::app
