#pragma once
// Subcommands. Each returns the process exit code (see ExitCode).
#include "app/cli/Cli.hpp"
#include "app/cli/ExitCode.hpp"
#include "probes/Registry.hpp"

namespace clscope::app {

ExitCode cmd_list(const CliOptions& cli);
ExitCode cmd_run_headless(const CliOptions& cli);
/// run -- CMD: observe a program (app/run/program); returns its exit status.
ExitCode cmd_run_program(const CliOptions& cli);
/// run -- CMD without --headless (app/dashboard/CmdProgramDashboard).
ExitCode cmd_program_dashboard(const CliOptions& cli);
ExitCode cmd_dashboard(const CliOptions& cli);
ExitCode cmd_report(const CliOptions& cli);
ExitCode cmd_replay(const CliOptions& cli);
ExitCode cmd_probe(const CliOptions& cli);
ExitCode cmd_check(const CliOptions& cli);
ExitCode cmd_compare(const CliOptions& cli);
ExitCode cmd_watch(const CliOptions& cli);
ExitCode cmd_calibrate(const CliOptions& cli);

/// Probe roots and paths from the global options.
probes::ProbeOptions probe_options(const CliOptions& cli);

}  // namespace clscope::app
