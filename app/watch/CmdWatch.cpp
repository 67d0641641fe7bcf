// `clscope watch`: the watched processes as the source (WatchRun); the
// watch console lines (or, on a terminal without --headless, the dashboard:
// WatchDashboard.hpp) and, with --record, the recording as sinks; the
// clscope.watch/1 summary at the end. Runs no workload, calibrates nothing and
// allocates nothing on any device: OpenCL is only asked which devices exist
// (to tell a CPU device, POCL, whose work runs on the watched process's threads).
#include <sys/utsname.h>
#include <unistd.h>

#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "app/cli/Commands.hpp"
#include "app/cli/Signals.hpp"
#include "app/dashboard/OpenScreen.hpp"
#include "app/dashboard/WatchDashboard.hpp"
#include "app/record/RecordingSink.hpp"
#include "app/run/MetricsOutputs.hpp"
#include "app/run/Scenario.hpp"
#include "app/watch/WatchConsoleSink.hpp"
#include "app/watch/WatchRun.hpp"
#include "probes/Registry.hpp"
#include "workloads/DeviceSelect.hpp"

#ifndef CLSCOPE_VERSION
#define CLSCOPE_VERSION "0.0.0"
#endif

namespace clscope::app {

namespace {

watch::CpuDevice cpu_device_of(const workloads::DeviceInfo& d) {
  return {d.name, std::max(1u, d.compute_units)};
}

/// Which device is watched: --device picks one (a GPU filters the processes
/// by its PCI address; a CPU device takes the --pid processes that use no
/// GPU); without it, the first CPU OpenCL device (if any) takes them.
std::optional<ExitCode> choose_device(const CliOptions& cli, watch::RoundContext& ctx) {
  if (cli.device) {
    config::Scenario s;
    s.device = *cli.device;
    auto picked = resolve_device(s);
    if (auto* code = std::get_if<ExitCode>(&picked)) return *code;
    const auto& d = std::get<workloads::DeviceInfo>(picked);
    if (d.is_cpu()) {
      ctx.cpu_device = cpu_device_of(d);
      ctx.device_filter = "cpu:" + d.name;
    } else if (d.pci) {
      ctx.device_filter = d.pci->to_string();
    } else {
      std::cerr << "clscope: watch: " << d.name
                << " has no PCI address: its processes cannot be told apart; watching all\n";
    }
    return std::nullopt;
  }
  if (cli.pids.empty()) return std::nullopt;
  try {
    for (const auto& p : workloads::discover())
      for (const auto& d : p.devices)
        if (d.is_cpu() && !ctx.cpu_device) ctx.cpu_device = cpu_device_of(d);
  } catch (const std::exception& e) {
    std::cerr << "clscope: watch: OpenCL: " << e.what() << " (no CPU device: GPUs only)\n";
  }
  return std::nullopt;
}

nlohmann::json watch_manifest(const CliOptions& cli, const watch::RoundContext& ctx) {
  utsname u{};
  uname(&u);
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return {{"clscope_version", CLSCOPE_VERSION},
          {"command_line", cli.raw_command_line},
          {"command", "watch"},
          {"host", host},
          {"os", {{"sysname", u.sysname}, {"release", u.release}, {"machine", u.machine}}},
          {"watch",
           {{"pids", cli.pids},
            {"device", ctx.device_filter},
            {"cpu_device", ctx.cpu_device ? ctx.cpu_device->name : ""},
            {"procfs_root", cli.procfs_root},
            {"sysfs_root", cli.sysfs_root}}}};
}

}  // namespace

ExitCode cmd_watch(const CliOptions& cli) {
  if (!cli.args.empty()) {
    std::cerr << "clscope: watch takes no arguments (got '" << cli.args.front() << "')\n";
    return ExitCode::kUsage;
  }
  const probes::ProbeOptions po = probe_options(cli);
  for (const auto pid : cli.pids)
    if (!po.root.fs->exists(po.root.proc(std::to_string(pid)))) {
      std::cerr << fmt::format("clscope: watch: --pid {}: no such process in {}\n", pid,
                               po.root.procfs.string());
      return ExitCode::kUsage;
    }
  watch::WatchOptions o;
  if (auto code = choose_device(cli, o.context)) return *code;
  o.scan.root = po.root;
  o.scan.pids = cli.pids;
  std::string nvml_error;
  o.scan.nvml = probes::NvmlLibrary::load(po.nvml_paths, nvml_error);  // nullptr: no NVML
  for (auto& p : probes::discover_probes(po).probes)
    if (p->device_info()) o.device_probes.push_back(std::move(p));
  o.duration_s = cli.duration_s.value_or(0);
  o.manifest = watch_manifest(cli, o.context);
  MetricsOutputs metrics = open_metrics_outputs(cli);  // bound before anything runs
  if (!metrics.error.empty()) {
    std::cerr << "clscope: " << metrics.error << "\n";
    return ExitCode::kUsage;
  }
  // On a terminal (and without --headless / --json): the dashboard, with the
  // processes view as its home. Anywhere else: lines, as always.
  if (!cli.headless && !cli.json && isatty(STDOUT_FILENO) != 0) {
    if (auto screen = open_dashboard_screen(cli))
      return watch_dashboard(cli, std::move(o), *screen, metrics);
    std::cerr << "clscope: watch: printing lines instead\n";
  }
  watch::WatchRun run(std::move(o));
  watch::WatchConsoleSink console(std::cout, std::cerr, cli.json);
  std::optional<RecordingSink> recording;
  std::vector<RunSink*> sinks{&console};
  if (cli.record) sinks.push_back(&recording.emplace(*cli.record));
  if (metrics.sink) sinks.push_back(metrics.sink.get());
  std::atomic<bool> stop{false};
  std::optional<SignalWatcher> watcher(std::in_place, stop);
  const ExitCode rc = run.run(stop, sinks);
  watcher.reset();
  if (!run.error().empty()) std::cerr << "clscope: watch: " << run.error() << "\n";
  if (cli.json)
    std::cout << run.summary().json().dump() << "\n";
  else
    std::cout << run.summary().text();
  if (recording) std::cerr << recording_outcome(*recording) << "\n";
  if (const auto line = metrics_outcome(metrics); !line.empty()) std::cerr << line << "\n";
  std::cout.flush();
  if (stop && rc == ExitCode::kOk) return interrupted_exit_code();
  return rc;
}

}  // namespace clscope::app
