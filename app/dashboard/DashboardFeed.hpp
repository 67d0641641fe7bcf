#pragma once
// Builds the dashboard's display model from what a run (live or replayed)
// knows. Pure apart from the history it keeps between calls (clock and host
// CPU over time). Used on the UI thread only.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "probes/Probe.hpp"

#include "core/Session.hpp"
#include "tui/Model.hpp"

namespace clscope::app {

struct WorkloadStatusView {
  std::string state;  ///< "building", "running", "paused", "stopped", "failed", ...
  std::string error;
  bool running = true;  ///< the operator has not stopped it
};

struct FeedInput {
  std::string host, device, platform;
  std::optional<double> uptime_s;
  std::string mode;
  std::shared_ptr<const core::SessionSnapshot> session;  ///< null before the workloads start
  std::vector<std::string> workload_names;  ///< from the scenario (shown while building)
  std::vector<std::string> workload_kinds;
  std::vector<WorkloadStatusView> statuses;
  /// The device's telemetry sample, or none with `device_missing` set.
  std::optional<probes::Sample> device_sample;
  std::string device_missing;
  std::optional<double> host_cpu_pct;
  std::string host_cpu_missing;
  double t_s = 0;  ///< time of this frame, for the histories
  tui::TopologyInfo topology;
  std::vector<tui::KeyValue> device_details;
  tui::ProcessesInfo processes;  ///< the processes view (see ProcessesFeed.hpp)
  std::optional<std::vector<tui::KernelRow>> top_kernels;  ///< an observed program's kernels
  std::string status;
};

class DashboardFeed {
 public:
  tui::DashboardModel build(const FeedInput& in);

 private:
  tui::Series clock_{"Core clock", "MHz", {}, std::nullopt, ""};
  tui::Series cpu_{"Host CPU", "%", {}, 100.0, ""};
  double last_t_s_ = -1;
};

/// The evidence line shown for an event in the log.
std::string event_text(const core::Event& e);
/// Percent of the relevant measured ceiling for a workload's figure.
std::optional<double> pct_of_ceiling(const core::WorkloadInfo& info, double value,
                                     const core::Ceilings& c);

}  // namespace clscope::app
