#include "app/run/program/ProgramSetup.hpp"

#include <iostream>

#include "app/run/Scenario.hpp"
#include "config/Config.hpp"
#include "workloads/Calibration.hpp"

namespace clscope::app {
namespace {

/// The cached ceilings of the device that runs the declared kernels, or why there are none.
std::variant<std::optional<core::CeilingsRecord>, ExitCode> ceilings_for(const CliOptions& cli, std::string& note) {
  config::Scenario s;
  std::vector<workloads::PlatformInfo> platforms;
  if (cli.device) {
    s.device = *cli.device;
  } else {
    auto found = discover_platforms();
    std::size_t devices = 0;
    if (found)
      for (const auto& p : *found) devices += p.devices.size();
    if (devices != 1) {
      note = devices == 0 ? "no OpenCL device here: the declared kernels are shown, not placed against ceilings"
                          : "several OpenCL devices: --device SPEC says which one's ceilings place the declared kernels";
      return std::optional<core::CeilingsRecord>{};
    }
  }
  auto picked = resolve_device(s, &platforms);
  if (auto* code = std::get_if<ExitCode>(&picked)) return *code;
  const auto& d = std::get<workloads::DeviceInfo>(picked);
  std::string version;
  for (const auto& p : platforms)
    if (p.index == d.platform_index) version = p.version;
  auto cached = workloads::cached_ceilings(workloads::ceilings_cache_key(d, version));
  if (!cached)
    note = "no cached ceilings for " + d.name + " (clscope calibrate measures them): the declared kernels are shown, "
           "not placed";
  else
    note = "the declared kernels are placed against the cached ceilings of " + d.name;
  return cached;
}

}  // namespace

std::variant<ProgramSetup, ExitCode> program_setup(const CliOptions& cli) {
  ProgramSetup setup;
  auto& o = setup.options;
  o.program = cli.program;
  o.duration_s = cli.duration_s.value_or(0);
  o.command_line = cli.raw_command_line;
  o.procfs_root = cli.procfs_root;
  if (!cli.config) {
    if (cli.device) std::cerr << "clscope: --device without --config places nothing (no kernel is declared)\n";
    return setup;
  }
  try {
    o.declared_kernels = config::load_file(*cli.config).app_kernels;
  } catch (const config::ConfigError& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return ExitCode::kUsage;
  }
  if (o.declared_kernels.empty()) {
    std::cerr << "clscope: " << *cli.config << ": no [app.kernel.\"NAME\"] table: nothing in it applies to run -- CMD\n";
    return ExitCode::kUsage;
  }
  auto ceilings = ceilings_for(cli, setup.note);
  if (auto* code = std::get_if<ExitCode>(&ceilings)) return *code;
  o.ceilings = std::get<std::optional<core::CeilingsRecord>>(ceilings);
  return setup;
}

}  // namespace clscope::app
