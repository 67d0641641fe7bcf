#include <iostream>

#include "app/cli/Commands.hpp"
#include "app/record/RecordingLoader.hpp"

namespace clscope::app {

ExitCode cmd_report(const CliOptions& cli) {
  if (cli.args.size() != 1) {
    std::cerr << "clscope: report needs one recording: clscope report FILE.jsonl [--json]\n";
    return ExitCode::kUsage;
  }
  try {
    LoadedRun run = load_run(cli.args[0]);
    for (const auto& w : run.recording.warnings) std::cerr << "clscope: warning: " << w << "\n";
    const nlohmann::json r = report_json(run);
    if (cli.json)
      std::cout << r.dump(2) << "\n";
    else
      std::cout << report_text(r);
  } catch (const core::RecordingError& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return ExitCode::kUsage;
  }
  return ExitCode::kOk;
}

}  // namespace clscope::app
