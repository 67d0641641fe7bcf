#pragma once
// One window of `clscope watch`: every watched process with its verdict,
// evidence and threads, plus the processes that could not be read. Plain data
// built by make_round (pure), handed to the sinks in RunUpdate::watch.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/watch/WatchEvidence.hpp"
#include "app/watch/WatchVerdict.hpp"
#include "probes/ProcessDeviceUse.hpp"

namespace clscope::app::watch {

struct ProcessRow {
  std::int64_t pid = 0;
  std::string command;
  std::string device;  ///< PCI address, "dri:<node>", "nvml:<i>", "cpu:<OpenCL name>", or ""
  std::string driver;
  WatchEvidence evidence;
  WatchVerdict verdict;
  std::vector<probes::ThreadUse> threads;
  std::map<std::string, probes::Missing> unavailable;
  /// What the scan read of it (device memory, NUMA nodes, ...), for the
  /// dashboard's processes view; the fields above are what the verdict used.
  probes::ProcessDeviceUse use;
  /// "pid:device" — identifies the row across windows.
  std::string key() const { return std::to_string(pid) + ":" + device; }
};

struct WatchRound {
  double t_begin_s = 0, t_end_s = 0;  ///< seconds since the watch started
  std::vector<ProcessRow> processes;  ///< sorted by (pid, device)
  std::vector<probes::InaccessibleProcess> inaccessible;
  std::map<std::string, probes::Missing> unavailable;  ///< the scan's sources that gave nothing
};

/// What make_round needs besides the scan.
struct RoundContext {
  std::optional<CpuDevice> cpu_device;  ///< --pid processes with no GPU use it
  /// Keep only processes of this device (PCI address or "cpu:..."); empty: all.
  std::string device_filter;
  std::map<std::string, DeviceSignals> signals;  ///< device -> whole-device signals
};

/// The round of one scan: a --pid process that uses no GPU becomes a user of
/// the CPU device when there is one (its device "cpu:<name>"); every row gets
/// its evidence and verdict.
WatchRound make_round(const probes::ProcessScanResult& scan, const RoundContext& ctx,
                      double t_begin_s, double t_end_s);

/// {"pid", "command", "device", "driver", "verdict", "confidence", "why", "evidence",
///  "threads": [{"tid", "name", "cpu_pct", "state"}], "unavailable": {field: reason}}
nlohmann::json row_json(const ProcessRow& row);
/// {"pid", "command", "problem"} for a process that may not be read.
nlohmann::json inaccessible_json(const probes::InaccessibleProcess& p);
/// The --json line of a window: {"type": "window", "t_s", "processes": [...],
/// "inaccessible": [...]}.
nlohmann::json round_json(const WatchRound& round);
/// One text line per process for --headless.
std::string row_text(const ProcessRow& row, double t_s);

}  // namespace clscope::app::watch
