#pragma once
// Subcommands. Each returns the process exit code (see ExitCode).
#include "app/cli/Cli.hpp"
#include "app/cli/ExitCode.hpp"
#include "probes/Registry.hpp"

namespace clscope::app {

ExitCode cmd_list(const CliOptions& cli);
ExitCode cmd_run_headless(const CliOptions& cli);
ExitCode cmd_dashboard(const CliOptions& cli);
ExitCode cmd_report(const CliOptions& cli);
ExitCode cmd_replay(const CliOptions& cli);
ExitCode cmd_probe(const CliOptions& cli);
ExitCode cmd_check(const CliOptions& cli);
ExitCode cmd_compare(const CliOptions& cli);
ExitCode cmd_watch(const CliOptions& cli);

/// Probe roots and paths from the global options.
probes::ProbeOptions probe_options(const CliOptions& cli);

}  // namespace clscope::app
