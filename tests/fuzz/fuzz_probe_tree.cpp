// Every /sys and /proc text parser of the probes, through their real code
// paths: the input is a whole /sys + /proc tree (MemoryTree.hpp's archive);
// every backend's discovery runs on it (NVML off), every probe samples twice,
// and the PCIe link and NUMA locality of each DRM card are read. The direct
// parsers (pp_dpm tables, /proc/<pid>/stat lines, the busy-host guard's
// /proc/stat and /proc/self/stat readers) also get the raw input.
#include <cstdint>
#include <memory>
#include <string>

#include "probes/DeviceProbes.hpp"
#include "probes/HostLoad.hpp"
#include "probes/ProcessProbes.hpp"
#include "probes/Registry.hpp"
#include "probes/Sysfs.hpp"
#include "probes/Topology.hpp"
#include "tests/fuzz/FuzzSupport.hpp"
#include "tests/fuzz/MemoryTree.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clscope;
  const std::string_view text = fuzz::as_text(data, size);
  (void)probes::parse_pp_dpm(text);
  (void)probes::parse_proc_stat(text);
  (void)probes::parse_proc_stat_totals(text);  // the calibration's busy-host guard
  (void)probes::parse_pid_stat_cpu_ticks(text);

  probes::ProbeOptions options;
  options.root.fs = std::make_shared<const fuzz::MemoryTree>(text);
  options.nvml_paths.clear();
  auto found = probes::discover_probes(options);
  for (int round = 0; round < 2; ++round)
    for (auto& p : found.probes) {
      (void)p->name();
      (void)p->device();
      (void)p->measures();
      (void)p->device_info();
      (void)p->sample();
    }
  for (const auto& card : probes::list_drm_cards(options.root)) {
    if (!card.pci) continue;
    (void)probes::sysfs_pcie_link(options.root, *card.pci);
    (void)probes::sysfs_pci_locality(options.root, *card.pci);
  }
  return 0;
}
