#pragma once
// Glue between the OpenCL engine's view of a device and the probes'.
#include <optional>
#include <string>

#include "core/Classifier.hpp"
#include "probes/Sampler.hpp"
#include "probes/Topology.hpp"
#include "workloads/Discovery.hpp"

namespace clscope::app {

probes::DeviceIdentity identity_of(const workloads::DeviceInfo& d);

/// The telemetry reading for `id` (matched by PCI address; a CPU device
/// matches the CPU backend), or null.
const probes::ProbeReading* device_reading(const probes::SampleSet& set,
                                           const probes::DeviceIdentity& id);

/// Clock ratio and throttle reasons for the classifier; nullopt when the
/// reading has neither.
std::optional<core::DeviceTelemetry> telemetry_of(const probes::ProbeReading* reading);

/// A metric of a reading, if it was read.
std::optional<double> metric_of(const probes::ProbeReading* reading, const std::string& name);
/// Why a metric is missing ("no telemetry backend matched this device" when
/// there is no reading at all).
std::string missing_reason(const probes::ProbeReading* reading, const std::string& name);

}  // namespace clscope::app
