#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/Commands.hpp"
#include "app/LiveRun.hpp"
#include "app/Scenario.hpp"
#include "app/Signals.hpp"
#include "app/Summary.hpp"

namespace clscope::app {
namespace {

std::string fmt(double v, int prec) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", prec, v);
  return buf;
}

void print_tick(const core::WorkloadLive& live, const core::WindowStats& w, bool json) {
  const auto m = live.info.metric;
  const auto v = w.value(m);
  const char* phase = core::phase_name(live.steady.phase);
  const char* verdict = core::verdict_name(live.verdict);
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
      const double span = static_cast<double>(w.span_ns);
      j["device_busy_pct"] = std::min(100.0, 100.0 * static_cast<double>(w.device_busy_ns + w.transfer_ns) / span);
      j["api_pct"] = 100.0 * static_cast<double>(w.api_wall_ns) / span;
      j["api_cpu_pct"] = 100.0 * static_cast<double>(w.api_cpu_ns) / span;
      j["wait_pct"] = 100.0 * static_cast<double>(w.wait_wall_ns) / span;
      j["host_work_pct"] = 100.0 * static_cast<double>(w.host_work_ns) / span;
      j["sleep_pct"] = 100.0 * static_cast<double>(w.sleep_ns) / span;
      j["api_calls_per_s"] = static_cast<double>(w.api_calls) / (span * 1e-9);
    }
    std::cout << j.dump() << "\n";
    return;
  }
  std::string line = fmt(w.t_end_s, 1) + "s  " + live.info.name + "  ";
  line += v ? fmt(*v, 2) + " " + core::metric_unit(m) : std::string("-");
  line += "  " + std::string(phase) + "  " + verdict;
  line += "  (" + std::to_string(w.iterations) + " launches";
  if (w.span_ns > 0) {
    const double busy = static_cast<double>(w.device_busy_ns + w.transfer_ns) /
                        static_cast<double>(w.span_ns);
    line += ", device busy " + fmt(100 * std::min(1.0, busy), 0) + "%";
    const double span = static_cast<double>(w.span_ns);
    line += ", submit thread: API " + fmt(100.0 * static_cast<double>(w.api_wall_ns) / span, 0) +
            "% (CPU " + fmt(100.0 * static_cast<double>(w.api_cpu_ns) / span, 0) + "%), host work " +
            fmt(100.0 * static_cast<double>(w.host_work_ns) / span, 0) + "%, " +
            fmt(static_cast<double>(w.api_calls) / (span * 1e-9), 0) + " calls/s";
  }
  if (w.dispatch_us_p50) line += ", dispatch " + fmt(*w.dispatch_us_p50, 1) + " us";
  if (w.round_trip_us_p50) line += ", round trip " + fmt(*w.round_trip_us_p50, 1) + " us";
  std::cout << line << ")\n";
}

void print_event(const core::Event& e) {
  std::string text = e.evidence.is_object() && e.evidence.contains("why")
                         ? e.evidence["why"].get<std::string>()
                         : (e.evidence.is_object() && e.evidence.contains("text")
                                ? e.evidence["text"].get<std::string>()
                                : std::string());
  std::cerr << "clscope: " << fmt(e.t_s, 1) << "s " << e.type
            << (e.workload.empty() ? "" : " " + e.workload)
            << (e.from.empty() && e.to.empty() ? "" : " " + e.from + " -> " + e.to)
            << (e.off_gpu ? " [off the GPU]" : "") << (text.empty() ? "" : ": " + text) << "\n";
}

}  // namespace


int cmd_run_headless(const CliOptions& cli) {
  auto resolved = resolve_run(cli);
  if (auto* code = std::get_if<int>(&resolved)) return *code;
  const config::Scenario scenario = std::get<ResolvedRun>(resolved).scenario;
  const workloads::DeviceInfo device = std::get<ResolvedRun>(resolved).device;

  LiveRun run(device, scenario, LiveRunOptions{cli.recalibrate, cli.raw_command_line, probe_options(cli)});
  std::atomic<bool> stop{false};
  std::optional<SignalWatcher> watcher(std::in_place, stop);
  std::vector<bool> announced(scenario.workloads.size(), false);
  std::string last_mode;
  int rc = run.run(stop, [&](const Tick& tick) {
    auto snap = run.snapshot();
    const auto statuses = run.statuses();
    for (std::size_t i = 0; i < statuses.size(); ++i) {
      if (!announced[i] && statuses[i].setup) {
        announced[i] = true;
        const auto& s = *statuses[i].setup;
        std::cerr << "clscope: " << scenario.workloads[i].name << ": " << s.description
                  << "; build " << fmt(s.build_ms, 0) << " ms, first launch "
                  << fmt(s.first_launch_ms, 1) << " ms; " << s.verification << "\n";
      }
    }
    for (const auto& w : tick.windows) {
      if (w.iterations == 0 || !snap) continue;
      print_tick(snap->workloads.at(static_cast<std::size_t>(w.workload)), w, cli.json);
    }
    for (const auto& e : tick.events) print_event(e);
    std::cout.flush();
  });
  watcher.reset();
  if (!run.error().empty()) std::cerr << "clscope: " << run.error() << "\n";
  if (const auto* c = run.ceilings(); c && !c->from_cache)
    std::cerr << "clscope: ceilings measured in " << fmt(c->calibration_s, 1)
              << " s (cached for this device and driver; --recalibrate to measure again)\n";
  for (const auto& st : run.statuses())
    if (!st.verify_after_result.empty()) std::cerr << "clscope: verify: " << st.verify_after_result << "\n";
  const nlohmann::json summary = run.summary();
  if (!summary.is_null()) {
    if (cli.json)
      std::cout << summary.dump() << "\n";
    else
      std::cout << summary_text(summary);
  }
  if (!run.recording_path().empty()) {
    if (run.recording_opened())
      std::cerr << "clscope: recorded " << run.recording_path() << "\n";
    else
      std::cerr << "clscope: nothing recorded to " << run.recording_path()
                << ": the run stopped before its workloads started\n";
  }
  std::cout.flush();
  if (stop && rc == 0) return interrupted_exit_code();
  return rc;
}

}  // namespace clscope::app
