#pragma once
// Which measured ceiling bounds a workload's headline figure. Pure; thread-safe.
#include <optional>

#include "core/Classifier.hpp"
#include "core/Window.hpp"

namespace clscope::core {
/// The measured ceiling that bounds a workload's headline metric, in its
/// unit: compute for FLOP/s, the larger transfer ceiling for `transfer`
/// workloads, memory for other byte rates; empty otherwise or unmeasured.
std::optional<double> metric_ceiling(const WorkloadInfo& info, const Ceilings& c);
}  // namespace clscope::core
