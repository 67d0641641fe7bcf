#include <iostream>

#include "app/cli/Commands.hpp"
#include "app/run/Telemetry.hpp"
#include "probes/Report.hpp"
#include "workloads/ClError.hpp"

namespace clscope::app {

probes::ProbeOptions probe_options(const CliOptions& cli) {
  probes::ProbeOptions o;
  o.root.sysfs = cli.sysfs_root;
  o.root.procfs = cli.procfs_root;
  return o;
}

ExitCode cmd_probe(const CliOptions& cli) {
  probes::ReportOptions o;
  o.probes = probe_options(cli);
  // Works without any OpenCL platform: the devices are then only what the
  // telemetry backends find.
  try {
    for (const auto& p : workloads::discover())
      for (const auto& d : p.devices) o.devices.push_back(identity_of(d));
  } catch (const workloads::ClError& e) {
    std::cerr << "clscope: OpenCL: " << e.what() << " (continuing without OpenCL devices)\n";
  }
  const nlohmann::json report = probes::probe_report_json(o);
  if (cli.json)
    std::cout << report.dump(2) << "\n";
  else
    std::cout << probes::probe_report_text(report);
  return ExitCode::kOk;
}

}  // namespace clscope::app
