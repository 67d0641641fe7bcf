#include "app/run/RunState.hpp"

#include <cmath>

namespace clscope::app {

std::string describe(const RunState& state) {
  switch (state.phase) {
    case RunPhase::kStarting: return "starting";
    case RunPhase::kStartingProbes: return "starting probes";
    case RunPhase::kOpeningDevice: return "opening device";
    case RunPhase::kCalibrating:
      if (state.step.empty()) return "calibrating";
      return "calibrating " + std::to_string(static_cast<int>(std::lround(state.progress * 100))) +
             "%: " + state.step;
    case RunPhase::kRunning: return state.step.empty() ? "running" : "running, " + state.step;
    case RunPhase::kPaused: return "paused";
    case RunPhase::kStopping: return "stopping";
    case RunPhase::kStopped: return "stopped";
  }
  return "unknown";
}

}  // namespace clscope::app
