#pragma once
// Small order statistics used by aggregation and reports. Pure functions.
#include <span>
#include <vector>
#include <optional>

namespace clscope::core {

/// Median of `v` (copied and partially sorted). Empty input gives nullopt.
std::optional<double> median(std::span<const double> v);
/// Linear-interpolated quantile q in [0,1]. Empty input gives nullopt.
std::optional<double> quantile(std::span<const double> v, double q);
double mean(std::span<const double> v);
/// Sample standard deviation (n-1); 0 for fewer than two values.
double stddev(std::span<const double> v);

}  // namespace clscope::core
