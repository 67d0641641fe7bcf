#include "core/Window.hpp"

namespace clscope::core {

const char* metric_unit(Metric m) {
  switch (m) {
    case Metric::bytes_per_s: return "GB/s";
    case Metric::flops_per_s: return "GFLOP/s";
    case Metric::launches_per_s: return "launch/s";
    case Metric::requests_per_s: return "req/s";
    case Metric::maps_per_s: return "map/s";
    case Metric::commands_per_s: return "cmd/s";
  }
  return "?";
}

double metric_scale(Metric m) {
  switch (m) {
    case Metric::bytes_per_s:
    case Metric::flops_per_s: return 1e-9;
    default: return 1.0;
  }
}

const char* metric_name(Metric m) {
  switch (m) {
    case Metric::bytes_per_s: return "bytes_per_s";
    case Metric::flops_per_s: return "flops_per_s";
    case Metric::launches_per_s: return "launches_per_s";
    case Metric::requests_per_s: return "requests_per_s";
    case Metric::maps_per_s: return "maps_per_s";
    case Metric::commands_per_s: return "commands_per_s";
  }
  return "?";
}

std::optional<Metric> metric_from_name(const std::string& name) {
  for (Metric m : {Metric::bytes_per_s, Metric::flops_per_s, Metric::launches_per_s,
                   Metric::requests_per_s, Metric::maps_per_s, Metric::commands_per_s})
    if (name == metric_name(m)) return m;
  return std::nullopt;
}

namespace {
double work(const WindowStats& w, Metric m) {
  switch (m) {
    case Metric::bytes_per_s: return w.bytes;
    case Metric::flops_per_s: return w.ops;
    case Metric::requests_per_s: return static_cast<double>(w.requests);
    case Metric::launches_per_s:
    case Metric::commands_per_s:
    case Metric::maps_per_s: return static_cast<double>(w.iterations);
  }
  return 0;
}
}  // namespace

std::optional<double> WindowStats::value(Metric m) const {
  if (iterations == 0 || span_ns <= 0) return std::nullopt;
  return work(*this, m) / (static_cast<double>(span_ns) * 1e-9) * metric_scale(m);
}

std::optional<double> WindowStats::device_rate(Metric m) const {
  const std::int64_t busy = device_busy_ns + transfer_ns;
  if (iterations == 0 || busy <= 0) return std::nullopt;
  return work(*this, m) / (static_cast<double>(busy) * 1e-9) * metric_scale(m);
}

}  // namespace clscope::core
