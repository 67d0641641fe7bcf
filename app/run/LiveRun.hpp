#pragma once
// The live source: opens the device, measures (or loads) the ceilings, starts
// clscope's workloads, and every window feeds their aggregates and the probes'
// readings to core::Session, then hands one RunUpdate to each sink (recording,
// console, a check's observer). Runs on the thread that calls run(); control
// methods are thread-safe (the dashboard calls them from the UI thread).
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/ExitCode.hpp"
#include "app/output/Summary.hpp"
#include "app/run/RunController.hpp"
#include "app/run/RunSink.hpp"
#include "app/run/RunState.hpp"
#include "app/run/SoloSchedule.hpp"
#include "config/Config.hpp"
#include "core/Session.hpp"
#include "probes/Registry.hpp"
#include "probes/Sampler.hpp"
#include "probes/Topology.hpp"
#include "workloads/Calibration.hpp"
#include "workloads/Device.hpp"

namespace clscope::app {

struct LiveRunOptions {
  bool recalibrate = false;
  std::string command_line;  ///< for the recording's manifest
  probes::ProbeOptions probes;  ///< sysfs/procfs roots
  /// Ceilings already measured for this device (check's later workloads):
  /// used as they are, nothing measured again.
  std::shared_ptr<const workloads::CeilingsResult> ceilings;
};

class LiveRun {
 public:
  LiveRun(workloads::DeviceInfo device, config::Scenario scenario, LiveRunOptions options);
  ~LiveRun();

  /// Runs until `stop` is set, the scenario's duration has elapsed (counted
  /// from the moment every workload is past its setup and, with several
  /// workloads, past its solo phase: SoloSchedule), every workload has
  /// ended, or one failed. Every window goes to each of `sinks`, in order.
  /// Returns kOk, kUsage (an input the device cannot take, a recording that
  /// cannot be created) or kRuntime. Throws nothing.
  ExitCode run(const std::atomic<bool>& stop, const std::vector<RunSink*>& sinks = {});

  // Control (any thread).
  void set_paused(bool paused);
  bool paused() const { return paused_; }
  void request_reset() { reset_requested_ = true; }
  void add_marker(const std::string& text);
  void acknowledge();
  void set_workload_running(int index, bool running);

  /// The run's phase (kPaused while paused and running) and calibration progress.
  RunState state() const;
  std::string error() const;
  /// Null until the session exists (after calibration).
  std::shared_ptr<const core::SessionSnapshot> snapshot() const;
  std::vector<workloads::RunnerStatus> statuses() const;
  std::vector<bool> running_flags() const;
  double elapsed_s() const;
  const workloads::DeviceInfo& device_info() const { return device_info_; }
  const config::Scenario& scenario() const { return scenario_; }
  std::string platform_version() const;
  const workloads::CeilingsResult* ceilings() const;
  /// The end-of-run summary (clscope.run/1), computed from all windows.
  nlohmann::json summary() const;
  /// A workload's figures over the whole run (null before the session exists).
  std::optional<WorkloadFigures> figures(int workload) const;
  /// The probes' latest round (null before the first).
  std::shared_ptr<const probes::SampleSet> latest_probes() const;
  /// The telemetry reading of the run's device in `set`, or null.
  const probes::ProbeReading* device_reading(const probes::SampleSet& set) const;
  const probes::DeviceLocality& locality() const { return locality_; }
  const std::string& topology_error() const { return topology_error_; }
  std::optional<probes::TopologySummary> topology_summary() const;
  std::vector<ThreadBinding> bindings() const;

 private:
  ExitCode run_inner(const std::atomic<bool>& stop, const std::vector<RunSink*>& sinks);
  void set_state(RunState s);
  void set_error(const std::string& e);
  nlohmann::json manifest() const;
  /// Feeds one window to the session and gathers what the sinks get.
  RunUpdate next_update(std::vector<core::WindowStats> windows, std::vector<bool>& setup_announced);

  workloads::DeviceInfo device_info_;
  config::Scenario scenario_;
  LiveRunOptions options_;
  void start_probes();
  void bind_thread(int index, const std::string& thread_name);

  std::unique_ptr<probes::Sampler> sampler_;
  std::unique_ptr<probes::Topology> topology_;
  probes::DeviceIdentity identity_;
  probes::DeviceLocality locality_;
  std::string topology_error_;
  std::vector<ThreadBinding> bindings_;
  std::size_t announced_bindings_ = 0;
  bool cache_marked_stale_ = false;
  std::unique_ptr<workloads::Device> device_;  // outlives the controller
  std::unique_ptr<RunController> controller_;
  std::unique_ptr<core::Session> session_;
  std::unique_ptr<workloads::CeilingsResult> ceilings_;
  std::unique_ptr<SoloSchedule> schedule_;  // guarded by mu_ (set_paused reads it)
  std::string solo_text_;                   // guarded by mu_
  std::atomic<bool> paused_{false};
  std::atomic<bool> reset_requested_{false};
  std::vector<std::unique_ptr<std::atomic<bool>>> running_;
  mutable std::mutex mu_;
  RunState state_;
  std::string error_;
  std::vector<std::string> pending_markers_;
  bool ack_requested_ = false;
  std::int64_t workloads_started_ns_ = 0;
  double start_unix_s_ = 0;
};

}  // namespace clscope::app
