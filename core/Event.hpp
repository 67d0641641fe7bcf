#pragma once
// Events of a run (contract: clscope(1), OUTPUT): {"t_s", "type", "workload",
// "from", "to", "evidence"} plus "off_gpu". Plain data.
#include <string>

#include <nlohmann/json.hpp>

namespace clscope::core {

namespace event_type {
inline constexpr const char* kBottleneckShift = "bottleneck-shift";
inline constexpr const char* kSteadyState = "steady-state";
inline constexpr const char* kRegimeShift = "regime-shift";
inline constexpr const char* kError = "error";
inline constexpr const char* kMarker = "marker";
inline constexpr const char* kCeilingRaised = "ceiling-raised";
inline constexpr const char* kCeilingsUntrusted = "ceilings-untrusted";
/// A workload's solo phase ended (Contention.hpp): evidence level, unit,
/// windows, from_s, to_s, text.
inline constexpr const char* kSoloLevel = "solo-level";
}  // namespace event_type

struct Event {
  double t_s = 0;  ///< seconds since session start
  std::string type = event_type::kBottleneckShift;
  std::string workload;  ///< workload instance name; empty for run-wide events
  std::string from, to;  ///< verdicts (bottleneck-shift) or phases (steady-state, regime-shift)
  bool off_gpu = false;  ///< bottleneck-shift to a verdict off the GPU
  nlohmann::json evidence = nlohmann::json::object();
};

void to_json(nlohmann::json& j, const Event& e);
/// Throws std::invalid_argument naming the missing or mistyped field.
void from_json(const nlohmann::json& j, Event& e);

}  // namespace clscope::core
