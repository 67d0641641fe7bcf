#include "probes/Registry.hpp"

#include "probes/DeviceProbes.hpp"
#include "probes/HostProbes.hpp"
#include "probes/ProcessProbes.hpp"
#include "probes/Sysfs.hpp"

namespace clscope::probes {
namespace {

template <ProbePtr (*Make)(const FsRoot&)>
void single(const ProbeOptions& o, Discovery& out) {
  out.probes.push_back(Make(o.root));
}

void discover_nvml(const ProbeOptions& o, Discovery& out) {
  if (o.nvml_paths.empty()) {
    out.notes.push_back({"nvml", "disabled (no library path)"});
    return;
  }
  std::string error;
  auto lib = NvmlLibrary::load(o.nvml_paths, error);
  if (!lib) {
    out.notes.push_back({"nvml", error});
    return;
  }
  const auto gpus = lib->gpus(error);
  if (!error.empty()) out.notes.push_back({"nvml", lib->path() + ": " + error});
  else if (gpus.empty()) out.notes.push_back({"nvml", lib->path() + ": NVML sees no GPU"});
  for (const auto& g : gpus) out.probes.push_back(make_nvml_probe(lib, g));
}

void discover_drm(const ProbeOptions& o, Discovery& out, const std::string& driver,
                  ProbePtr (*make)(const FsRoot&, const DrmCard&)) {
  const auto cards = list_drm_cards(o.root);
  int n = 0;
  for (const auto& c : cards) {
    if (c.driver != driver) continue;
    out.probes.push_back(make(o.root, c));
    ++n;
  }
  if (n == 0) {
    const auto drm = o.root.sys("class/drm");
    out.notes.push_back({driver, o.root.fs->exists(drm)
                                     ? drm.string() + ": no card driven by " + driver
                                     : drm.string() + ": absent (no DRM devices)"});
  }
}

}  // namespace

const std::vector<Backend>& backends() {
  static const std::vector<Backend> list{
      {"host.cpu", "system and per-core CPU utilisation (/proc/stat)",
       single<make_host_cpu_probe>},
      {"host.load", "load averages (/proc/loadavg)", single<make_host_load_probe>},
      {"host.pressure", "pressure stall information (/proc/pressure)",
       single<make_host_pressure_probe>},
      {"host.memory", "memory (/proc/meminfo)", single<make_host_memory_probe>},
      {"process", "clscope's CPU time and memory (/proc/self/stat)", single<make_process_probe>},
      {"process.threads", "clscope's threads by name (/proc/self/task)",
       single<make_threads_probe>},
      {"nvml", "NVIDIA GPUs through NVML (dlopen)", discover_nvml},
      {"amdgpu", "AMD GPUs (amdgpu sysfs, hwmon)",
       [](const ProbeOptions& o, Discovery& d) { discover_drm(o, d, "amdgpu", make_amdgpu_probe); }},
      {"i915", "Intel GPUs (i915 sysfs, hwmon)",
       [](const ProbeOptions& o, Discovery& d) { discover_drm(o, d, "i915", make_intel_probe); }},
      {"xe", "Intel GPUs (xe sysfs, hwmon)",
       [](const ProbeOptions& o, Discovery& d) { discover_drm(o, d, "xe", make_intel_probe); }},
      {"cpu", "CPU devices (cpufreq, /proc/cpuinfo, RAPL, hwmon)", single<make_cpu_device_probe>},
  };
  return list;
}

Discovery discover_probes(const ProbeOptions& options) {
  Discovery d;
  for (const auto& b : backends()) {
    try {
      b.discover(options, d);
    } catch (const std::exception& e) {
      d.notes.push_back({b.name, std::string("discovery failed: ") + e.what()});
    }
  }
  return d;
}

}  // namespace clscope::probes
