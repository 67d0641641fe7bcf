// `clscope run --headless`: clscope's workloads as the source; the console
// lines, with --record the recording, with --metrics-file / --listen the
// Prometheus text as sinks; the summary at the end.
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "app/cli/Commands.hpp"
#include "app/cli/Signals.hpp"
#include "app/output/ConsoleSink.hpp"
#include "app/output/Summary.hpp"
#include "app/record/RecordingSink.hpp"
#include "app/run/CalibrationWatch.hpp"
#include "app/run/LiveRun.hpp"
#include "app/run/MetricsOutputs.hpp"
#include "app/run/Scenario.hpp"

namespace clscope::app {

ExitCode cmd_run_headless(const CliOptions& cli) {
  auto resolved = resolve_run(cli);
  if (auto* code = std::get_if<ExitCode>(&resolved)) return *code;
  const config::Scenario scenario = std::get<ResolvedRun>(resolved).scenario;
  const workloads::DeviceInfo device = std::get<ResolvedRun>(resolved).device;

  MetricsOutputs metrics = open_metrics_outputs(cli);
  if (!metrics.error.empty()) {
    std::cerr << "clscope: " << metrics.error << "\n";
    return ExitCode::kUsage;
  }
  LiveRun run(device, scenario, LiveRunOptions{cli.recalibrate, cli.raw_command_line, probe_options(cli), {}});
  ConsoleSink console(std::cout, std::cerr, cli.json);
  std::optional<RecordingSink> recording;
  std::vector<RunSink*> sinks{&console};
  if (!scenario.record.empty()) sinks.push_back(&recording.emplace(scenario.record));
  if (metrics.sink) sinks.push_back(metrics.sink.get());
  std::atomic<bool> stop{false};
  std::optional<SignalWatcher> watcher(std::in_place, stop);
  const ExitCode rc = run.run(stop, sinks);
  watcher.reset();
  if (!run.error().empty()) std::cerr << "clscope: " << run.error() << "\n";
  if (const auto* c = run.ceilings(); c && !c->from_cache)
    std::cerr << calibration_note(*c) << "\n";
  for (const auto& st : run.statuses())
    if (!st.verify_after_result.empty()) std::cerr << "clscope: verify: " << st.verify_after_result << "\n";
  const nlohmann::json summary = run.summary();
  if (!summary.is_null()) {
    if (cli.json)
      std::cout << summary.dump() << "\n";
    else
      std::cout << summary_text(summary);
  }
  if (recording) std::cerr << recording_outcome(*recording) << "\n";
  if (const auto line = metrics_outcome(metrics); !line.empty()) std::cerr << line << "\n";
  std::cout.flush();
  if (stop && rc == ExitCode::kOk) return interrupted_exit_code();
  return rc;
}

}  // namespace clscope::app
