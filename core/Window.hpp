#pragma once
// Per-window aggregate of one workload's iterations: the raw material of every
// series, verdict and recording. Plain data.
#include <cstdint>
#include <optional>
#include <string>

#include "core/RequestStats.hpp"

namespace clscope::core {

/// What a workload's headline figure counts.
/// commands_per_s: an observed program (`run -- CMD`): every command it
/// completed; its bytes are host<->device copies only, never kernel traffic.
enum class Metric { bytes_per_s, flops_per_s, launches_per_s, requests_per_s, maps_per_s, commands_per_s };

/// Unit string shown for a metric ("GB/s", "GFLOP/s", ...).
const char* metric_unit(Metric m);
/// Scale from base units per second to the displayed unit (GB/s = 1e-9 B/s).
double metric_scale(Metric m);
const char* metric_name(Metric m);
std::optional<Metric> metric_from_name(const std::string& name);

struct WorkloadInfo {
  std::string name;  ///< unique instance name ("stream", "stream#2", or the user's)
  std::string kind;  ///< workload kind ("stream", "compute", ...)
  Metric metric = Metric::bytes_per_s;
  /// Request workloads: the latency objective (p99 target, ms), if one was set.
  std::optional<double> slo_p99_ms = std::nullopt;
};

struct WindowStats {
  int workload = -1;       ///< index into the session's workloads
  double t_begin_s = 0;    ///< window start, seconds since session start
  double t_end_s = 0;      ///< window end
  std::uint64_t iterations = 0;
  std::uint64_t requests = 0;
  double bytes = 0;
  double ops = 0;
  /// Exact time span covered by the completed iterations: from the previous
  /// completion (or the first enqueue) to the last completion, ns. Throughput
  /// is work / span so windows do not quantise long iterations.
  std::int64_t span_ns = 0;
  std::int64_t device_busy_ns = 0;   ///< sum of END-START of kernels
  std::int64_t transfer_ns = 0;      ///< sum of END-START of transfer commands
  std::int64_t api_wall_ns = 0;
  std::int64_t api_cpu_ns = 0;
  std::int64_t wait_wall_ns = 0;
  std::int64_t host_work_ns = 0;
  std::int64_t sleep_ns = 0;
  std::uint64_t api_calls = 0;
  std::optional<double> dispatch_us_p50;    ///< START-QUEUED median
  std::optional<double> dispatch_us_p99;
  std::optional<double> round_trip_us_p50;  ///< enqueue -> observed completion, host clock
  std::optional<double> round_trip_us_p99;
  /// Request workloads only: latency histogram, drops, time-outs, queue depth
  /// and batch sizes of the window (merged from the items' RequestSample).
  /// Absent for other workloads, and for a request workload's window in which
  /// none of its items completed.
  std::optional<RequestWindow> request;
  /// An observed program (`run --config FILE -- CMD`): the global-memory bytes
  /// and operations its completed kernels did, as the user declared them per
  /// kernel ([app.kernel."NAME"]); 0 when nothing is declared. `bytes` and
  /// `ops` above stay the program's copies and 0.
  double declared_bytes = 0;
  double declared_ops = 0;

  /// Headline figure in the metric's displayed unit; nullopt when nothing completed.
  std::optional<double> value(Metric m) const;
  /// Device-side rate: work / (device busy time), in the metric's unit.
  std::optional<double> device_rate(Metric m) const;
  double window_ns() const { return (t_end_s - t_begin_s) * 1e9; }
};

}  // namespace clscope::core
