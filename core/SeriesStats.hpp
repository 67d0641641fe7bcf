#pragma once
// Statistics shared by the steady-state detector, the changepoint
// segmentation and the report. Pure functions, no state, thread-safe.
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace clscope::core {

/// Two-sided 95% quantile of Student's t with `dof` degrees of freedom
/// (exact table to 30, Cornish-Fisher expansion beyond). dof 0 gives +inf.
double t_quantile_975(std::size_t dof);

/// A level (median) with its 95% confidence interval.
struct LevelEstimate {
  double median = 0;
  /// Distribution-free order-statistic interval for the median: the sorted
  /// values at ranks floor(n/2 - 0.98*sqrt(n)) and ceil(1 + n/2 + 0.98*sqrt(n))
  /// (binomial(n, 1/2) normal approximation, 1.96/2 = 0.98). Absent for
  /// n < kMinWindowsForCi. Assumes independent windows: under autocorrelation
  /// the interval is optimistic.
  std::optional<double> ci_low, ci_high;
  std::size_t windows = 0;
};
inline constexpr std::size_t kMinWindowsForCi = 6;

/// Median and 95% CI of `v`; nullopt for empty input.
std::optional<LevelEstimate> estimate_level(std::span<const double> v);

/// Robust scale: 1.4826 * median absolute deviation (0 for fewer than 2 values).
double robust_sigma(std::span<const double> v);

/// Noise scale insensitive to trends and steps: 1.4826 * MAD of the first
/// differences / sqrt 2 (0 for fewer than 3 values).
double difference_sigma(std::span<const double> v);

/// Least-squares slope of v against its index (per sample); 0 for n < 2.
double ls_slope(std::span<const double> v);

/// Isolated-outlier filter (Hampel): a value further than `sigmas` robust
/// standard deviations from the median of the window of +-`half_window`
/// around it (itself included; clipped at the ends) is replaced by that median. The
/// noise scale comes from first differences (1.4826 * MAD(diff) / sqrt 2), so
/// ramps and steps are not mistaken for outliers; it is floored at 1e-3 of the
/// series' median magnitude. `replaced` (optional) receives the count.
std::vector<double> hampel_filter(std::span<const double> v, std::size_t half_window = 3,
                                  double sigmas = 5.0, std::size_t* replaced = nullptr);

}  // namespace clscope::core
