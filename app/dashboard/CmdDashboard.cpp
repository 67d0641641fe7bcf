// `clscope` / `clscope run`: the live dashboard. The run (calibration,
// workloads, analysis, recording) goes on in a background thread; the UI
// thread only reads snapshots, so the screen appears at once and quitting
// takes at most one frame.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include "app/cli/Commands.hpp"
#include "app/dashboard/DashboardFeed.hpp"
#include "app/dashboard/DeviceUsers.hpp"
#include "app/dashboard/OpenScreen.hpp"
#include "app/output/Format.hpp"
#include "app/record/RecordingSink.hpp"
#include "app/run/LiveRun.hpp"
#include "app/run/MetricsOutputs.hpp"
#include "app/run/Scenario.hpp"
#include "app/cli/Signals.hpp"
#include "app/output/Summary.hpp"
#include "app/run/Telemetry.hpp"
#include "probes/Report.hpp"
#include "tui/Dashboard.hpp"
#include "tui/Screen.hpp"
#include "workloads/Buffers.hpp"
#include "workloads/Discovery.hpp"

namespace clscope::app {
namespace {

std::string host_name() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

std::vector<tui::KeyValue> device_details(const LiveRun& run) {
  const auto& d = run.device_info();
  std::vector<tui::KeyValue> kv{
      {"Name", d.name},
      {"Vendor", d.vendor},
      {"Type", d.type},
      {"Driver", d.driver_version},
      {"Device version", d.device_version},
      {"OpenCL C", d.opencl_c_version},
      {"Platform", run.platform_version()},
      {"Compute units", std::to_string(d.compute_units)},
      {"Max clock", std::to_string(d.max_clock_mhz) + " MHz"},
      {"Global memory", workloads::format_bytes(static_cast<double>(d.global_mem_bytes))},
      {"Max allocation", workloads::format_bytes(static_cast<double>(d.max_alloc_bytes))},
      {"Global cache", workloads::format_bytes(static_cast<double>(d.global_cache_bytes))},
      {"Local memory", workloads::format_bytes(static_cast<double>(d.local_mem_bytes))},
      {"PCI address", d.pci ? d.pci->to_string() : "none (" + d.pci_source + ")"},
  };
  std::string exts;
  for (const auto& e : d.extensions_of_interest) exts += (exts.empty() ? "" : " ") + e;
  kv.push_back({"Extensions", exts.empty() ? "(none of interest)" : exts});
  auto opt = [](const std::optional<double>& v, const char* unit, int prec) {
    return v ? fixed(*v, prec) + " " + unit : std::string("not measured");
  };
  if (const auto* c = run.ceilings()) {
    // Each ceiling with how far to trust it: source, trials, spread, trust.
    const std::pair<core::CeilingKey, const char*> rows[] = {
        {core::CeilingKey::memory, "Memory bandwidth"}, {core::CeilingKey::compute, "Compute"},
        {core::CeilingKey::h2d, "Host to device"},      {core::CeilingKey::d2h, "Device to host"},
        {core::CeilingKey::dispatch, "Launch dispatch"}, {core::CeilingKey::round_trip, "Launch round trip"}};
    for (const auto& [key, label] : rows) {
      const auto& e = c->record.at(key);
      std::string text = opt(e.value, core::ceiling_unit(key), 1);
      if (e.value) {
        text += " (" + std::string(c->from_cache ? "cached, measured " + c->record.measured_at : "measured");
        if (e.trials > 0) text += ", " + std::to_string(e.trials) + " trials";
        if (e.spread) text += ", spread " + fixed(*e.spread * 100, 1) + "%";
        text += ")";
        if (!e.trusted) text += " UNTRUSTED: " + e.reason;
      } else if (!e.reason.empty()) {
        text += ": " + e.reason;
      }
      kv.push_back({label, text});
    }
  } else {
    kv.push_back({"Ceilings", "being measured"});
  }
  const auto est = workloads::spec_estimates(d);
  kv.push_back({"Compute (spec estimate)",
                est.compute_gflops ? fixed(*est.compute_gflops, 1) + " GFLOP/s = " + est.compute_basis
                                   : est.compute_basis});
  if (auto set = run.latest_probes()) {
    const auto* r = run.device_reading(*set);
    const auto gen = metric_of(r, "pcie_max_gen");
    const auto width = metric_of(r, "pcie_max_width");
    const auto link = gen && width ? workloads::pcie_link_gbs(static_cast<int>(*gen), static_cast<int>(*width))
                                   : std::nullopt;
    kv.push_back({"PCIe link (spec estimate)",
                  link ? fixed(*link, 1) + " GB/s per direction = Gen" + fixed(*gen, 0) + " x" +
                             fixed(*width, 0)
                       : "unavailable: " + missing_reason(r, "pcie_max_gen")});
  }
  return kv;
}

tui::TopologyInfo topology(const LiveRun& run) {
  tui::TopologyInfo t;
  const auto& loc = run.locality();
  if (const auto summary = run.topology_summary()) {
    std::vector<tui::PathNode> path;
    path.push_back({"Machine: " + std::to_string(summary->packages) + " package(s), " +
                        std::to_string(summary->numa_nodes) + " NUMA node(s), " +
                        std::to_string(summary->cores) + " cores, " + std::to_string(summary->pus) +
                        " PUs",
                    "", false});
    std::string nodes;
    for (unsigned n : loc.numa_nodes) nodes += (nodes.empty() ? "" : ",") + std::to_string(n);
    path.push_back({"Device-local NUMA node(s) " + (nodes.empty() ? std::string("?") : nodes) +
                        " (CPUs " + (loc.cpus.empty() ? std::string("?") : loc.cpus) + ")",
                    "", false});
    if (loc.found && !loc.path.empty()) {
      for (auto it = loc.path.rbegin(); it != loc.path.rend(); ++it) {
        tui::PathNode node;
        node.label = it->kind + (it->pci ? " " + it->pci->to_string() : "") +
                     (it->ids.empty() ? "" : " [" + it->ids + "]");
        if (it->link_gbs) node.link = fixed(*it->link_gbs, 2) + " GB/s";
        node.slowest_link = it->pci && loc.slowest_at && *it->pci == *loc.slowest_at;
        path.push_back(node);
      }
    } else {
      path.push_back({"Device: " + run.device_info().name + " - " +
                          (loc.reason.empty() ? std::string("no PCI path") : loc.reason),
                      "", false});
    }
    t.path = path;
  } else {
    t.path_unavailable_reason = "hwloc topology unavailable: " + run.topology_error();
  }
  // Each workload thread's binding, and from the thread-table probe its CPU
  // use and context switches (voluntary / involuntary).
  const probes::ProbeReading* threads = nullptr;
  auto set = run.latest_probes();
  if (set) threads = set->find("process.threads");
  std::vector<tui::ThreadBinding> binds;
  for (const auto& b : run.bindings()) {
    std::string text = b.result.applied ? b.result.cpus + " - " + b.result.requested
                                        : "unbound: " + b.result.reason;
    if (threads)
      for (const auto& th : threads->sample.threads)
        if (th.name == b.thread) {
          if (th.cpu_pct) text += "; CPU " + fixed(*th.cpu_pct, 1) + "%";
          if (th.voluntary_ctxt && th.nonvoluntary_ctxt)
            text += ", ctx switches " + std::to_string(*th.voluntary_ctxt) + " / " +
                    std::to_string(*th.nonvoluntary_ctxt);
        }
    binds.push_back({b.thread + " (" + b.workload + ")", text});
  }
  if (binds.empty())
    t.bindings_unavailable_reason = "workload threads have not started yet";
  else
    t.bindings = binds;
  return t;
}

}  // namespace

ExitCode cmd_dashboard(const CliOptions& cli) {
  auto resolved = resolve_run(cli);
  if (auto* code = std::get_if<ExitCode>(&resolved)) return *code;
  const config::Scenario scenario = std::get<ResolvedRun>(resolved).scenario;
  const workloads::DeviceInfo device = std::get<ResolvedRun>(resolved).device;

  // Before the screen opens: a taken --listen port is said on a plain terminal.
  MetricsOutputs metrics = open_metrics_outputs(cli);
  if (!metrics.error.empty()) {
    std::cerr << "clscope: " << metrics.error << "\n";
    return ExitCode::kUsage;
  }
  const auto opened = open_dashboard_screen(cli);
  if (!opened) return ExitCode::kUsage;
  tui::Screen& screen = *opened;

  LiveRun run(device, scenario, LiveRunOptions{cli.recalibrate, cli.raw_command_line, probe_options(cli), {}});
  std::optional<RecordingSink> recording;
  std::vector<RunSink*> sinks;
  if (!scenario.record.empty()) sinks.push_back(&recording.emplace(scenario.record));
  if (metrics.sink) sinks.push_back(metrics.sink.get());
  std::atomic<bool> stop_run{false};
  std::atomic<bool> stop_ui{false};
  std::atomic<bool> run_done{false};
  ExitCode run_rc = ExitCode::kOk;
  std::thread worker([&] {
    run_rc = run.run(stop_run, sinks);
    run_done = true;
  });
  // A run given a --duration closes the dashboard when it ends (an error
  // stays on screen until the operator quits).
  std::optional<SignalWatcher> watcher(std::in_place, stop_ui, [&] {
    return run_done && scenario.duration_s > 0 && run.error().empty();
  });

  // Who else uses the device (key p), scanned on its own thread.
  DeviceUsersPlan users_plan = plan_device_users(device, probe_options(cli), getpid());
  DeviceUsers users(users_plan.options);

  DashboardFeed feed;
  const std::string host = host_name();
  std::string platform_label = "driver " + device.driver_version;
  for (const auto& p : workloads::discover())
    if (p.index == device.platform_index) platform_label = p.name + " / driver " + device.driver_version;
  std::vector<tui::KeyValue> details;
  bool details_final = false;
  int markers = 0;
  auto snapshot = [&]() -> tui::DashboardModel {
    FeedInput in;
    in.host = host;
    in.device = device.name;
    in.platform = platform_label;
    in.uptime_s = run.elapsed_s();
    in.t_s = run.elapsed_s();
    const auto statuses = run.statuses();
    const auto running = run.running_flags();
    int building = 0;
    for (std::size_t i = 0; i < scenario.workloads.size(); ++i) {
      in.workload_names.push_back(scenario.workloads[i].name);
      in.workload_kinds.push_back(scenario.workloads[i].kind);
      WorkloadStatusView v;
      if (i < statuses.size()) {
        v.state = workloads::run_state_name(statuses[i].state);
        v.error = statuses[i].error;
        if (statuses[i].state == workloads::RunState::building ||
            statuses[i].state == workloads::RunState::pending)
          ++building;
      }
      v.running = i < running.size() ? running[i] : true;
      in.statuses.push_back(v);
    }
    const RunState state = run.state();
    in.mode = describe(state);
    if (state.phase == RunPhase::kRunning && building > 0)
      in.mode = "compiling kernels " +
                std::to_string(scenario.workloads.size() - static_cast<std::size_t>(building)) +
                "/" + std::to_string(scenario.workloads.size());
    if (run_done) in.mode = run.error().empty() ? "stopped" : "stopped: error";
    in.session = run.snapshot();
    if (auto set = run.latest_probes()) {
      if (const auto* r = run.device_reading(*set))
        in.device_sample = r->sample;
      else
        in.device_missing = "no telemetry backend matched this device";
      if (const auto* h = set->find("host.cpu")) {
        auto it = h->sample.metrics.find("cpu_busy_pct");
        if (it != h->sample.metrics.end()) in.host_cpu_pct = it->second;
        else in.host_cpu_missing = h->sample.reason;
      }
    } else {
      in.device_missing = "waiting for the first probe sample";
      in.host_cpu_missing = "waiting for the first probe sample";
    }
    if (!details_final) {
      details = device_details(run);
      details_final = run.ceilings() != nullptr && run.latest_probes() != nullptr;
    }
    in.device_details = details;
    in.topology = topology(run);
    in.processes = processes_info(users.latest().get(), users_plan.view);
    if (!run.error().empty()) in.status = "error: " + run.error();
    return feed.build(in);
  };
  auto on_action = [&](const tui::Action& a) {
    switch (a.type) {
      case tui::ActionType::kTogglePause: run.set_paused(!run.paused()); break;
      case tui::ActionType::kResetStats: run.request_reset(); break;
      case tui::ActionType::kMarker: run.add_marker("marker " + std::to_string(++markers)); break;
      case tui::ActionType::kStartWorkload: run.set_workload_running(a.workload, true); break;
      case tui::ActionType::kStopWorkload: run.set_workload_running(a.workload, false); break;
      case tui::ActionType::kAcknowledge: run.acknowledge(); break;
      default: break;
    }
  };
  tui::DashboardOptions opts;
  opts.ascii = cli.ascii;
  opts.stop = &stop_ui;
  const DashboardEnd end = run_dashboard_to_end(screen, opts, snapshot, on_action, [&] {
    stop_run = true;
    worker.join();
    watcher.reset();
  });
  if (!end.ui_error.empty()) {
    std::cerr << "clscope: dashboard: " << end.ui_error << "\n";
    return ExitCode::kRuntime;
  }
  if (!run.error().empty()) std::cerr << "clscope: " << run.error() << "\n";
  const auto summary = run.summary();
  if (!summary.is_null()) std::cout << summary_text(summary);
  if (recording) std::cerr << recording_outcome(*recording) << "\n";
  if (const auto line = metrics_outcome(metrics); !line.empty()) std::cerr << line << "\n";
  if (end.how == tui::DashboardExit::kStopped && pending_signal()) return interrupted_exit_code();
  return run_rc;  // also after `q`: an error the run hit is the exit status
}

}  // namespace clscope::app
