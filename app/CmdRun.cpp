#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/Commands.hpp"
#include "app/RunController.hpp"
#include "app/Scenario.hpp"
#include "app/Signals.hpp"
#include "app/Summary.hpp"
#include "core/Time.hpp"
#include "workloads/ClError.hpp"

namespace clscope::app {
namespace {

std::string fmt(double v, int prec) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", prec, v);
  return buf;
}

void print_tick_text(const WorkloadSlot& slot, const core::WindowStats& w) {
  const auto v = w.value(slot.info.metric);
  std::string line = fmt(w.t_end_s, 1) + "s  " + slot.info.name + "  ";
  line += v ? fmt(*v, 2) + " " + core::metric_unit(slot.info.metric) : std::string("-");
  line += "  (" + std::to_string(w.iterations) + " launches";
  if (w.span_ns > 0) {
    const double busy = static_cast<double>(w.device_busy_ns + w.transfer_ns) /
                        static_cast<double>(w.span_ns);
    line += ", device busy " + fmt(100 * std::min(1.0, busy), 0) + "%";
  }
  if (w.dispatch_us_p50) line += ", dispatch " + fmt(*w.dispatch_us_p50, 1) + " us";
  if (w.round_trip_us_p50) line += ", round trip " + fmt(*w.round_trip_us_p50, 1) + " us";
  std::cout << line << ")\n";
}

nlohmann::json tick_json(const WorkloadSlot& slot, const core::WindowStats& w) {
  const auto v = w.value(slot.info.metric);
  nlohmann::json j{{"type", "tick"},
                   {"t_s", std::round(w.t_end_s * 1000) / 1000},
                   {"workload", slot.info.name},
                   {"value", v ? nlohmann::json(*v) : nlohmann::json(nullptr)},
                   {"unit", core::metric_unit(slot.info.metric)},
                   {"iterations", w.iterations}};
  if (w.dispatch_us_p50) j["dispatch_us"] = *w.dispatch_us_p50;
  if (w.round_trip_us_p50) j["round_trip_us"] = *w.round_trip_us_p50;
  return j;
}

}  // namespace

int cmd_run_headless(const CliOptions& cli) {
  config::Scenario scenario;
  try {
    scenario = resolve_scenario(cli);
  } catch (const config::ConfigError& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return kExitUsage;
  }
  auto picked = resolve_device(scenario);
  if (auto* code = std::get_if<int>(&picked)) return *code;
  const auto& device = std::get<workloads::DeviceInfo>(picked);

  install_signal_handlers();
  std::unique_ptr<RunController> run;
  try {
    run = std::make_unique<RunController>(device, scenario);
  } catch (const workloads::ClError& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return kExitRuntime;
  } catch (const config::ConfigError& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return kExitUsage;
  }
  std::cerr << "clscope: device " << device.global_index << " \"" << device.name << "\" ("
            << run->device().platform_name() << ", " << run->device().platform_version()
            << ")\n";
  run->start();

  const auto window_ns = static_cast<std::int64_t>(scenario.window_s * 1e9);
  std::int64_t next = run->origin_ns() + window_ns;
  std::vector<bool> announced(run->slots().size(), false);
  int exit_code = kExitOk;
  bool done = false;
  while (!done) {
    // Sleep to the window boundary in short steps so a signal ends us promptly.
    while (core::now_ns() < next && !pending_signal())
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (pending_signal()) {
      exit_code = kExitInterrupted;
      break;
    }
    next += window_ns;
    auto windows = run->tick();
    bool all_finished = true;
    for (std::size_t i = 0; i < run->slots().size(); ++i) {
      auto& slot = run->slots()[i];
      const auto st = slot.runner->status();
      if (!announced[i] && (st.setup || st.state == workloads::RunState::failed)) {
        announced[i] = true;
        if (st.setup)
          std::cerr << "clscope: " << slot.info.name << ": " << st.setup->description
                    << "; build " << fmt(st.setup->build_ms, 0) << " ms, first launch "
                    << fmt(st.setup->first_launch_ms, 1) << " ms; " << st.setup->verification
                    << "\n";
      }
      if (st.state == workloads::RunState::failed) {
        std::cerr << "clscope: " << slot.info.name << ": " << st.error << "\n";
        exit_code = st.error_kind == workloads::RunnerStatus::ErrorKind::unsupported
                        ? kExitUsage
                        : kExitRuntime;
        done = true;
        continue;
      }
      all_finished = all_finished && st.state == workloads::RunState::stopped;
      if (windows[i].iterations == 0) continue;
      if (cli.json)
        std::cout << tick_json(slot, windows[i]).dump() << "\n";
      else
        print_tick_text(slot, windows[i]);
    }
    std::cout.flush();
    if (scenario.duration_s > 0 && run->elapsed_s() + 1e-3 >= scenario.duration_s) done = true;
    if (all_finished && !run->slots().empty()) done = true;
  }
  run->stop();
  for (auto& slot : run->slots()) {
    const auto st = slot.runner->status();
    if (st.state == workloads::RunState::failed && exit_code == kExitOk) {
      std::cerr << "clscope: " << slot.info.name << ": " << st.error << "\n";
      exit_code = st.error_kind == workloads::RunnerStatus::ErrorKind::verification ? kExitRuntime
                                                                                    : kExitRuntime;
    }
    if (!st.verify_after_result.empty())
      std::cerr << "clscope: " << slot.info.name << ": verify: " << st.verify_after_result << "\n";
  }
  const nlohmann::json summary = run_summary_json(*run, device);
  if (cli.json) {
    std::cout << summary.dump() << "\n";
  } else {
    std::cout << summary_text(summary);
  }
  std::cout.flush();
  return exit_code;
}

}  // namespace clscope::app
