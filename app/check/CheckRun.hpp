#pragma once
// `clscope check`, the running half: gathers CheckMeasurements on one device.
//  1. Reads the device's utilisation for about 0.7 s before anything
//     runs (util_pct of the matching telemetry backend; for a CPU device the
//     host's cpu_busy_pct); above busy_util_pct the device is busy with
//     another process and no workload is run.
//  2. Runs each workload of the scenario alone, one after another, for
//     workload_s (quick_workload_s with --quick) of workload time, through a
//     LiveRun (the same engine, calibration cache and analysis as `run`),
//     reading the device's telemetry every window; while the first transfer
//     runs it reloads the hwloc topology to read the PCI path's link speeds
//     under load.
// Runs on the calling thread; returns early (interrupted = true) when `stop`
// is set. Progress lines go to `progress`. Throws nothing.
#include <atomic>
#include <ostream>
#include <string>

#include "app/check/Check.hpp"
#include "config/Config.hpp"
#include "probes/Registry.hpp"
#include "workloads/Discovery.hpp"

namespace clscope::app {

struct CheckRunOptions {
  bool quick = false;
  std::string command_line;
  std::string platform_name, platform_version;  ///< of the device's platform
  probes::ProbeOptions probes;
};

struct CheckRunResult {
  CheckMeasurements measurements;
  bool interrupted = false;
};

CheckRunResult run_check(const workloads::DeviceInfo& device, const config::Scenario& scenario,
                         const config::CheckSettings& settings, const CheckRunOptions& options,
                         const std::atomic<bool>& stop, std::ostream& progress);

}  // namespace clscope::app
