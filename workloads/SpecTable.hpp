#pragma once
// FP32 lanes per compute unit, by vendor and architecture: the table behind
// the spec-derived compute estimate (never a measurement). A "lane" here is
// one FP32 FMA per clock; the estimate is CUs x clock x lanes x 2 (FMA = 2
// FLOP). Compute units are what CL_DEVICE_MAX_COMPUTE_UNITS reports: SMs on
// NVIDIA, CUs on AMD, EUs (Xe vector engines) on Intel, cores on a CPU.
// Sources are cited per row in SpecTable.cpp. Pure functions; thread-safe.
#include <optional>
#include <string>

#include "workloads/Discovery.hpp"

namespace clscope::workloads {

struct LaneRule {
  int lanes = 0;       ///< FP32 FMA lanes per reported compute unit
  std::string basis;   ///< "NVIDIA compute capability 9.0 (Hopper): 128 FP32 lanes per SM"
};

/// NVIDIA, by compute capability (major*10+minor). nullopt when unknown.
std::optional<LaneRule> nvidia_lanes(int compute_capability);
/// AMD, by the gfx target OpenCL reports as the device name ("gfx942", or a
/// name containing it). nullopt when the name carries no known gfx target.
std::optional<LaneRule> amd_lanes(const std::string& device_name);
/// Intel GPUs (Gen9 .. Xe-HPG/HPC): 8 FP32 lanes per EU.
LaneRule intel_lanes();

/// The rule for this device: NVIDIA by compute capability, AMD by gfx
/// target, Intel GPU per EU, CPU native float vector width x 2 FMA ports.
std::optional<LaneRule> fp32_lanes(const DeviceInfo& d);

}  // namespace clscope::workloads
