// clscope entry point: parses the command line and dispatches to a subcommand.
// Each command is a choice of sources and sinks (docs/ARCHITECTURE.md); this
// file only picks one and turns its ExitCode into the process status.
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/Cli.hpp"
#include "app/cli/Commands.hpp"
#include "app/fleet/CmdFleet.hpp"
#include "app/metrics/CheckDelivery.hpp"
#include "app/metrics/CheckExport.hpp"

#ifndef CLSCOPE_VERSION
#define CLSCOPE_VERSION "0.0.0"
#endif

namespace {

using namespace clscope::app;

ExitCode dispatch(const CliOptions& cli) {
  struct Entry {
    const char* name;
    ExitCode (*run)(const CliOptions&);
  };
  static constexpr Entry kCommands[] = {
      {"list", cmd_list},       {"report", cmd_report}, {"replay", cmd_replay},
      {"probe", cmd_probe},     {"check", cmd_check},   {"compare", cmd_compare},
      {"fleet", cmd_fleet},     {"watch", cmd_watch},   {"calibrate", cmd_calibrate},
  };
  if (cli.command == "run" && !cli.program.empty()) return cmd_run_program(cli);
  // JSON output only makes sense without the dashboard.
  if (cli.command == "run") return cli.headless || cli.json ? cmd_run_headless(cli) : cmd_dashboard(cli);
  // As a Nagios plugin, check prints one status line and maps its exit code.
  if (cli.command == "check" && cli.nagios)
    return static_cast<ExitCode>(clscope::metrics::run_as_nagios_plugin(
        [&] { return to_int(cmd_check(cli)); }, std::cout, std::cerr));
  for (const auto& c : kCommands)
    if (cli.command == c.name) return c.run(cli);
  std::cerr << "clscope: unknown command '" << cli.command << "'\n";
  return ExitCode::kUsage;
}

ExitCode run_main(const std::vector<std::string>& argv) {
  CliOptions cli;
  try {
    cli = parse_cli(argv);
  } catch (const UsageError& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    // A Nagios plugin's bad usage is UNKNOWN (3), not CRITICAL (2).
    for (const auto& word : argv)
      if (word == "--nagios") {
        std::cout << clscope::metrics::nagios_unknown(e.what()).line << "\n";
        return ExitCode::kNagiosUnknown;
      }
    return ExitCode::kUsage;
  }
  if (cli.help) {
    std::cout << help_text();
    return ExitCode::kOk;
  }
  if (cli.version) {
    std::cout << "clscope " << CLSCOPE_VERSION << "\n";
    return ExitCode::kOk;
  }
  try {
    return dispatch(cli);
  } catch (const std::exception& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return ExitCode::kRuntime;
  }
}

}  // namespace

int main(int argc, char** argv) {
  return to_int(run_main(std::vector<std::string>(argv + 1, argv + argc)));
}
