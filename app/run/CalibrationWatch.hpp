#pragma once
// The busy-host guard's eyes during a calibration: the host's CPU taken by
// other processes and stolen by the hypervisor (probes::HostLoadMeter on the
// run's procfs root).
#include "probes/FsRoot.hpp"
#include "workloads/Calibration.hpp"

namespace clscope::app {

workloads::LoadWatch host_load_watch(const probes::FsRoot& root);

/// The calibration options of a run: budget and thresholds from the
/// environment (see workloads::calibration_options_from_env), the host watch.
workloads::CalibrationOptions run_calibration_options(bool recalibrate, const probes::FsRoot& root);

/// "clscope: ceilings measured in 12.3 s (cached for this device and driver;
/// --recalibrate to measure again)", or, on a busy node, "... NOT TRUSTED:
/// host 63% busy with other processes during calibration; not cached".
std::string calibration_note(const workloads::CeilingsResult& c);

}  // namespace clscope::app
