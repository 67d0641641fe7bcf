#include <iostream>

#include "app/cli/Commands.hpp"
#include "app/analysis/Compare.hpp"
#include "app/record/RecordingLoader.hpp"

namespace clscope::app {

ExitCode cmd_compare(const CliOptions& cli) {
  if (cli.args.size() != 2) {
    std::cerr << "clscope: compare needs two recordings: clscope compare A.jsonl B.jsonl [--json] "
                 "[--force]\n";
    return ExitCode::kUsage;
  }
  LoadedRun a, b;
  try {
    a = load_run(cli.args[0]);
    b = load_run(cli.args[1]);
  } catch (const core::RecordingError& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return ExitCode::kUsage;
  }
  for (const auto* run : {&a, &b})
    for (const auto& w : run->recording.warnings) std::cerr << "clscope: warning: " << w << "\n";
  const Comparability c = comparability(a, b);
  const nlohmann::json j = compare_json(a, cli.args[0], b, cli.args[1], c, cli.force);
  if (cli.json)
    std::cout << j.dump(2) << "\n";
  else
    std::cout << compare_text(j);
  std::cout.flush();
  // A refusal is a result, not bad input: printed, and exit 1.
  return c.comparable || cli.force ? ExitCode::kOk : ExitCode::kCheckFailed;
}

}  // namespace clscope::app
