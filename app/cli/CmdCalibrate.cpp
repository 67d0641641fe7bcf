// `clscope calibrate [--device SPEC] [--budget SEC] [--json]`: measures the
// device's ceilings now (never from the cache) and prints them as a table or
// as the clscope.ceilings/1 object. A trusted result replaces the cache entry
// that runs and checks use; an untrusted one (a busy node) is printed with
// its reason and not cached.
#include <atomic>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "app/cli/Commands.hpp"
#include "app/cli/Signals.hpp"
#include "app/output/Format.hpp"
#include "app/run/CalibrationWatch.hpp"
#include "app/run/Scenario.hpp"
#include "workloads/ClError.hpp"

namespace clscope::app {
namespace {

std::string ceilings_table(const core::CeilingsRecord& r) {
  std::string out = fmt::format("ceilings of {} (driver {}, {})\n", r.device, r.driver, r.platform_version);
  out += fmt::format("measured {} in {:.1f} s (budget {:.0f} s; trials of {:.2f} s after a warm-up; "
                     "stable when the best three agree within {:.0f}%)\n",
                     r.measured_at, r.method.spent_s, r.method.budget_s, r.method.trial_s,
                     r.method.stable_spread * 100);
  const auto& h = r.host_load;
  if (h.others_busy)
    out += fmt::format("host load seen: {:.0f}% busy with other processes, {:.0f}% steal "
                       "(limits {:.0f}% and {:.0f}%)\n",
                       *h.others_busy * 100, h.steal.value_or(0) * 100, h.threshold_busy * 100,
                       h.threshold_steal * 100);
  else
    out += "host load seen: unknown (" + h.missing + ")\n";
  if (!h.device.empty()) out += "device: " + h.device + "\n";
  out += fmt::format("\n  {:<11} {:>12} {:<8} {:>6} {:>7}  {:<8} {}\n", "CEILING", "VALUE", "UNIT",
                     "TRIALS", "SPREAD", "TRUSTED", "VARIANT / REASON");
  for (auto k : core::kCeilingKeys) {
    const auto& e = r.at(k);
    const std::string value = e.value ? fixed(*e.value, *e.value < 100 ? 2 : 1) : "-";
    const std::string spread = e.spread ? fixed(*e.spread * 100, 1) + "%" : "-";
    std::string note = e.variant;
    if (e.spread && *e.spread > r.method.stable_spread) note += " (unstable)";
    if (!e.reason.empty()) note += (note.empty() ? "" : "; ") + e.reason;
    out += fmt::format("  {:<11} {:>12} {:<8} {:>6} {:>7}  {:<8} {}\n", core::ceiling_key_name(k),
                       value, core::ceiling_unit(k), e.trials, spread,
                       e.value ? (e.trusted ? "yes" : "NO") : "-", note);
  }
  return out;
}

}  // namespace

ExitCode cmd_calibrate(const CliOptions& cli) {
  if (!cli.args.empty()) {
    std::cerr << "clscope: calibrate takes no arguments (got '" << cli.args.front() << "')\n";
    return ExitCode::kUsage;
  }
  auto resolved = resolve_run(cli);
  if (auto* code = std::get_if<ExitCode>(&resolved)) return *code;
  const workloads::DeviceInfo info = std::get<ResolvedRun>(resolved).device;
  std::atomic<bool> stop{false};
  std::optional<SignalWatcher> watcher(std::in_place, stop);
  try {
    workloads::Device device(info);
    auto options = run_calibration_options(true, probe_options(cli), info.pci);
    if (cli.budget_s) options.budget_s = *cli.budget_s;
    auto progress = [&](double f, const std::string& step) {
      if (!cli.json) std::cerr << fmt::format("\rclscope: calibrating {:3.0f}% {:<40}", f * 100, step) << std::flush;
    };
    const auto result = workloads::measure_ceilings(device, options, progress, &stop);
    if (!cli.json) std::cerr << "\r" << std::string(60, ' ') << "\r";
    watcher.reset();
    if (result.abandoned) {
      std::cerr << "clscope: calibration interrupted; nothing cached\n";
      return interrupted_exit_code();
    }
    if (cli.json)
      std::cout << nlohmann::json(result.record).dump(2) << "\n";
    else
      std::cout << ceilings_table(result.record);
    std::cerr << calibration_note(result) << "\n";
    return ExitCode::kOk;
  } catch (const workloads::ClError& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return ExitCode::kRuntime;
  }
}

}  // namespace clscope::app
