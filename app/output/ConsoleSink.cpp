#include "app/output/ConsoleSink.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace clscope::app {

std::string tick_line(const core::WorkloadLive& live, const core::WindowStats& w, bool json) {
  const auto m = live.info.metric;
  const auto v = w.value(m);
  const char* phase = core::phase_name(live.steady.phase);
  const char* verdict = core::verdict_name(live.verdict);
  const double span = static_cast<double>(w.span_ns);
  auto share = [&](std::int64_t ns) { return 100.0 * static_cast<double>(ns) / span; };
  // An observed program's CPU time inside OpenCL calls is not measured.
  const bool api_cpu_known = m != core::Metric::commands_per_s;
  if (json) {
    nlohmann::json j{{"type", "tick"},
                     {"t_s", std::round(w.t_end_s * 1000) / 1000},
                     {"workload", live.info.name},
                     {"value", v ? nlohmann::json(*v) : nlohmann::json(nullptr)},
                     {"unit", core::metric_unit(m)},
                     {"iterations", w.iterations},
                     {"phase", phase},
                     {"verdict", verdict}};
    if (w.dispatch_us_p50) j["dispatch_us"] = *w.dispatch_us_p50;
    if (w.round_trip_us_p50) j["round_trip_us"] = *w.round_trip_us_p50;
    if (live.last) j["confidence"] = live.last->confidence;
    if (w.span_ns > 0) {
      // The submitting thread's time, as shares of the window's span: inside
      // OpenCL calls (of which blocked waiting), its own host work, idle gaps.
      j["device_busy_pct"] = std::min(100.0, share(w.device_busy_ns + w.transfer_ns));
      j["api_pct"] = share(w.api_wall_ns);
      if (api_cpu_known) j["api_cpu_pct"] = share(w.api_cpu_ns);
      j["wait_pct"] = share(w.wait_wall_ns);
      j["host_work_pct"] = share(w.host_work_ns);
      j["sleep_pct"] = share(w.sleep_ns);
      j["api_calls_per_s"] = static_cast<double>(w.api_calls) / (span * 1e-9);
    }
    return j.dump();
  }
  std::string line = fmt::format("{:.1f}s  {}  ", w.t_end_s, live.info.name);
  line += v ? fmt::format("{:.2f} {}", *v, core::metric_unit(m)) : std::string("-");
  line += fmt::format("  {}  {}  ({} launches", phase, verdict, w.iterations);
  if (w.span_ns > 0) {
    line += fmt::format(", device busy {:.0f}%", std::min(100.0, share(w.device_busy_ns + w.transfer_ns)));
    line += fmt::format(", submit thread: API {:.0f}%", share(w.api_wall_ns));
    if (api_cpu_known) line += fmt::format(" (CPU {:.0f}%)", share(w.api_cpu_ns));
    line += fmt::format(", host work {:.0f}%, {:.0f} calls/s", share(w.host_work_ns),
                        static_cast<double>(w.api_calls) / (span * 1e-9));
  }
  if (w.dispatch_us_p50) line += fmt::format(", dispatch {:.1f} us", *w.dispatch_us_p50);
  if (w.round_trip_us_p50) line += fmt::format(", round trip {:.1f} us", *w.round_trip_us_p50);
  return line + ")";
}

std::string event_line(const core::Event& e) {
  std::string text;
  if (e.evidence.is_object()) {
    if (e.evidence.contains("why"))
      text = e.evidence["why"].get<std::string>();
    else if (e.evidence.contains("text"))
      text = e.evidence["text"].get<std::string>();
  }
  std::string line = fmt::format("clscope: {:.1f}s {}", e.t_s, e.type);
  if (!e.workload.empty()) line += " " + e.workload;
  if (!e.from.empty() || !e.to.empty()) line += " " + e.from + " -> " + e.to;
  if (e.off_gpu) line += " [off the GPU]";
  if (!text.empty()) line += ": " + text;
  return line;
}

void ConsoleSink::on_update(const RunUpdate& u) {
  for (const auto& s : u.setups) {
    if (s.kind == "app") {  // an observed program: nothing built or launched by clscope
      err_ << fmt::format("clscope: {}: observing {} ({})\n", s.workload, s.setup.description,
                          s.setup.verification);
      continue;
    }
    err_ << fmt::format("clscope: {}: {}; build {:.0f} ms, first launch {:.1f} ms; {}\n", s.workload,
                        s.setup.description, s.setup.build_ms, s.setup.first_launch_ms,
                        s.setup.verification);
  }
  for (const auto& w : u.windows) {
    if (w.iterations == 0 || !u.snapshot) continue;
    out_ << tick_line(u.snapshot->workloads.at(static_cast<std::size_t>(w.workload)), w, json_) << "\n";
  }
  for (const auto& e : u.events) err_ << event_line(e) << "\n";
  out_.flush();
}

}  // namespace clscope::app
