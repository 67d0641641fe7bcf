// `clscope run [--headless] [--json] -- CMD ARGS...`: the observed program as
// the source (AppSource), the console lines and, with --record, the recording
// as sinks; the summary at the end. clscope's own lines go to --output FILE
// or stderr, so the program's stdout and stderr pass through untouched. The
// exit status is the program's (128 + N when a signal N ended it); clscope's
// own failures keep their codes (2 usage, 4 runtime) and say so.
#include <fstream>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "app/cli/Commands.hpp"
#include "app/output/ConsoleSink.hpp"
#include "app/record/RecordingSink.hpp"
#include "app/run/MetricsOutputs.hpp"
#include "app/run/program/AppSource.hpp"
#include "app/run/program/AppSummary.hpp"
#include "app/run/program/ProgramSetup.hpp"

namespace clscope::app {

ExitCode cmd_run_program(const CliOptions& cli) {
  if (!cli.headless && !cli.json) {
    if (cli.output) {
      std::cerr << "clscope: --output applies to 'run --headless -- CMD' (the dashboard shows the lines)\n";
      return ExitCode::kUsage;
    }
    return cmd_program_dashboard(cli);
  }
  std::ofstream file;
  if (cli.output) {
    file.open(*cli.output, std::ios::out | std::ios::trunc);
    if (!file) {
      std::cerr << "clscope: cannot write --output " << *cli.output << "\n";
      return ExitCode::kUsage;
    }
  }
  std::ostream& lines = cli.output ? static_cast<std::ostream&>(file) : std::cerr;

  auto setup = program_setup(cli);
  if (auto* code = std::get_if<ExitCode>(&setup)) return *code;
  const AppSourceOptions& options = std::get<ProgramSetup>(setup).options;
  if (const auto& note = std::get<ProgramSetup>(setup).note; !note.empty()) lines << "clscope: " << note << "\n";
  MetricsOutputs metrics = open_metrics_outputs(cli);  // bound before the program starts
  if (!metrics.error.empty()) {
    std::cerr << "clscope: " << metrics.error << "\n";
    return ExitCode::kUsage;
  }
  AppSource source(options);
  ConsoleSink console(lines, lines, cli.json);
  std::optional<RecordingSink> recording;
  std::vector<RunSink*> sinks{&console};
  if (cli.record) sinks.push_back(&recording.emplace(*cli.record));
  if (metrics.sink) sinks.push_back(metrics.sink.get());

  const ExitCode rc = source.run(sinks);
  if (!source.error().empty()) lines << "clscope: " << source.error() << "\n";
  if (!source.program_status()) {
    lines.flush();
    if (rc == ExitCode::kOk) return ExitCode::kRuntime;
    lines << fmt::format("clscope: exit status {} is clscope's own (the program did not run)\n", to_int(rc));
    return rc;
  }
  const nlohmann::json summary = source.summary();
  lines << (cli.json ? summary.dump() + "\n" : app_summary_text(summary));
  if (recording) lines << recording_outcome(*recording) << "\n";
  if (const auto line = metrics_outcome(metrics); !line.empty()) lines << line << "\n";
  lines.flush();
  if (rc != ExitCode::kOk) {
    lines << fmt::format("clscope: exit status {} is clscope's own (the program exited {})\n",
                         to_int(rc), *source.program_status());
    return rc;
  }
  return static_cast<ExitCode>(*source.program_status());
}

}  // namespace clscope::app
