#include <iostream>

#include "app/Commands.hpp"
#include "app/RecordingLoader.hpp"

namespace clscope::app {

int cmd_report(const CliOptions& cli) {
  if (cli.args.size() != 1) {
    std::cerr << "clscope: report needs one recording: clscope report FILE.jsonl [--json]\n";
    return kExitUsage;
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
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace clscope::app
