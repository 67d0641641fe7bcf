#include "app/run/Scenario.hpp"

#include <iostream>

#include "app/cli/Commands.hpp"
#include "workloads/ClError.hpp"
#include "workloads/DeviceSelect.hpp"

namespace clscope::app {

config::Scenario resolve_scenario(const CliOptions& cli) {
  config::Scenario s = cli.config ? config::load_file(*cli.config) : config::load_default();
  if (!cli.workloads.empty()) {
    s.workloads.clear();
    for (const auto& spec : cli.workloads) s.workloads.push_back(config::parse_workload_spec(spec));
    config::uniquify_names(s.workloads);
  }
  if (s.workloads.empty())  // a file of [app] declarations only: for run -- CMD
    throw config::ConfigError(s.source + ":1:1: no [[workload]] table: at least one workload is required " +
                              "(a file with only [app] is for clscope run --config FILE -- CMD)");
  if (cli.device) s.device = *cli.device;
  if (cli.duration_s) s.duration_s = *cli.duration_s;
  if (cli.record) s.record = *cli.record;
  return s;
}

std::optional<std::vector<workloads::PlatformInfo>> discover_platforms() {
  try {
    return workloads::discover();
  } catch (const workloads::ClError& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return std::nullopt;
  }
}

std::variant<workloads::DeviceInfo, ExitCode> resolve_device(const config::Scenario& scenario,
                                                         std::vector<workloads::PlatformInfo>* all) {
  auto found = discover_platforms();
  if (!found) return ExitCode::kNoDevice;
  const std::vector<workloads::PlatformInfo>& platforms = *found;
  if (all) *all = platforms;
  auto picked = workloads::select_device(workloads::parse_device_spec(scenario.device), platforms);
  if (auto* err = std::get_if<std::string>(&picked)) {
    std::cerr << "clscope: " << *err << "\n";
    bool any = false;
    for (const auto& p : platforms) any = any || !p.devices.empty();
    return any ? ExitCode::kUsage : ExitCode::kNoDevice;
  }
  return std::get<workloads::DeviceInfo>(picked);
}

std::variant<ResolvedRun, ExitCode> resolve_run(const CliOptions& cli) {
  ResolvedRun r;
  try {
    r.scenario = resolve_scenario(cli);
  } catch (const config::ConfigError& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return ExitCode::kUsage;
  }
  auto picked = resolve_device(r.scenario);
  if (auto* code = std::get_if<ExitCode>(&picked)) return *code;
  r.device = std::get<workloads::DeviceInfo>(picked);
  return r;
}

}  // namespace clscope::app
