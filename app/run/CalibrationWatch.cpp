#include "app/run/CalibrationWatch.hpp"

#include <unistd.h>

#include <memory>

#include <fmt/format.h>

#include "probes/HostLoad.hpp"

namespace clscope::app {

workloads::LoadWatch host_load_watch(const probes::FsRoot& root) {
  return [root]() -> std::function<core::HostLoadSeen()> {
    auto meter = std::make_shared<probes::HostLoadMeter>(root);
    return [meter] {
      const auto r = meter->finish();
      core::HostLoadSeen seen;
      seen.others_busy = r.others_busy;
      seen.steal = r.steal;
      seen.missing = r.missing;
      return seen;
    };
  };
}

OtherGpuUsers other_gpu_users(const std::vector<probes::NvmlProcess>& processes, std::int64_t self) {
  OtherGpuUsers u;
  std::string others;
  for (const auto& p : processes) {
    if (p.pid == self || p.kind == "utilization-only") continue;
    others += (others.empty() ? "pid " : ", pid ") + std::to_string(p.pid) + " (" + p.kind + ")";
  }
  u.busy = !others.empty();
  u.text = u.busy ? others + " on the device (NVML)" : "no other process on the device (NVML)";
  return u;
}

workloads::LoadWatch node_load_watch(const probes::ProbeOptions& probes,
                                     const std::optional<core::PciAddress>& device_pci) {
  auto host = host_load_watch(probes.root);
  return [host, probes, device_pci]() -> std::function<core::HostLoadSeen()> {
    auto finish_host = host();
    std::shared_ptr<probes::NvmlProcessReader> reader;
    std::string why;
    if (!device_pci) {
      why = "device not watched: no PCI address";
    } else if (probes.nvml_paths.empty()) {
      why = "device not watched: NVML disabled";
    } else if (auto lib = probes::NvmlLibrary::load(probes.nvml_paths, why)) {
      std::string error;
      for (const auto& gpu : lib->gpus(error))
        if (gpu.pci && *gpu.pci == *device_pci) reader = std::make_shared<probes::NvmlProcessReader>(lib, gpu);
      if (!reader) why = "device not watched: NVML does not see " + device_pci->to_string();
    } else {
      why = "device not watched: " + why;
    }
    return [finish_host, reader, why] {
      core::HostLoadSeen seen = finish_host();
      if (!reader) {
        seen.device = why;
        return seen;
      }
      const auto read = reader->read();
      const auto users = other_gpu_users(read.processes, static_cast<std::int64_t>(::getpid()));
      seen.device = users.text;
      seen.device_busy = users.busy;
      return seen;
    };
  };
}

workloads::CalibrationOptions run_calibration_options(bool recalibrate, const probes::ProbeOptions& probes,
                                                      const std::optional<core::PciAddress>& device_pci) {
  auto o = workloads::calibration_options_from_env(recalibrate);
  o.load_watch = node_load_watch(probes, device_pci);
  return o;
}

std::string calibration_note(const workloads::CeilingsResult& c) {
  const std::string why = c.record.untrusted_reason();
  if (!why.empty())
    return fmt::format("clscope: ceilings measured in {:.1f} s but NOT TRUSTED: {}; not cached",
                       c.calibration_s, why);
  return fmt::format("clscope: ceilings measured in {:.1f} s (cached for this device and driver; "
                     "--recalibrate to measure again)",
                     c.calibration_s);
}

}  // namespace clscope::app
