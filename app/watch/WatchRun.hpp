#pragma once
// The passive source of `clscope watch`: no workload, no calibration, nothing
// allocated on any device. Every window it scans the processes that use a
// device (probes::ProcessScan; only --pid ones when given), samples the
// device probes for whole-device signals (NVML PCIe and clocks), decides a
// verdict per process (make_round), feeds core::Session one WindowStats per
// process (window_for; kind "process", one workload per process found by
// the first scan) and hands one RunUpdate, with RunUpdate::watch set, to each
// sink. Runs on the thread that calls run(); `stop` may be set from another.
#include <atomic>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/ExitCode.hpp"
#include "app/run/RunSink.hpp"
#include "app/watch/WatchRound.hpp"
#include "app/watch/WatchSummary.hpp"
#include "core/Session.hpp"
#include "probes/Probe.hpp"
#include "probes/ProcessScan.hpp"

namespace clscope::app::watch {

struct WatchOptions {
  probes::ProcessScanOptions scan;
  RoundContext context;
  std::vector<probes::ProbePtr> device_probes;  ///< sampled once per window (may be empty)
  double window_s = 1.0;
  double duration_s = 0;  ///< 0: until `stop`
  nlohmann::json manifest = nlohmann::json::object();  ///< host, command line, ...
};

class WatchRun {
 public:
  explicit WatchRun(WatchOptions options);
  ~WatchRun();

  /// Watches until `stop` or the duration has elapsed. Returns kOk, or kUsage
  /// when a sink cannot start (a recording that cannot be created). Throws nothing.
  ExitCode run(const std::atomic<bool>& stop, const std::vector<RunSink*>& sinks);

  const WatchSummary& summary() const { return summary_; }
  const std::string& error() const { return error_; }

 private:
  /// Creates the session from the first round's processes; returns the manifest.
  nlohmann::json start_session(const WatchRound& first);
  RunUpdate next_update(std::shared_ptr<const WatchRound> round);
  std::map<std::string, DeviceSignals> sample_signals();

  WatchOptions options_;
  std::unique_ptr<probes::ProcessScan> scan_;
  std::unique_ptr<core::Session> session_;
  std::vector<std::string> keys_;   // session workload index -> ProcessRow::key()
  std::vector<std::string> names_;  // session workload index -> name
  WatchSummary summary_;
  std::string error_;
};

/// The workload name of a process in the session and the recording:
/// "COMM[PID]", with "@DEVICE" when the process uses several devices.
std::string process_workload_name(const ProcessRow& row, bool several_devices);

}  // namespace clscope::app::watch
