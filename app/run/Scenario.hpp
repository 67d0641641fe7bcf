#pragma once
// Resolves the scenario a run uses from --config / --workload / --device /
// --duration / --record, and the device it runs on.
#include <optional>
#include <string>
#include <variant>

#include "app/cli/Cli.hpp"
#include "app/cli/ExitCode.hpp"
#include "config/Config.hpp"
#include "workloads/Discovery.hpp"

namespace clscope::app {

/// Throws config::ConfigError (exit 2).
config::Scenario resolve_scenario(const CliOptions& cli);

/// The OpenCL platforms, or nullopt after printing the loader's error (exit 3).
std::optional<std::vector<workloads::PlatformInfo>> discover_platforms();

/// Discovers devices and selects the scenario's. Returns the device, or an
/// exit code after printing why (3 = no device, 2 = a spec that matches none).
std::variant<workloads::DeviceInfo, ExitCode> resolve_device(const config::Scenario& scenario,
                                                         std::vector<workloads::PlatformInfo>* all = nullptr);

/// A scenario and its device, resolved from the command line.
struct ResolvedRun {
  config::Scenario scenario;
  workloads::DeviceInfo device;
};

/// resolve_scenario + resolve_device, printing what went wrong: a resolved
/// run, or the exit code to return (2 config, 3 no device).
std::variant<ResolvedRun, ExitCode> resolve_run(const CliOptions& cli);

}  // namespace clscope::app
