// clscope entry point: parses the command line and dispatches to a subcommand.
#include <iostream>
#include <string>
#include <vector>

#include "app/Cli.hpp"
#include "app/Commands.hpp"
#include "app/fleet/CmdFleet.hpp"
#include "app/metrics/CheckDelivery.hpp"
#include "app/metrics/CheckExport.hpp"

#ifndef CLSCOPE_VERSION
#define CLSCOPE_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  using namespace clscope::app;
  CliOptions cli;
  try {
    cli = parse_cli(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const UsageError& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    // A Nagios plugin's bad usage is UNKNOWN (3), not CRITICAL (2).
    for (int i = 1; i < argc; ++i)
      if (std::string(argv[i]) == "--nagios") {
        std::cout << clscope::metrics::nagios_unknown(e.what()).line << "\n";
        return 3;
      }
    return kExitUsage;
  }
  if (cli.help) {
    std::cout << help_text();
    return kExitOk;
  }
  if (cli.version) {
    std::cout << "clscope " << CLSCOPE_VERSION << "\n";
    return kExitOk;
  }
  try {
    if (cli.command == "list") return cmd_list(cli);
    // JSON output only makes sense without the dashboard.
    if (cli.command == "run") return cli.headless || cli.json ? cmd_run_headless(cli) : cmd_dashboard(cli);
    if (cli.command == "report") return cmd_report(cli);
    if (cli.command == "replay") return cmd_replay(cli);
    if (cli.command == "probe") return cmd_probe(cli);
    if (cli.command == "check" && cli.nagios)
      return clscope::metrics::run_as_nagios_plugin([&] { return cmd_check(cli); }, std::cout, std::cerr);
    if (cli.command == "check") return cmd_check(cli);
    if (cli.command == "fleet") return cmd_fleet(cli);
    if (cli.command == "compare") return cmd_compare(cli);
  } catch (const std::exception& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return kExitRuntime;
  }
  std::cerr << "clscope: unknown command '" << cli.command << "'\n";
  return kExitUsage;
}
