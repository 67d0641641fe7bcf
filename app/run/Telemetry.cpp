#include "app/run/Telemetry.hpp"

namespace clscope::app {

probes::DeviceIdentity identity_of(const workloads::DeviceInfo& d) {
  probes::DeviceIdentity id;
  id.pci = d.pci;
  id.vendor = d.vendor;
  id.name = d.name;
  id.is_cpu = d.is_cpu();
  return id;
}

const probes::ProbeReading* device_reading(const probes::SampleSet& set,
                                           const probes::DeviceIdentity& id) {
  for (const auto& r : set.readings) {
    if (!r.info) continue;
    if (id.pci && r.info->pci && *id.pci == *r.info->pci) return &r;
    if (id.is_cpu && r.info->is_cpu) return &r;
  }
  return nullptr;
}

std::optional<double> metric_of(const probes::ProbeReading* reading, const std::string& name) {
  if (!reading) return std::nullopt;
  auto it = reading->sample.metrics.find(name);
  if (it == reading->sample.metrics.end()) return std::nullopt;
  return it->second;
}

std::string missing_reason(const probes::ProbeReading* reading, const std::string& name) {
  if (!reading) return "no telemetry backend matched this device";
  auto it = reading->sample.unavailable.find(name);
  if (it != reading->sample.unavailable.end()) return it->second.text();
  if (!reading->sample.reason.empty()) return reading->sample.reason;
  return "not reported by " + reading->name;
}

std::optional<core::DeviceTelemetry> telemetry_of(const probes::ProbeReading* reading) {
  if (!reading) return std::nullopt;
  core::DeviceTelemetry t;
  const auto clock = metric_of(reading, probes::metric::kCoreClockMhz);
  const auto max = metric_of(reading, probes::metric::kCoreClockMaxMhz);
  if (clock && max && *max > 0) t.clock_ratio = *clock / *max;
  if (auto it = reading->sample.lists.find(probes::metric::kThrottle);
      it != reading->sample.lists.end())
    t.throttle_reasons = it->second;
  if (!t.clock_ratio && t.throttle_reasons.empty()) return std::nullopt;
  return t;
}

}  // namespace clscope::app
