#pragma once
// A live run as Prometheus metric families (clscope(1), MONITORING): built
// from one RunUpdate (the session's snapshot after the window, the probes'
// latest round and the run device's reading) and what the run's start said
// (host, device, where the ceilings came from). Values in base units: bytes,
// seconds, hertz, ratios 0..1. A value that was not read is left out, never
// written as 0. Pure; thread-safe.
//
// Run:       clscope_run_info{host,device,platform,driver} 1
//            clscope_run_elapsed_seconds
// Workloads (label workload, kind; the latest window):
//            clscope_workload_{bytes,flops,launches,requests,maps}_per_second
//            clscope_workload_ceiling_ratio{ceiling=memory|compute|transfer}
//            clscope_workload_phase{phase} / clscope_workload_verdict{verdict}
//              1 for the current one, 0 for the others
//            clscope_workload_latency_seconds{percentile=50|90|99|99.9} (request workloads)
//            clscope_workload_device_busy_ratio, clscope_workload_api_wall_ratio,
//            clscope_workload_api_cpu_ratio
// Ceilings (labels ceiling, source=measured|cache|raised, trusted=true|false):
//            clscope_ceiling_bytes_per_second, clscope_ceiling_flops_per_second,
//            clscope_ceiling_seconds
// Device (the run's device reading; absent when not read):
//            clscope_device_clock_hertz{clock}, clscope_device_clock_max_hertz{clock},
//            clscope_device_temperature_celsius, clscope_device_power_watts,
//            clscope_device_power_limit_watts, clscope_device_utilization_ratio,
//            clscope_device_throttle_reason{reason} 1,
//            clscope_device_pcie_link_generation{link=current|max},
//            clscope_device_pcie_link_width{link=current|max}
// Host:      clscope_host_cpu_busy_ratio
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/metrics/Prometheus.hpp"
#include "app/run/RunSink.hpp"
#include "core/CeilingsRecord.hpp"

namespace clscope::metrics {

/// What the run's start says, read once from its manifest.
struct RunMetricsContext {
  std::string host;
  std::string device;
  std::string platform;
  std::string driver;
  /// The run's clscope.ceilings/1 record (source and trust per ceiling);
  /// empty when the manifest has none.
  std::optional<core::CeilingsRecord> ceilings;
};

/// Reads the manifest LiveRun hands to on_start (missing fields stay empty).
RunMetricsContext run_metrics_context(const nlohmann::json& manifest);

/// The run's families. `update` may carry no snapshot (before the first
/// window): then only the run's info is given.
std::vector<MetricFamily> run_metric_families(const app::RunUpdate& update,
                                              const RunMetricsContext& context);

}  // namespace clscope::metrics
