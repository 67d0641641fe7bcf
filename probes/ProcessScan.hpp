#pragma once
// The probe layer of `clscope watch`: which processes use each device, how
// busy they keep it, and what their host threads do. One sample() combines
//   - DRM clients from /proc/<pid>/fdinfo (DrmClients.hpp): engine busy per
//     process and per device, memory per region (amdgpu, i915, xe, any driver
//     that prints the kernel's DRM usage stats);
//   - NVML's running processes and per-process utilisation (NvmlProcesses.hpp)
//     for every GPU the NVML library sees;
//   - the host side of each such process (ProcessHost.hpp): threads, states,
//     CPU %, context switches, a thread pinned at a full core, NUMA nodes run on
//     vs the device's node (<sysfs>/bus/pci/devices/<BDF>/numa_node).
// Whole-device figures live in the device probes (Registry.hpp): amdgpu
// gpu_busy_percent as util_pct, NVML util_pct, PCIe throughput and throttle.
//
// Units: as in ProcessDeviceUse.hpp (fractions 0..1, percent, bytes). Busy
// fractions and CPU % need two samples; the first leaves them nullopt.
// All reads go through options.root, so --procfs-root / --sysfs-root apply.
//
// Failure: the constructor and sample() never throw. A source that gives
// nothing says why in result.unavailable ("drm", "nvml"); a process that may
// not be read is listed in `inaccessible` as permission_denied (ptrace rights),
// never as a process that uses nothing. A pid asked for explicitly that uses
// no device is still listed, with device "" and unavailable["device"].
// Thread safety: one caller at a time (keeps the previous counters); the
// result is a plain value that may be handed to other threads.
#include <cstdint>
#include <memory>
#include <vector>

#include "probes/FsRoot.hpp"
#include "probes/Nvml.hpp"
#include "probes/ProcessDeviceUse.hpp"

namespace clscope::probes {

struct ProcessScanOptions {
  FsRoot root;
  std::vector<std::int64_t> pids;  ///< empty: every process in <procfs>
  /// Listed even when they use no GPU (a row saying so), besides what `pids`
  /// selects: the program `clscope run -- CMD` observes.
  std::vector<std::int64_t> always_list;
  std::shared_ptr<const NvmlLibrary> nvml;  ///< nullptr: no NVML
  bool host_side = true;           ///< read threads of each process found
};

class ProcessScan {
 public:
  /// Enumerates NVML GPUs and reads the CPU → NUMA node map (setup I/O).
  explicit ProcessScan(ProcessScanOptions options);
  ~ProcessScan();
  ProcessScan(const ProcessScan&) = delete;
  ProcessScan& operator=(const ProcessScan&) = delete;

  /// One scan stamped core::now_ns().
  ProcessScanResult sample() noexcept;
  /// The same stamped `t_ns` (a monotonic ns clock; tests replay fixtures
  /// with chosen times). Busy and CPU shares use the difference between stamps.
  ProcessScanResult sample_at(std::int64_t t_ns) noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clscope::probes
