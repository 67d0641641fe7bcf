#include "app/fleet/CmdFleet.hpp"

#include <iostream>

#include "app/fleet/Fleet.hpp"
#include "app/fleet/FleetInput.hpp"
#include "app/fleet/FleetOutput.hpp"

namespace clscope::app {

ExitCode cmd_fleet(const CliOptions& cli) {
  constexpr const char* kUsage = "clscope fleet report FILES|DIR [--json] [--mad-k K] [--min-ratio R] [--mad-floor F]";
  if (cli.args.empty() || cli.args.front() != "report") {
    std::cerr << "clscope: fleet needs a subcommand: " << kUsage << "\n";
    return ExitCode::kUsage;
  }
  if (cli.args.size() < 2) {
    std::cerr << "clscope: fleet report needs result files or a folder: " << kUsage << "\n";
    return ExitCode::kUsage;
  }
  fleet::FleetSettings settings;
  if (cli.mad_k) settings.mad_k = *cli.mad_k;
  if (cli.min_ratio) settings.min_ratio = *cli.min_ratio;
  if (cli.mad_floor) settings.mad_floor = *cli.mad_floor;
  if (settings.min_ratio > 1) {
    std::cerr << "clscope: --min-ratio " << settings.min_ratio << ": expected a fraction in (0, 1]\n";
    return ExitCode::kUsage;
  }
  const auto inputs = fleet::load_fleet_inputs({cli.args.begin() + 1, cli.args.end()});
  if (!inputs.errors.empty()) {
    for (const auto& e : inputs.errors) std::cerr << "clscope: fleet report: " << e << "\n";
    std::cerr << "clscope: fleet report: " << inputs.errors.size()
              << " unreadable input(s); nothing compared\n";
    return ExitCode::kUsage;
  }
  const auto report = fleet::analyse_fleet(inputs.results, settings);
  if (cli.json)
    std::cout << fleet::fleet_json(report).dump(2) << "\n";
  else
    std::cout << fleet::fleet_table(report);
  std::cout.flush();
  return report.any_outlier() ? ExitCode::kCheckFailed : ExitCode::kOk;
}

}  // namespace clscope::app
