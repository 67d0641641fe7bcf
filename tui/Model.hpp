#pragma once
// The dashboard's display model: plain data that the application fills from
// whatever the probes, workloads and analysis provide, and that render() draws.
// It carries no behaviour and no references to other modules, so the TUI can be
// tested with hand-built models.
//
// Rules for filling it:
// - A value that could not be read is std::nullopt together with a reason
//   (`unavailable_reason`), never 0. The dashboard shows it dimmed as "n/a".
// - Verdict strings are exactly the contract vocabulary (see Verdict.hpp);
//   phases are "warming", "steady", "shifted", "unsettled" or "" (none yet).
// - Times are seconds since the start of the run (t_s), like the recordings.
// - Text is UTF-8. Control characters are shown as '?'.
//
// Thread safety: none; build a model on one thread and hand it over by value.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clscope::tui {

/// Top line(s) of the dashboard.
struct HeaderInfo {
  std::string host;      ///< host name
  std::string device;    ///< device name, e.g. "NVIDIA H100 80GB HBM3"
  std::string platform;  ///< platform and driver version, e.g. "PoCL 3.1 / driver 3.1"
  std::optional<double> uptime_s;  ///< seconds since the run started
  /// What the run is doing: "compiling kernels 2/3", "calibrating 40%",
  /// "running", "paused", "replay 2x", ...
  std::string mode;
};

/// One device metric, e.g. core clock against its maximum.
struct MetricRow {
  std::string label;                ///< "Core clock"
  std::optional<double> value;      ///< current reading, in `unit`
  std::optional<double> max;        ///< maximum/limit, in `unit` (gauge when present)
  std::string unit;                 ///< "MHz", "°C", "W", "%", "MB/s", ...
  std::string unavailable_reason;   ///< why `value` is missing (shown on demand)
  /// Preformatted reading that replaces value/max when not empty
  /// (e.g. PCIe "Gen3 x8 / max Gen4 x16").
  std::string text;

  bool available() const { return value.has_value() || !text.empty(); }
};

struct DevicePanel {
  /// Rows in display order: core clock, memory clock, temperature, power,
  /// utilisation, PCIe link, PCIe rx, PCIe tx, ... (the app chooses).
  std::vector<MetricRow> metrics;
  /// Active throttle reasons (empty list: none active); nullopt: unreadable.
  std::optional<std::vector<std::string>> throttle_reasons;
  std::string throttle_unavailable_reason;
};

/// One point of a workload's throughput history.
struct HistoryPoint {
  double t_s = 0;                ///< end of the window, seconds since start
  std::optional<double> value;   ///< throughput in the workload's unit; nullopt: no completion
  std::string verdict;           ///< verdict for this window ("" = none yet)
};

struct WorkloadHistory {
  std::vector<HistoryPoint> points;   ///< oldest first
  std::optional<double> steady_at_s;  ///< where warm-up ended (marker on the chart)
  /// Set when the chart plots something other than the row's value (an
  /// observed program: its device busy %): the unit in the chart's title,
  /// which then shows the latest point.
  std::string unit;
  std::optional<double> scale_max;  ///< fixed top of the chart (100 for a %); else the data's max
};

/// One row of the workloads table (and its chart).
struct WorkloadRow {
  std::string name;   ///< unique name, e.g. "triad"
  std::string kind;   ///< workload kind, e.g. "stream", "requests"
  std::string phase;  ///< "warming" | "steady" | "shifted" | "unsettled" | ""
  std::optional<double> value;  ///< achieved figure in `unit` (latest window)
  std::string unit;             ///< "GB/s", "GFLOP/s", "req/s", ...
  std::optional<double> pct_of_ceiling;  ///< % of the measured ceiling
  std::optional<double> device_busy_pct; ///< % of wall time the device executed
  std::optional<double> dispatch_us;     ///< QUEUED->START latency, microseconds
  std::optional<double> host_api_pct;    ///< % of wall time spent in OpenCL calls
  std::optional<double> p99_ms;          ///< tail latency (request workloads)
  /// Its level alone, in `unit` (runs with several workloads, after its solo phase).
  std::optional<double> solo_level;
  std::string verdict;          ///< contract verdict string ("" = none yet)
  bool verdict_off_gpu = false; ///< verdict is off the GPU (see is_off_gpu_verdict)
  /// An off-GPU shift that the operator has not acknowledged. run_dashboard
  /// also derives it from unacknowledged off-GPU events (see AckTracker).
  bool highlighted = false;
  bool running = true;          ///< false: stopped from the workloads menu
  WorkloadHistory history;
};

