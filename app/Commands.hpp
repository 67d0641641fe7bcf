#pragma once
// Subcommands. Each returns the process exit code (see ExitCode).
#include "app/Cli.hpp"
#include "probes/Registry.hpp"

namespace clscope::app {

enum ExitCode : int {
  kExitOk = 0,
  kExitCheckFailed = 1,
  kExitUsage = 2,
  kExitNoDevice = 3,
  kExitRuntime = 4,
  kExitInterrupted = 130,
};

int cmd_list(const CliOptions& cli);
int cmd_run_headless(const CliOptions& cli);
int cmd_dashboard(const CliOptions& cli);
int cmd_report(const CliOptions& cli);
int cmd_replay(const CliOptions& cli);
int cmd_probe(const CliOptions& cli);
int cmd_check(const CliOptions& cli);
int cmd_compare(const CliOptions& cli);

/// Probe roots and paths from the global options.
probes::ProbeOptions probe_options(const CliOptions& cli);

}  // namespace clscope::app
