#pragma once
// Contention between the workloads of one run (contract: clscope(1), the
// `contended` verdict). A live run with several workloads runs each of them
// alone first, one after another, for a solo phase of kSoloWindows windows
// (app/run/SoloSchedule); its solo level is its level over that phase. A
// window in which a workload runs well below its solo level while another
// workload of the run completed work is `contended` (Classifier.hpp).
// Pure functions; thread-safe.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/Event.hpp"
#include "core/Window.hpp"

namespace clscope::core {

/// Windows of one solo phase (the default of the scenario's [run]
/// solo_windows). The first window of a phase is dropped as warm-up: the
/// workload was just released, and the one before it may still complete its
/// last launches in it.
inline constexpr int kSoloWindows = 3;

/// A workload's solo phase: [from_s, to_s], seconds since the run started;
/// both are window boundaries.
struct SoloPhase {
  double from_s = 0;
  double to_s = 0;
};

struct SoloLevel {
  SoloPhase phase;
  /// Median of the values of the phase's windows after its first one; none
  /// when those windows completed nothing.
  std::optional<double> value;
  std::size_t windows = 0;  ///< windows that median is over
};

/// True when window `w` lies inside the phase (1 us tolerance at its ends).
bool inside(const SoloPhase& phase, const WindowStats& w);
/// True when `other` completed work during a window that overlaps `w`.
bool active_during(const WindowStats& other, const WindowStats& w);

/// The solo level of a workload from its windows (in time order; windows
/// outside the phase are ignored).
SoloLevel solo_level(const std::vector<WindowStats>& windows, Metric metric,
                     const SoloPhase& phase);

/// The `solo-level` event of a workload (dated at the end of its phase).
Event solo_level_event(const WorkloadInfo& info, const SoloLevel& level);

/// "stream", "stream and launch", "a, b and c".
std::string name_list(const std::vector<std::string>& names);

}  // namespace clscope::core
