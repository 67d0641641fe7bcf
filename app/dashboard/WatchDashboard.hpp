#pragma once
// `clscope watch` on a terminal: the dashboard with the processes view as its
// home view (verdict and evidence under each process), fed by the same
// WatchRun that prints lines with --headless. The watch runs on its own
// thread; the UI reads its newest round. The clscope.watch/1 summary is
// printed once the dashboard closes, as after the lines.
#include "app/cli/Cli.hpp"
#include "app/cli/ExitCode.hpp"
#include "app/run/MetricsOutputs.hpp"
#include "app/watch/WatchRun.hpp"
#include "tui/Screen.hpp"

namespace clscope::app {

/// Runs the watch under the dashboard until q, a signal or --duration.
/// `metrics` (--metrics-file / --listen, opened by the caller) gets every window too.
ExitCode watch_dashboard(const CliOptions& cli, watch::WatchOptions options, tui::Screen& screen,
                         MetricsOutputs& metrics);

}  // namespace clscope::app
