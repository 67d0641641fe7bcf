#include "app/metrics/RunMetrics.hpp"

#include <map>
#include <optional>

#include "core/Phase.hpp"
#include "probes/Probe.hpp"

namespace clscope::metrics {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

/// Families in a fixed order, filled as the samples come.
class Families {
 public:
  void declare(const std::string& name, const std::string& help) {
    index_[name] = families_.size();
    families_.push_back({name, help, MetricType::gauge, {}});
  }
  void add(const std::string& name, Labels labels, double value) {
    families_.at(index_.at(name)).samples.push_back({std::move(labels), value});
  }
  void add(const std::string& name, Labels labels, const std::optional<double>& value) {
    if (value) add(name, std::move(labels), *value);
  }
  std::vector<MetricFamily> take() { return std::move(families_); }

 private:
  std::vector<MetricFamily> families_;
  std::map<std::string, std::size_t> index_;
};

const char* throughput_family(core::Metric m) {
  switch (m) {
    case core::Metric::bytes_per_s: return "clscope_workload_bytes_per_second";
    case core::Metric::flops_per_s: return "clscope_workload_flops_per_second";
    case core::Metric::launches_per_s: return "clscope_workload_launches_per_second";
    case core::Metric::requests_per_s: return "clscope_workload_requests_per_second";
    case core::Metric::maps_per_s: return "clscope_workload_maps_per_second";
    case core::Metric::commands_per_s: return "clscope_workload_commands_per_second";
  }
  return "clscope_workload_bytes_per_second";
}

void declare_all(Families& f) {
  f.declare("clscope_run_info", "The run: host, OpenCL device, platform and driver (always 1)");
  f.declare("clscope_run_elapsed_seconds", "Seconds since the workloads started, at the latest window");
  f.declare("clscope_workload_bytes_per_second", "Bytes moved per second in the latest window");
  f.declare("clscope_workload_flops_per_second", "Floating-point operations per second (FMA = 2) in the latest window");
  f.declare("clscope_workload_launches_per_second", "Kernel launches completed per second in the latest window");
  f.declare("clscope_workload_requests_per_second", "Requests completed per second in the latest window");
  f.declare("clscope_workload_maps_per_second", "Buffer maps completed per second in the latest window");
  f.declare("clscope_workload_commands_per_second",
            "Commands (kernels, copies, ...) completed per second by an observed program (run -- CMD)");
  f.declare("clscope_workload_ceiling_ratio",
            "Achieved rate over device-busy time as a fraction of the measured ceiling (latest window)");
  f.declare("clscope_workload_phase", "Phase of the throughput series: 1 for the current one, 0 for the others");
  f.declare("clscope_workload_verdict", "What limits the workload now: 1 for the current verdict, 0 for the others");
  f.declare("clscope_workload_latency_seconds",
            "Request latency (scheduled arrival to completion) percentiles of the latest window");
  f.declare("clscope_workload_device_busy_ratio", "Kernel and transfer time over the window's span, at most 1");
  f.declare("clscope_workload_api_wall_ratio", "Share of the window the submitting thread spent inside OpenCL calls");
  f.declare("clscope_workload_api_cpu_ratio", "Share of the window the submitting thread spent on CPU inside OpenCL calls");
  f.declare("clscope_ceiling_bytes_per_second", "Measured bandwidth ceiling (memory, host to device, device to host)");
  f.declare("clscope_ceiling_flops_per_second", "Measured compute ceiling (FMA = 2)");
  f.declare("clscope_ceiling_seconds", "Measured launch latency ceiling (dispatch: START-QUEUED, round trip: enqueue to completion)");
  f.declare("clscope_device_clock_hertz", "Device clock now");
  f.declare("clscope_device_clock_max_hertz", "Device clock's maximum");
  f.declare("clscope_device_temperature_celsius", "Device temperature");
  f.declare("clscope_device_power_watts", "Device power draw");
  f.declare("clscope_device_power_limit_watts", "Device power limit");
  f.declare("clscope_device_utilization_ratio", "Device busy as its driver reports it, 0..1");
  f.declare("clscope_device_throttle_reason", "A clock limit reason the driver reports now (always 1)");
  f.declare("clscope_device_pcie_link_generation", "PCIe link generation, current and maximum");
  f.declare("clscope_device_pcie_link_width", "PCIe link width in lanes, current and maximum");
  f.declare("clscope_host_cpu_busy_ratio", "Host CPU busy, all CPUs, 0..1");
}

void add_workload(Families& f, const core::WorkloadLive& live) {
  const Labels id{{"workload", live.info.name}, {"kind", live.info.kind}};
  auto with = [&](const std::string& k, const std::string& v) {
    Labels l = id;
    l.emplace_back(k, v);
    return l;
  };
  for (auto p : {core::Phase::warming, core::Phase::steady, core::Phase::shifted, core::Phase::unsettled})
    f.add("clscope_workload_phase", with("phase", core::phase_name(p)), live.steady.phase == p ? 1.0 : 0.0);
  for (int v = 0; v <= static_cast<int>(core::Verdict::unknown); ++v) {
    const auto verdict = static_cast<core::Verdict>(v);
    f.add("clscope_workload_verdict", with("verdict", core::verdict_name(verdict)),
          live.verdict == verdict ? 1.0 : 0.0);
  }
  if (live.windows.empty()) return;
  const core::WindowStats& w = live.windows.back();
  if (auto v = w.value(live.info.metric)) f.add(throughput_family(live.info.metric), id, *v / core::metric_scale(live.info.metric));
  if (w.request && w.request->completed() > 0) {
    // Label "percentile", not "quantile": that one is reserved for summaries
    // (a window's percentiles are gauges, recomputed from its histogram).
    for (const auto& [q, text] : {std::pair{0.5, "50"}, {0.9, "90"}, {0.99, "99"}, {0.999, "99.9"}})
      if (auto ns = w.request->latency_ns.percentile(q))
        f.add("clscope_workload_latency_seconds", with("percentile", text), *ns / 1e9);
  }
  if (!live.last) return;
  const core::Evidence& e = live.last->evidence;
  f.add("clscope_workload_ceiling_ratio", with("ceiling", "memory"), e.mem_fraction);
  f.add("clscope_workload_ceiling_ratio", with("ceiling", "compute"), e.compute_fraction);
  f.add("clscope_workload_ceiling_ratio", with("ceiling", "transfer"), e.transfer_fraction);
  f.add("clscope_workload_device_busy_ratio", id, e.device_busy);
  f.add("clscope_workload_api_wall_ratio", id, e.api_wall_share);
  f.add("clscope_workload_api_cpu_ratio", id, e.api_cpu_share);
}

void add_ceilings(Families& f, const core::Ceilings& c,
                  const std::optional<core::CeilingsRecord>& record) {
  // source: measured, cache, or raised (the run beat the recorded value);
  // trusted: false when the node was busy with other work while measuring.
  auto l = [&](const char* name) {
    std::string source = "measured", trusted = "true";
    for (auto k : core::kCeilingKeys) {
      if (std::string(core::ceiling_key_name(k)) != name || !record) continue;
      const auto& e = record->at(k);
      const auto& now = core::ceiling_slot(c, k);
      source = e.source;
      trusted = e.trusted ? "true" : "false";
      if (now && e.value && *now != *e.value) source = "raised", trusted = "true";
    }
    return Labels{{"ceiling", name}, {"source", source}, {"trusted", trusted}};
  };
  // Divisions, not products by 1e-6: the text reads 5e-05, not 4.9999999999999996e-05.
  auto giga = [](const std::optional<double>& v) { return v ? std::optional(*v * 1e9) : std::nullopt; };
  auto micro = [](const std::optional<double>& v) { return v ? std::optional(*v / 1e6) : std::nullopt; };
  f.add("clscope_ceiling_bytes_per_second", l("memory"), giga(c.mem_gbs));
  f.add("clscope_ceiling_bytes_per_second", l("h2d"), giga(c.h2d_gbs));
  f.add("clscope_ceiling_bytes_per_second", l("d2h"), giga(c.d2h_gbs));
  f.add("clscope_ceiling_flops_per_second", l("compute"), giga(c.compute_gflops));
  f.add("clscope_ceiling_seconds", l("dispatch"), micro(c.dispatch_us));
  f.add("clscope_ceiling_seconds", l("round_trip"), micro(c.round_trip_us));
}

void add_device(Families& f, const probes::Sample& s) {
  namespace m = probes::metric;
  auto get = [&](const char* name, double scale = 1.0, double divisor = 1.0) -> std::optional<double> {
    auto it = s.metrics.find(name);
    if (it == s.metrics.end()) return std::nullopt;
    return it->second * scale / divisor;
  };
  f.add("clscope_device_clock_hertz", {{"clock", "core"}}, get(m::kCoreClockMhz, 1e6));
  f.add("clscope_device_clock_hertz", {{"clock", "memory"}}, get(m::kMemClockMhz, 1e6));
  f.add("clscope_device_clock_max_hertz", {{"clock", "core"}}, get(m::kCoreClockMaxMhz, 1e6));
  f.add("clscope_device_clock_max_hertz", {{"clock", "memory"}}, get(m::kMemClockMaxMhz, 1e6));
  f.add("clscope_device_temperature_celsius", {}, get(m::kTempC));
  f.add("clscope_device_power_watts", {}, get(m::kPowerW));
  f.add("clscope_device_power_limit_watts", {}, get(m::kPowerLimitW));
  f.add("clscope_device_utilization_ratio", {}, get(m::kUtilPct, 1.0, 100.0));
  if (auto it = s.lists.find(m::kThrottle); it != s.lists.end())
    for (const auto& reason : it->second) f.add("clscope_device_throttle_reason", {{"reason", reason}}, 1.0);
  f.add("clscope_device_pcie_link_generation", {{"link", "current"}}, get(m::kPcieGen));
  f.add("clscope_device_pcie_link_generation", {{"link", "max"}}, get(m::kPcieMaxGen));
  f.add("clscope_device_pcie_link_width", {{"link", "current"}}, get(m::kPcieWidth));
  f.add("clscope_device_pcie_link_width", {{"link", "max"}}, get(m::kPcieMaxWidth));
}

std::string text_at(const nlohmann::json& j, std::initializer_list<const char*> path) {
  const nlohmann::json* at = &j;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) return {};
    at = &(*at)[key];
  }
  return at->is_string() ? at->get<std::string>() : std::string();
}

}  // namespace

