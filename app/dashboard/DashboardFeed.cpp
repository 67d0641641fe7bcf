#include "app/dashboard/DashboardFeed.hpp"
#include "app/output/Format.hpp"

#include <cmath>
#include <cstdio>

namespace clscope::app {
namespace {

constexpr std::size_t kHistoryPoints = 600;

std::optional<double> metric(const std::optional<probes::Sample>& sample, const char* name) {
  if (!sample) return std::nullopt;
  const auto it = sample->metrics.find(name);
  if (it == sample->metrics.end() || !std::isfinite(it->second)) return std::nullopt;
  return it->second;
}

std::string missing(const FeedInput& in, const char* name) {
  if (!in.device_sample) return in.device_missing;
  const auto& s = *in.device_sample;
  if (const auto it = s.unavailable.find(name); it != s.unavailable.end()) return it->second.text();
  if (s.status != probes::Status::ok && !s.reason.empty()) return s.reason;
  return "not reported by the telemetry backend";
}

tui::MetricRow row(const FeedInput& in, const char* label, const char* name, const char* max_name,
                   const char* unit, double scale = 1.0) {
  tui::MetricRow r;
  r.label = label;
  r.unit = unit;
  if (auto v = metric(in.device_sample, name)) r.value = *v * scale;
  if (max_name)
    if (auto m = metric(in.device_sample, max_name)) r.max = *m * scale;
  if (!r.value) r.unavailable_reason = missing(in, name);
  return r;
}

void push(tui::Series& s, double t, std::optional<double> v, const std::string& missing_reason) {
  s.points.push_back({t, v});
  if (s.points.size() > kHistoryPoints) s.points.erase(s.points.begin());
  if (!v) s.unavailable_reason = missing_reason;
}

}  // namespace

std::optional<double> pct_of_ceiling(const core::WorkloadInfo& info, double value,
                                     const core::Ceilings& c) {
  std::optional<double> ceiling;
  switch (info.metric) {
    case core::Metric::bytes_per_s:
      ceiling = info.kind == "transfer"
                    ? (c.h2d_gbs && c.d2h_gbs ? std::optional<double>(std::max(*c.h2d_gbs, *c.d2h_gbs))
                                              : (c.h2d_gbs ? c.h2d_gbs : c.d2h_gbs))
                    : c.mem_gbs;
      break;
    case core::Metric::flops_per_s: ceiling = c.compute_gflops; break;
    case core::Metric::launches_per_s:
      if (c.round_trip_us && *c.round_trip_us > 0) ceiling = 1e6 / *c.round_trip_us;
      break;
    default: break;
  }
  if (!ceiling || *ceiling <= 0) return std::nullopt;
  return 100.0 * value / *ceiling;
}

std::string event_text(const core::Event& e) {
  const auto& ev = e.evidence;
  auto str = [&](const char* k) {
    return ev.is_object() && ev.contains(k) && ev[k].is_string() ? ev[k].get<std::string>()
                                                                   : std::string();
  };
  if (e.type == core::event_type::kBottleneckShift) {
    std::string why = str("why");
    return e.from + " -> " + e.to + (e.off_gpu ? " (off the GPU)" : "") +
           (why.empty() ? "" : ": " + why);
  }
  if (e.type == core::event_type::kSteadyState || e.type == core::event_type::kRegimeShift) {
    std::string text = e.from.empty() && e.to.empty() ? e.type : e.from + " -> " + e.to;
    if (ev.is_object()) {
      for (const char* k : {"level", "to_level", "from_level"})
        if (ev.contains(k) && ev[k].is_number()) text += std::string(", ") + k + " " + fixed(ev[k].get<double>(), 2);
    }
    return text;
  }
  std::string t = str("text");
  return t.empty() ? e.type : t;
}

tui::DashboardModel DashboardFeed::build(const FeedInput& in) {
  tui::DashboardModel m;
  m.header.host = in.host;
  m.header.device = in.device;
  m.header.platform = in.platform;
  m.header.uptime_s = in.uptime_s;
  m.header.mode = in.mode;
  m.status = in.status;

  // Device panel.
  m.device.metrics.push_back(row(in, "Core clock", "core_clock_mhz", "core_clock_max_mhz", "MHz"));
  m.device.metrics.push_back(row(in, "Mem clock", "mem_clock_mhz", "mem_clock_max_mhz", "MHz"));
  m.device.metrics.push_back(row(in, "Temperature", "temp_c", nullptr, "°C"));
  m.device.metrics.push_back(row(in, "Power", "power_w", "power_limit_w", "W"));
  m.device.metrics.push_back(row(in, "Utilisation", "util_pct", nullptr, "%"));
  m.device.metrics.back().max = m.device.metrics.back().value ? std::optional<double>(100) : std::nullopt;
  m.device.metrics.push_back(row(in, "Mem busy", "mem_util_pct", nullptr, "%"));
  {
    tui::MetricRow link;
    link.label = "PCIe link";
    auto gen = metric(in.device_sample, "pcie_gen");
    auto width = metric(in.device_sample, "pcie_width");
    auto max_gen = metric(in.device_sample, "pcie_max_gen");
    auto max_width = metric(in.device_sample, "pcie_max_width");
    if (gen && width) {
      link.text = "Gen" + fixed(*gen, 0) + " x" + fixed(*width, 0);
      if (max_gen && max_width) link.text += " (max Gen" + fixed(*max_gen, 0) + " x" + fixed(*max_width, 0) + ")";
    } else {
      link.unavailable_reason = missing(in, "pcie_gen");
    }
    m.device.metrics.push_back(link);
  }
  m.device.metrics.push_back(row(in, "PCIe rx", "pcie_rx_mbps", nullptr, "MB/s"));
  m.device.metrics.push_back(row(in, "PCIe tx", "pcie_tx_mbps", nullptr, "MB/s"));
  m.device.metrics.push_back(row(in, "VRAM", "vram_used_bytes", "vram_total_bytes", "GiB",
                                 1.0 / (1024.0 * 1024 * 1024)));
  const auto throttle = in.device_sample ? in.device_sample->lists.find("throttle")
                                          : std::map<std::string, std::vector<std::string>>::const_iterator{};
  if (in.device_sample && throttle != in.device_sample->lists.end()) {
    m.device.throttle_reasons = throttle->second;
  } else {
    m.device.throttle_unavailable_reason = missing(in, "throttle");
  }

  // Histories, one point per new frame time.
  if (in.t_s > last_t_s_) {
    last_t_s_ = in.t_s;
    auto clock = metric(in.device_sample, "core_clock_mhz");
    push(clock_, in.t_s, clock, missing(in, "core_clock_mhz"));
    if (auto mx = metric(in.device_sample, "core_clock_max_mhz")) clock_.max = *mx;
    push(cpu_, in.t_s, in.host_cpu_pct, in.host_cpu_missing);
  }
  m.clock_history = clock_;
  m.host_cpu_history = cpu_;

  // Workloads.
  const std::size_t n = in.session ? in.session->workloads.size() : in.workload_names.size();
  for (std::size_t i = 0; i < n; ++i) {
    tui::WorkloadRow r;
    const WorkloadStatusView st = i < in.statuses.size() ? in.statuses[i] : WorkloadStatusView{};
    r.running = st.running && st.state != "stopped" && st.state != "failed";
    if (!in.session) {
      r.name = i < in.workload_names.size() ? in.workload_names[i] : "";
      r.kind = i < in.workload_kinds.size() ? in.workload_kinds[i] : "";
      r.phase = "";
      m.workloads.push_back(r);
      continue;
    }
    const core::WorkloadLive& w = in.session->workloads[i];
    r.name = w.info.name;
    r.kind = w.info.kind;
    r.unit = core::metric_unit(w.info.metric);
    r.phase = st.state == "building" ? "" : core::phase_name(w.steady.phase);
    r.verdict = core::verdict_name(w.verdict);
    r.verdict_off_gpu = core::off_gpu(w.verdict);
    r.highlighted = w.highlight;
    if (w.solo) r.solo_level = w.solo->value;
    if (!w.windows.empty()) {
      // The latest window that completed something.
      for (auto it = w.windows.rbegin(); it != w.windows.rend(); ++it) {
        if (it->iterations == 0) continue;
        r.value = it->value(w.info.metric);
        if (r.value) r.pct_of_ceiling = pct_of_ceiling(w.info, *r.value, in.session->ceilings);
        if (it->span_ns > 0) {
          const double span = static_cast<double>(it->span_ns);
          r.device_busy_pct = std::min(100.0, 100.0 * static_cast<double>(it->device_busy_ns + it->transfer_ns) / span);
          r.host_api_pct = std::min(100.0, 100.0 * static_cast<double>(it->api_wall_ns) / span);
        }
        if (it->dispatch_us_p50) r.dispatch_us = *it->dispatch_us_p50;
        // Request workloads: the window's p99 from scheduled arrival to completion.
        if (it->request && it->request->completed() > 0)
          if (auto p99 = it->request->latency_ns.percentile(0.99)) r.p99_ms = *p99 * 1e-6;
        break;
      }
    }
    // An observed program's chart is its device busy % (the layer's command
    // intervals), the figure its verdicts turn on; the table keeps cmd/s.
    const bool program = w.info.kind == "app";
    if (program) {
      r.history.unit = "% device busy";
      r.history.scale_max = 100.0;
    }
    for (std::size_t k = 0; k < w.windows.size(); ++k) {
      const auto& win = w.windows[k];
      tui::HistoryPoint p;
      p.t_s = win.t_end_s;
      p.value = win.value(w.info.metric);
      if (program)
        p.value = win.span_ns > 0 ? std::optional<double>(std::min(
                                        100.0, 100.0 * static_cast<double>(win.device_busy_ns + win.transfer_ns) /
                                                   static_cast<double>(win.span_ns)))
                                  : std::nullopt;
      p.verdict = win.iterations > 0 && k < w.window_verdicts.size()
                      ? core::verdict_name(w.window_verdicts[k])
                      : "";
      r.history.points.push_back(p);
    }
    r.history.steady_at_s = w.steady.steady_at_s;
    m.workloads.push_back(std::move(r));
  }

  // Events.
  if (in.session)
    for (const auto& e : in.session->events) {
      tui::EventEntry entry;
      entry.t_s = e.t_s;
      entry.type = e.type;
      entry.workload = e.workload;
      entry.text = event_text(e);
      entry.off_gpu = e.off_gpu;
      m.events.push_back(std::move(entry));
    }
  m.topology = in.topology;
  m.device_details = in.device_details;
  m.processes = in.processes;
  m.top_kernels = in.top_kernels;
  return m;
}

}  // namespace clscope::app
