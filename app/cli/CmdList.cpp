#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/Commands.hpp"
#include "app/run/Scenario.hpp"
#include "config/Config.hpp"
#include "probes/Report.hpp"
#include "workloads/Buffers.hpp"
#include "workloads/ClError.hpp"
#include "workloads/Discovery.hpp"

namespace clscope::app {

ExitCode cmd_list(const CliOptions& cli) {
  auto found = discover_platforms();
  if (!found) return ExitCode::kNoDevice;
  const std::vector<workloads::PlatformInfo>& platforms = *found;
  if (cli.json) {
    nlohmann::json j;
    j["platforms"] = nlohmann::json::array();
    for (const auto& p : platforms) j["platforms"].push_back(workloads::to_json(p));
    j["icd_loader"] = workloads::icd_loader_version();
    j["workloads"] = nlohmann::json::array();
    for (const auto& k : config::schemas()) {
      nlohmann::json keys = nlohmann::json::array();
      for (const auto& key : k.keys) keys.push_back(key.key);
      j["workloads"].push_back({{"kind", k.kind}, {"doc", k.doc}, {"keys", keys}});
    }
    j["probes"] = probes::probe_list_json(probe_options(cli));
    std::cout << j.dump(2) << "\n";
    return platforms.empty() ? ExitCode::kNoDevice : ExitCode::kOk;
  }
  if (platforms.empty()) std::cout << "No OpenCL platform found (is an ICD installed?)\n";
  for (const auto& p : platforms) {
    std::cout << "Platform " << p.index << ": " << p.name << " (" << p.vendor << ")\n"
              << "  version: " << p.version << "\n";
    for (const auto& d : p.devices) {
      std::cout << "  Device " << d.global_index << " (" << p.index << ":" << d.device_index
                << "): " << d.name << "\n"
                << "    type " << d.type << ", vendor " << d.vendor << "\n"
                << "    driver " << d.driver_version << ", " << d.device_version << ", "
                << d.opencl_c_version << "\n"
                << "    " << d.compute_units << " compute units, max clock " << d.max_clock_mhz
                << " MHz\n"
                << "    memory " << workloads::format_bytes(static_cast<double>(d.global_mem_bytes))
                << ", max alloc "
                << workloads::format_bytes(static_cast<double>(d.max_alloc_bytes)) << ", cache "
                << workloads::format_bytes(static_cast<double>(d.global_cache_bytes))
                << ", local " << workloads::format_bytes(static_cast<double>(d.local_mem_bytes))
                << "\n"
                << "    PCI " << (d.pci ? d.pci->to_string() : "none (" + d.pci_source + ")")
                << "\n    extensions:";
      if (d.extensions_of_interest.empty()) std::cout << " (none of interest)";
      for (const auto& e : d.extensions_of_interest) std::cout << " " << e;
      std::cout << "\n";
    }
  }
  const std::string icd = workloads::icd_loader_version();
  if (!icd.empty()) std::cout << "ICD loader: " << icd << "\n";
  std::cout << "Workloads:";
  for (const auto& k : config::schemas()) std::cout << " " << k.kind;
  std::cout << "\nProbes:\n";
  // A probe that is ok has a null reason: read every field as text or "".
  auto text = [](const nlohmann::json& p, const char* key) {
    const auto it = p.find(key);
    return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  for (const auto& p : probes::probe_list_json(probe_options(cli))) {
    const std::string reason = text(p, "reason");
    std::cout << "  " << text(p, "name") << " [" << text(p, "device") << "] " << text(p, "status")
              << (reason.empty() ? "" : ": " + reason) << "\n";
  }
  return platforms.empty() ? ExitCode::kNoDevice : ExitCode::kOk;
}

}  // namespace clscope::app
