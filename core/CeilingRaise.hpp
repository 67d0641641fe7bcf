#pragma once
// Raise on exceed: a ceiling is a measurement, and a steady window that beats
// it by more than kCeilingRaiseMargin proves the measurement low (a busy host
// during calibration, a trial too short). The ceiling is then raised to that
// window's level, so no percentage of a ceiling silently passes 100%. Pure.
#include <optional>

#include "core/Classifier.hpp"
#include "core/Event.hpp"
#include "core/Window.hpp"

namespace clscope::core {

inline constexpr double kCeilingRaiseMargin = 0.02;

/// When `value` (in the unit of `info`'s metric) is more than 2% above the
/// ceiling that bounds it (memory for byte rates, the larger transfer ceiling
/// for a `transfer` workload, compute for FLOP/s), sets that ceiling to
/// `value` and returns the event: type "ceiling-raised", the workload, and
/// evidence {"ceiling" (mem_gbs, compute_gflops, h2d_gbs, d2h_gbs), "from",
/// "to", "ratio"}. Nothing otherwise (no ceiling measured, or not exceeded).
std::optional<Event> raise_exceeded_ceiling(Ceilings& ceilings, const WorkloadInfo& info,
                                            double t_s, double value);

}  // namespace clscope::core
