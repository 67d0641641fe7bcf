#pragma once
// Resolves the scenario a run uses from --config / --workload / --device /
// --duration / --record, and the device it runs on.
#include <string>
#include <variant>

#include "app/Cli.hpp"
#include "config/Config.hpp"
#include "workloads/Discovery.hpp"

namespace clscope::app {

/// Throws config::ConfigError (exit 2).
config::Scenario resolve_scenario(const CliOptions& cli);

/// Discovers devices and selects the scenario's. Returns the device, or an
/// exit code after printing why (3 = no device, 2 = a spec that matches none).
std::variant<workloads::DeviceInfo, int> resolve_device(const config::Scenario& scenario,
                                                         std::vector<workloads::PlatformInfo>* all = nullptr);

}  // namespace clscope::app
