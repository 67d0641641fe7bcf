#pragma once
// Where a live run is, as data: the phase, and during calibration how far it
// got and which step it measures. The dashboard header shows describe().
#include <string>

namespace clscope::app {

enum class RunPhase {
  kStarting,
  kStartingProbes,
  kOpeningDevice,
  kCalibrating,
  kRunning,
  kPaused,
  kStopping,
  kStopped,
};

struct RunState {
  RunPhase phase = RunPhase::kStarting;
  double progress = 0;  ///< 0..1, calibration only
  /// The calibration step being measured ("stream triad float16"); while
  /// running, the solo phase ("solo: stream 2/3").
  std::string step;
};

/// "opening device", "calibrating 40%: stream triad float16", "running", ...
std::string describe(const RunState& state);

}  // namespace clscope::app
