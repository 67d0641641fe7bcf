// clscope entry point: parses the command line and dispatches to a subcommand.
#include <iostream>
#include <string>
#include <vector>

#include "app/Cli.hpp"
#include "app/Commands.hpp"

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
    if (cli.command == "check") return cmd_check(cli);
    if (cli.command == "compare") return cmd_compare(cli);
  } catch (const std::exception& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return kExitRuntime;
  }
  std::cerr << "clscope: unknown command '" << cli.command << "'\n";
  return kExitUsage;
}
