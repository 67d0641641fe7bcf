#pragma once
// A synthetic, deterministic dashboard model for the golden tests and the
// tui_demo executable: three workloads warming up, settling, and two of them
// shifting off the GPU later (launch-bound at 25 s, starved at 40 s), device
// metrics with some unavailable, events, topology and device details.
// A pure function of DemoState: no clock, no randomness.
#include <string>
#include <vector>

#include "tui/Model.hpp"

namespace clscope::tui::demo {

struct DemoState {
  double t_s = 0;  ///< run time shown
  double stats_reset_s = 0;  ///< history starts here (key r)
  bool paused = false;
  bool replay = false;
  double replay_speed = 1;
  /// Per workload: times at which it was stopped/started (alternating, first = stop).
  std::vector<std::vector<double>> toggles = {{}, {}, {}};
  std::vector<double> markers;
};

bool running_at(const DemoState& s, std::size_t workload, double t_s);
DashboardModel demo_model(const DemoState& s);
/// The processes view of the demo: this run, another user, an idle client.
ProcessesInfo demo_processes();

}  // namespace clscope::tui::demo