RunMetricsContext run_metrics_context(const nlohmann::json& manifest) {
  RunMetricsContext c;
  c.host = text_at(manifest, {"host"});
  c.device = text_at(manifest, {"opencl", "device", "name"});
  c.platform = text_at(manifest, {"opencl", "platform"});
  c.driver = text_at(manifest, {"opencl", "device", "driver_version"});
  if (manifest.is_object() && manifest.contains("ceilings") && manifest["ceilings"].is_object()) {
    try {
      c.ceilings = core::ceilings_record_from_any(manifest["ceilings"]);
    } catch (const std::exception&) {
      c.ceilings.reset();  // labels fall back to measured/true
    }
  }
  return c;
}

std::vector<MetricFamily> run_metric_families(const app::RunUpdate& update,
                                              const RunMetricsContext& context) {
  Families f;
  declare_all(f);
  f.add("clscope_run_info",
        {{"host", context.host}, {"device", context.device}, {"platform", context.platform},
         {"driver", context.driver}},
        1.0);
  if (update.snapshot) {
    f.add("clscope_run_elapsed_seconds", {}, update.snapshot->t_s);
    for (const auto& live : update.snapshot->workloads) add_workload(f, live);
    add_ceilings(f, update.snapshot->ceilings, context.ceilings);
  }
  if (update.device_reading) add_device(f, update.device_reading->sample);
  if (update.probes)
    if (const auto* host = update.probes->find("host.cpu"))
      if (auto it = host->sample.metrics.find("cpu_busy_pct"); it != host->sample.metrics.end())
        f.add("clscope_host_cpu_busy_ratio", {}, it->second / 100.0);
  return f.take();
}

}  // namespace clscope::metrics
