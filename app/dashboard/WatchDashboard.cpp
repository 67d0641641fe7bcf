#include "app/dashboard/WatchDashboard.hpp"

#include <unistd.h>

#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "app/cli/Signals.hpp"
#include "app/dashboard/DashboardFeed.hpp"
#include "app/dashboard/OpenScreen.hpp"
#include "app/dashboard/ProcessesFeed.hpp"
#include "app/record/RecordingSink.hpp"
#include "core/Time.hpp"
#include "tui/Dashboard.hpp"

namespace clscope::app {
namespace {

std::string watched(const CliOptions& cli, const watch::RoundContext& ctx) {
  if (cli.pids.empty())
    return ctx.device_filter.empty() ? "every process using a GPU" : "the users of " + ctx.device_filter;
  std::string what = cli.pids.size() == 1 ? "pid" : "pids";
  for (const auto pid : cli.pids) what += " " + std::to_string(pid);
  if (!ctx.device_filter.empty()) what += " on " + ctx.device_filter;
  return what;
}

ProcessesContext view_context(const CliOptions& cli, const watch::RoundContext& ctx) {
  ProcessesContext v;
  v.verdicts = true;
  v.scope = "Watching " + watched(cli, ctx) + " (passive, every 1 s)";
  v.nobody = cli.pids.empty()
                 ? "no process uses a GPU here; a CPU device's users are only known with --pid"
                 : "none of the --pid processes uses a device";
  return v;
}

}  // namespace

ExitCode watch_dashboard(const CliOptions& cli, watch::WatchOptions options, tui::Screen& screen,
                         MetricsOutputs& metrics) {
  const ProcessesContext view = view_context(cli, options.context);
  const std::string scope = watched(cli, options.context);
  const std::string cpu_device = options.context.cpu_device ? options.context.cpu_device->name : "";
  watch::WatchRun run(std::move(options));

  std::mutex mu;
  std::shared_ptr<const watch::WatchRound> latest_round;
  std::shared_ptr<const core::SessionSnapshot> latest_snapshot;
  std::vector<std::string> names;
  UpdateObserver latest([&](const RunUpdate& u) {
    std::lock_guard lock(mu);
    latest_round = u.watch;
    latest_snapshot = u.snapshot;
    names = u.workload_names;
  });
  std::optional<RecordingSink> recording;
  std::vector<RunSink*> sinks{&latest};
  if (cli.record) sinks.push_back(&recording.emplace(*cli.record));
  if (metrics.sink) sinks.push_back(metrics.sink.get());

  std::atomic<bool> stop_run{false};
  std::atomic<bool> stop_ui{false};
  std::atomic<bool> run_done{false};
  ExitCode run_rc = ExitCode::kOk;
  std::thread worker([&] {
    run_rc = run.run(stop_run, sinks);
    run_done = true;
  });
  // --duration closes the dashboard when the watch ends (an error stays on screen).
  std::optional<SignalWatcher> watcher(std::in_place, stop_ui,
                                       [&] { return run_done && run.error().empty(); });

  char host[256] = {};
  gethostname(host, sizeof host - 1);
  const std::int64_t started_ns = core::now_ns();
  DashboardFeed feed;
  auto snapshot = [&]() -> tui::DashboardModel {
    FeedInput in;
    in.host = host;
    in.device = "watch: " + scope;
    in.platform = cpu_device.empty() ? "" : "CPU device " + cpu_device;
    in.t_s = static_cast<double>(core::now_ns() - started_ns) * 1e-9;
    in.uptime_s = in.t_s;
    in.mode = run_done ? (run.error().empty() ? "stopped" : "stopped: error") : "watching";
    std::shared_ptr<const watch::WatchRound> round;
    {
      std::lock_guard lock(mu);
      round = latest_round;
      in.session = latest_snapshot;
      in.workload_names = names;
    }
    in.device_missing = "clscope watch reads no device telemetry panel: see the processes (p)";
    in.host_cpu_missing = "not sampled by clscope watch";
    in.topology.path_unavailable_reason = "not read by clscope watch";
    in.topology.bindings_unavailable_reason = "clscope watch binds nothing";
    in.device_details = {{"Watching", scope},
                         {"CPU device", cpu_device.empty() ? "none" : cpu_device},
                         {"procfs root", cli.procfs_root},
                         {"sysfs root", cli.sysfs_root}};
    in.processes = processes_info(round.get(), view);
    if (!run.error().empty()) in.status = "error: " + run.error();
    return feed.build(in);
  };
  tui::DashboardOptions opts;
  opts.ascii = cli.ascii;
  opts.stop = &stop_ui;
  opts.home = tui::View::kProcesses;
  const DashboardEnd end = run_dashboard_to_end(screen, opts, snapshot, [](const tui::Action&) {}, [&] {
    stop_run = true;
    worker.join();
    watcher.reset();
  });
  if (!end.ui_error.empty()) {
    std::cerr << "clscope: dashboard: " << end.ui_error << "\n";
    return ExitCode::kRuntime;
  }
  if (!run.error().empty()) std::cerr << "clscope: watch: " << run.error() << "\n";
  std::cout << run.summary().text();
  if (recording) std::cerr << recording_outcome(*recording) << "\n";
  if (const auto line = metrics_outcome(metrics); !line.empty()) std::cerr << line << "\n";
  std::cout.flush();
  if (end.how == tui::DashboardExit::kStopped && pending_signal()) return interrupted_exit_code();
  return run_rc;
}

}  // namespace clscope::app