/// A time series for the clock and host CPU charts.
struct Series {
  struct Point {
    double t_s = 0;
    std::optional<double> value;
  };
  std::string label;               ///< "Core clock", "Host CPU"
  std::string unit;                ///< "MHz", "%"
  std::vector<Point> points;       ///< oldest first
  std::optional<double> max;       ///< top of the scale (e.g. max clock, 100 %)
  std::string unavailable_reason;  ///< shown when there are no values
};

struct EventEntry {
  double t_s = 0;
  std::string type;      ///< "bottleneck-shift", "steady-state", "regime-shift", "error", "marker"
  std::string workload;  ///< workload name or "" for run-wide events
  std::string text;      ///< evidence / message, one line
  bool off_gpu = false;  ///< a shift onto an off-GPU verdict: stands out until acknowledged
  bool acknowledged = false;
};

/// One step on the path from the CPU package to the device.
struct PathNode {
  std::string label;          ///< "Package 0", "NUMA node 1", "bridge 0000:00:01.0", ...
  std::string link;           ///< link description, e.g. "16 GT/s x16" ("" if none)
  bool slowest_link = false;  ///< the narrowest link on the path
};

struct ThreadBinding {
  std::string thread;   ///< thread name, e.g. "triad submit"
  std::string cpulist;  ///< "0-7,16-23" or "unbound"
};

struct TopologyInfo {
  std::optional<std::vector<PathNode>> path;  ///< outermost first
  std::string path_unavailable_reason;
  std::optional<std::vector<ThreadBinding>> bindings;
  std::string bindings_unavailable_reason;
};

struct KeyValue {
  std::string key;
  std::string value;
};

/// One process using the device (the processes view, key p).
struct ProcessEntry {
  std::int64_t pid = 0;
  std::string command;
  /// Device use: the busiest engine's busy % (DRM), SM utilisation (NVML) or,
  /// on a CPU device, an estimate from its OpenCL worker threads.
  std::optional<double> device_pct;
  bool device_pct_estimate = false;  ///< shown with "~"
  std::string device_pct_reason;
  std::optional<double> device_mem_bytes;  ///< resident device memory
  std::string device_mem_reason;
  std::optional<double> cpu_pct;  ///< host CPU, % of one core (all threads)
  std::string cpu_reason;
  std::optional<int> threads;     ///< thread count (nullopt: host side unread)
  std::string busiest_thread;     ///< name of the thread with the most CPU
  std::optional<double> busiest_thread_pct;
  std::string states;             ///< thread states, e.g. "R2 S9 D1"
  /// NUMA: "0", "0,1" (nodes its threads ran on) and the device's node.
  std::string numa_nodes;
  std::optional<int> device_numa_node;
  bool off_device_node = false;   ///< a thread ran on a node other than the device's
  std::string verdict;            ///< watch: contract verdict ("" = none)
  std::string evidence;           ///< watch: one line with the numbers
  bool this_run = false;          ///< the dashboard's own process (run)
  bool other_user = false;        ///< another user of the run's device (highlighted)
};

/// The processes view: who uses the device.
struct ProcessesInfo {
  std::string scope;  ///< what was scanned, e.g. "users of 0000:03:00.0, every 1 s"
  /// Rows in any order: the view sorts them by device use, then CPU.
  std::vector<ProcessEntry> rows;
  bool show_verdicts = false;  ///< watch: a verdict + evidence line under each row
  bool show_who = false;       ///< run: a WHO column ("this run" / "other")
  /// Why there are no rows (shown instead of the table); "" = none found yet.
  std::string empty_reason;
  /// Lines under the table: unreadable processes, sources that gave nothing.
  std::vector<std::string> notes;
};

/// One row of the top-kernels panel (an observed program, `clscope run -- CMD`).
struct KernelRow {
  std::string name;
  std::uint64_t launches = 0;
  double total_s = 0;            ///< device time (END-START) summed
  std::optional<double> p99_us;  ///< per launch
  std::optional<double> share;   ///< of all kernel time, 0..1
};

struct DashboardModel {
  HeaderInfo header;
  DevicePanel device;
  /// Set for an observed program: the device panel becomes "TOP KERNELS"
  /// (largest total first; empty: none seen yet).
  std::optional<std::vector<KernelRow>> top_kernels;
  std::vector<WorkloadRow> workloads;
  Series clock_history;     ///< core clock over time
  Series host_cpu_history;  ///< host CPU % over time
  std::vector<EventEntry> events;  ///< oldest first
  TopologyInfo topology;
  std::vector<KeyValue> device_details;
  ProcessesInfo processes;
  /// One-line status from the app (e.g. "marker 3 added", an error); "" = none.
  std::string status;
};

}  // namespace clscope::tui
