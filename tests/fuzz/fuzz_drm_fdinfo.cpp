// The readers of `clscope watch`: /proc/<pid>/fdinfo texts of DRM clients and
// the /proc + /sys trees around them. The input is used twice: as one fdinfo
// text (parse_drm_fdinfo, parse_drm_bytes, parse_cpulist, the busy arithmetic
// of every engine against itself and an empty reading), and as a MemoryTree
// archive (MemoryTree.hpp) on which a ProcessScan (NVML off) samples twice,
// one second apart, through the real fd/fdinfo/task/NUMA code paths.
#include <cstdint>
#include <string>

#include "probes/DrmFdinfo.hpp"
#include "probes/NumaNodes.hpp"
#include "probes/ProcessScan.hpp"
#include "tests/fuzz/FuzzSupport.hpp"
#include "tests/fuzz/MemoryTree.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clscope;
  const std::string_view text = fuzz::as_text(data, size);
  (void)probes::parse_drm_bytes(text);
  (void)probes::parse_cpulist(text);
  if (const auto info = probes::parse_drm_fdinfo(text)) {
    for (const auto& [name, e] : info->engines) {
      (void)probes::drm_busy_fraction(e, e, 1'000'000'000);
      (void)probes::drm_busy_fraction(probes::DrmEngineCounters{}, e, 1);
      (void)probes::drm_busy_fraction(e, probes::DrmEngineCounters{}, -1);
    }
  }

  probes::ProcessScanOptions options;
  options.root.fs = std::make_shared<const fuzz::MemoryTree>(text);
  probes::ProcessScan scan(options);
  (void)scan.sample_at(1'000'000'000);
  (void)scan.sample_at(2'000'000'000);
  return 0;
}
