#include <chrono>
#include <iostream>
#include <thread>

#include "app/check/Check.hpp"
#include "app/check/CheckRun.hpp"
#include "app/cli/Commands.hpp"
#include "app/run/Scenario.hpp"
#include "app/cli/Signals.hpp"
#include "app/metrics/CheckDelivery.hpp"
#include "app/metrics/OutputPattern.hpp"

namespace clscope::app {

ExitCode cmd_check(const CliOptions& cli) {
  if (!cli.args.empty()) {
    std::cerr << "clscope: check takes no arguments (got '" << cli.args.front()
              << "'): clscope check [--config FILE] [--quick] [--json] [--baseline FILE]\n";
    return ExitCode::kUsage;
  }
  metrics::CheckDelivery delivery{cli.output, cli.metrics_file, cli.nagios,
                                  metrics::local_host_name(), std::chrono::system_clock::now()};
  if (auto bad = metrics::check_output_pattern(delivery); !bad.empty()) {
    std::cerr << "clscope: " << bad << "\n";
    return ExitCode::kUsage;
  }
  config::Scenario scenario;
  try {
    scenario = cli.config ? config::load_file(*cli.config) : config::load_sanity();
    if (scenario.workloads.empty())
      throw config::ConfigError(scenario.source + ":1:1: no [[workload]] table: check runs workloads " +
                                "(a file with only [app] is for clscope run --config FILE -- CMD)");
  } catch (const config::ConfigError& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return ExitCode::kUsage;
  }
  if (cli.device) scenario.device = *cli.device;
  const config::CheckSettings settings = scenario.check.value_or(config::CheckSettings{});
  std::optional<Baseline> baseline;
  if (cli.baseline) {
    try {
      baseline = load_baseline(*cli.baseline);
    } catch (const CheckInputError& e) {
      std::cerr << "clscope: " << e.what() << "\n";
      return ExitCode::kUsage;
    }
  }
  std::vector<workloads::PlatformInfo> platforms;
  auto picked = resolve_device(scenario, &platforms);
  if (auto* code = std::get_if<ExitCode>(&picked)) return *code;
  const auto& device = std::get<workloads::DeviceInfo>(picked);

  CheckRunOptions options;
  options.quick = cli.quick;
  options.command_line = cli.raw_command_line;
  options.probes = probe_options(cli);
  for (const auto& p : platforms)
    if (p.index == device.platform_index) {
      options.platform_name = p.name;
      options.platform_version = p.version;
    }

  std::atomic<bool> stop{false};
  CheckRunResult result = [&] {
    SignalWatcher watcher(stop);
    return run_check(device, scenario, settings, options, stop, std::cerr);
  }();
  if (result.interrupted) {
    std::cerr << "clscope: check interrupted: nothing judged\n";
    return interrupted_exit_code();
  }
  const Baseline* base = baseline ? &*baseline : nullptr;
  const auto items = judge(result.measurements, settings, base);
  const auto json = check_json(result.measurements, items, base);
  const int code = metrics::deliver_check_result(
      json, cli.json ? json.dump(2) + "\n" : check_table(result.measurements, items, base),
      to_int(check_exit_code(overall_pass(result.measurements, items))), delivery,
      std::chrono::system_clock::now(), std::cout, std::cerr);
  std::cout.flush();
  return static_cast<ExitCode>(code);
}

}  // namespace clscope::app
