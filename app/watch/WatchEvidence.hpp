#pragma once
// From what the probes saw of one process (probes::ProcessDeviceUse) to the
// evidence of its verdict (WatchEvidence), and to the WindowStats that
// core::Session records for it. Pure functions; thread-safe.
//
// Device busy, by device kind:
//   - DRM (amdgpu, i915, xe, ...): the busiest engine class's busy fraction
//     from fdinfo (drm-engine-* ns, or xe's cycles), for this process;
//   - NVML: the process's SM utilisation (nvmlDeviceGetProcessUtilization);
//   - a CPU OpenCL device (POCL): an ESTIMATE. POCL runs kernels on worker
//     threads inside the process, so the device's work is their time on (or
//     waiting for) a core: per worker thread the share of wall time it ran or
//     waited on a run queue (schedstat; its CPU % when schedstat is absent),
//     summed, over 100 % x the device's cores. Counting the run-queue wait
//     keeps a busy device busy on a machine whose cores other load shares.
//     Workers are the threads whose name starts with "pocl"; when none is so
//     named (POCL's pthread workers carry the program's name), every thread
//     but the main one (tid == pid, taken as the submitting thread). The
//     hottest thread for host-bound is sought among the non-workers only.
#include <optional>
#include <string>
#include <vector>

#include "app/watch/WatchVerdict.hpp"
#include "core/Window.hpp"
#include "probes/ProcessDeviceUse.hpp"

namespace clscope::app::watch {

/// The watched device when it is a CPU OpenCL device.
struct CpuDevice {
  std::string name;    ///< OpenCL device name
  unsigned cores = 1;  ///< compute units (the cores its workers may use)
};

/// Whole-device signals from the device probes (NVML: PCIe, clocks).
struct DeviceSignals {
  std::optional<double> pcie_fraction;  ///< max(TX, RX) / one-direction link rate
  std::optional<double> clock_ratio;
  std::vector<std::string> throttle_reasons;
};

/// True for a CPU device's worker thread name ("pocl-..." ).
bool is_cpu_device_worker(const std::string& thread_name);

/// The evidence for `use`; `cpu` when its device is a CPU OpenCL device,
/// `signals` when a device probe matched its device (either may be null).
WatchEvidence evidence_for(const probes::ProcessDeviceUse& use, const CpuDevice* cpu,
                           const DeviceSignals* signals);

/// One window of a watched process for core::Session and the recording:
/// one sample (iterations = 1) over the window, device_busy_ns = busy x
/// window, host_work_ns = the hottest (non-worker) thread's CPU x window,
/// sleep_ns = the rest of the window when that thread idles (< 50 % of a
/// core). No bytes and no operations are counted.
core::WindowStats window_for(const WatchEvidence& e, int workload, double t_begin_s,
                             double t_end_s);

}  // namespace clscope::app::watch
