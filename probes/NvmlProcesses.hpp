#pragma once
// Per-process NVML readings of one GPU, for `clscope watch`:
//   - running compute and graphics processes with their GPU memory
//     (nvmlDeviceGet{Compute,Graphics}RunningProcesses_v3 → _v2 → plain; the
//     _v3 entry size differs between drivers, 24 or 32 bytes, so it is
//     measured on every call from which bytes NVML wrote);
//   - per-process utilisation (nvmlDeviceGetProcessUtilization): the mean of
//     the samples NVML took since the previous read (SM, memory, encoder,
//     decoder, percent).
// The GPU-wide PCIe throughput and clock event (throttle) reasons are read by
// the NVML device probe (make_nvml_probe: pcie_tx_mbps / pcie_rx_mbps,
// throttle), not here.
//
// Each part is optional: a missing symbol → unavailable "… not found in
// <lib>"; NOT_SUPPORTED → unavailable; NO_PERMISSION → permission_denied;
// other codes → failed with NVML's name and text. Keys of `unavailable`:
// "compute_processes", "graphics_processes", "process_utilization".
//
// Failure: read() never throws. Thread safety: NVML is thread-safe; one
// reader, one caller at a time (it keeps the last utilisation timestamp).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "probes/Nvml.hpp"
#include "probes/ProcessDeviceUse.hpp"

namespace clscope::probes {

struct NvmlProcess {
  std::int64_t pid = 0;
  /// "compute", "graphics", "compute+graphics", or "utilization-only" (in the
  /// utilisation samples but in neither process list any more).
  std::string kind;
  std::optional<std::uint64_t> gpu_memory_bytes;  ///< absent when NVML says "not available"
  std::optional<double> sm_util_pct, mem_util_pct, enc_util_pct, dec_util_pct;
};

struct NvmlGpuProcesses {
  std::vector<NvmlProcess> processes;  ///< sorted by pid
  /// Process-table entry size the running-process call used (16, 24, 32);
  /// 0 when nothing was read.
  unsigned entry_bytes = 0;
  std::map<std::string, Missing> unavailable;
};

class NvmlProcessReader {
 public:
  NvmlProcessReader(std::shared_ptr<const NvmlLibrary> lib, const NvmlLibrary::Gpu& gpu);
  ~NvmlProcessReader();
  NvmlProcessReader(const NvmlProcessReader&) = delete;
  NvmlProcessReader& operator=(const NvmlProcessReader&) = delete;

  NvmlGpuProcesses read() noexcept;
  const NvmlLibrary::Gpu& gpu() const { return gpu_; }
  /// The GPU's PCI address, else "nvml:<index>".
  std::string device() const;

 private:
  struct Impl;
  std::shared_ptr<const NvmlLibrary> lib_;
  NvmlLibrary::Gpu gpu_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clscope::probes
