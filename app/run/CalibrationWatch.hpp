#pragma once
// The busy-host guard's eyes during a calibration: the host's CPU taken by
// other processes and stolen by the hypervisor (probes::HostLoadMeter on the
// run's procfs root).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/PciAddress.hpp"
#include "probes/FsRoot.hpp"
#include "probes/NvmlProcesses.hpp"
#include "probes/Registry.hpp"
#include "workloads/Calibration.hpp"

namespace clscope::app {

workloads::LoadWatch host_load_watch(const probes::FsRoot& root);

/// What the device's process list says about other users: busy when a
/// process other than `self` holds the GPU (NVML's compute or graphics
/// processes), with the text "pid 4242 (compute) on the device (NVML)" or
/// "no other process on the device (NVML)".
struct OtherGpuUsers {
  bool busy = false;
  std::string text;
};
OtherGpuUsers other_gpu_users(const std::vector<probes::NvmlProcess>& processes, std::int64_t self);

/// The host watch, and where NVML sees the device (matched by PCI address),
/// the processes on it at the end of the calibration. Without NVML or a PCI
/// address the device part says why it is not watched.
workloads::LoadWatch node_load_watch(const probes::ProbeOptions& probes,
                                     const std::optional<core::PciAddress>& device_pci);

/// The calibration options of a run: budget and thresholds from the
/// environment (see workloads::calibration_options_from_env), the watch.
workloads::CalibrationOptions run_calibration_options(bool recalibrate, const probes::ProbeOptions& probes,
                                                      const std::optional<core::PciAddress>& device_pci);

/// "clscope: ceilings measured in 12.3 s (cached for this device and driver;
/// --recalibrate to measure again)", or, on a busy node, "... NOT TRUSTED:
/// host 63% busy with other processes during calibration; not cached".
std::string calibration_note(const workloads::CeilingsResult& c);

}  // namespace clscope::app
