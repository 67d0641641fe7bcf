// `clscope run -- CMD` without --headless: the dashboard over an observed
// program. AppSource runs on a worker thread (it forwards signals to the
// program and ends when the program does); the UI thread reads its session
// snapshot. The program's stdout/stderr go to a log file (program_log_path,
// shown on screen and after the dashboard closes) so they cannot tear the
// screen. Quitting asks the program to end (SIGTERM, SIGKILL 5 s later).
// The main view shows the top kernels by total device time so far in place
// of the device panel; the details view (d) lists every kernel and the copies;
// the processes view (p) scans every GPU user and the program (DeviceUsers).
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "app/cli/Commands.hpp"
#include "app/dashboard/DashboardFeed.hpp"
#include "app/dashboard/DeviceUsers.hpp"
#include "app/dashboard/OpenScreen.hpp"
#include "app/record/RecordingSink.hpp"
#include "app/run/MetricsOutputs.hpp"
#include "app/run/program/AppFigures.hpp"
#include "app/run/program/AppSource.hpp"
#include "app/run/program/ProgramSetup.hpp"
#include "app/run/program/AppSummary.hpp"
#include "core/Time.hpp"
#include "tui/Dashboard.hpp"
#include "tui/Screen.hpp"

namespace clscope::app {

ExitCode cmd_program_dashboard(const CliOptions& cli) {
  auto setup = program_setup(cli);
  if (auto* code = std::get_if<ExitCode>(&setup)) return *code;
  AppSourceOptions options = std::get<ProgramSetup>(setup).options;
  const std::string setup_note = std::get<ProgramSetup>(setup).note;
  // (before the screen opens: what it prints must reach the terminal)
  const bool color = tui::color_enabled(cli.no_color, std::getenv("NO_COLOR"));
  auto opened = tui::Screen::open(tui::ScreenOptions{color, cli.ascii});
  if (!opened.screen) {
    std::cerr << "clscope: " << opened.error << "\n";
    return ExitCode::kUsage;
  }
  tui::Screen& screen = *opened.screen;

  options.output_log = program_log_path(cli.record, program_name(cli.program));
  MetricsOutputs metrics = open_metrics_outputs(cli);  // bound before the program starts
  if (!metrics.error.empty()) {
    std::cerr << "clscope: " << metrics.error << "\n";
    return ExitCode::kUsage;
  }
  AppSource source(options);
  std::optional<RecordingSink> recording;
  std::vector<RunSink*> sinks;
  if (cli.record) sinks.push_back(&recording.emplace(*cli.record));
  if (metrics.sink) sinks.push_back(metrics.sink.get());
  std::atomic<bool> stop_ui{false};
  ExitCode run_rc = ExitCode::kOk;
  const std::int64_t started_ns = core::now_ns();
  std::thread worker([&] {
    run_rc = source.run(sinks);
    stop_ui = true;  // the program ended: the dashboard closes
  });

  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::string argv_text;
  for (const auto& a : cli.program) argv_text += (argv_text.empty() ? "" : " ") + a;
  DashboardFeed feed;
  std::optional<DeviceUsersPlan> users_plan;
  std::optional<DeviceUsers> users;  // UI thread only (made and destroyed here)
  auto snapshot = [&]() -> tui::DashboardModel {
    FeedInput in;
    in.host = host;
    in.device = "observed program: " + argv_text;
    in.platform = "loader layer";
    in.t_s = static_cast<double>(core::now_ns() - started_ns) * 1e-9;
    in.uptime_s = in.t_s;
    in.mode = source.done() ? "program ended" : "observing";
    in.session = source.snapshot();
    in.workload_names = {source.name()};
    in.workload_kinds = {"app"};
    in.statuses = {WorkloadStatusView{source.done() ? "stopped" : "running", source.error(), true}};
    in.device_missing = "no device telemetry for an observed program";
    in.host_cpu_missing = "no host probes for an observed program";
    in.topology.path_unavailable_reason = "not read for an observed program";
    in.topology.bindings_unavailable_reason = "the program binds its own threads";
    // The processes view: scanned from the moment the program has a pid.
    if (!users && source.program_pid() > 0) {
      users_plan = plan_program_users(source.program_pid(), probe_options(cli));
      users.emplace(users_plan->options);
    }
    if (users)
      in.processes = processes_info(users->latest().get(), users_plan->view);
    else
      in.processes.empty_reason = "the program has not started yet";
    in.device_details = {{"Program", argv_text}, {"Program output", *options.output_log}};
    if (!setup_note.empty()) in.device_details.push_back({"Declared kernels", setup_note});
    // The kernels by total time so far (the windows closed until now): the
    // main view's panel, and every one of them in the details view.
    const AppFigures figures = source.figures();
    auto& top = in.top_kernels.emplace();
    for (const KernelSummary& k : kernel_summaries(figures)) {
      top.push_back({k.name, k.count, k.total_s, k.p99_us, k.share});
      auto num = [](const std::optional<double>& v, double scale, const char* spec) {
        return v ? fmt::format(fmt::runtime(spec), *v * scale) : std::string("-");
      };
      in.device_details.push_back(
          {fmt::format("Kernel #{}", top.size()),
           fmt::format("{}: {} launches, {:.3f} s, p50 {} us, p99 {} us, {}% of kernel time", k.name, k.count,
                       k.total_s, num(k.p50_us, 1, "{:.1f}"), num(k.p99_us, 1, "{:.1f}"),
                       num(k.share, 100, "{:.0f}"))});
    }
    for (const auto& [dir, c] : figures.copies)
      in.device_details.push_back({"Copies " + dir, fmt::format("{} commands, {:.0f} bytes", c.count, c.bytes)});
    in.status = "program output: " + *options.output_log;
    if (!source.error().empty()) in.status = "error: " + source.error();
    return feed.build(in);
  };
  auto on_action = [&](const tui::Action&) {};  // pause, markers, start/stop: not for a program
  tui::DashboardOptions opts;
  opts.ascii = cli.ascii;
  opts.stop = &stop_ui;
  const DashboardEnd end = run_dashboard_to_end(screen, opts, snapshot, on_action, [&] {
    source.request_stop();  // quit (or an error): the program ends too
    worker.join();
    users.reset();
  });
  if (!end.ui_error.empty()) std::cerr << "clscope: dashboard: " << end.ui_error << "\n";
  if (!source.error().empty()) std::cerr << "clscope: " << source.error() << "\n";
  if (!source.program_status()) {
    std::cerr << "clscope: exit status " << to_int(run_rc) << " is clscope's own (the program did not run)\n";
    return run_rc == ExitCode::kOk ? ExitCode::kRuntime : run_rc;
  }
  std::cerr << app_summary_text(source.summary());
  if (recording) std::cerr << recording_outcome(*recording) << "\n";
  if (run_rc != ExitCode::kOk) return run_rc;
  return static_cast<ExitCode>(*source.program_status());
}

}  // namespace clscope::app
