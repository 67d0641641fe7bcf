#pragma once
// Offline changepoint segmentation of a throughput series and its
// classification into warm-up / steady / regime shifts, after the method of
// warmup_stats (Barrett et al. 2017, "Virtual machine warmup blows hot and
// cold"): PELT over mean and variance with a normal likelihood cost.
//
//  * Cost of a segment of m values: m * ln(max(var_mle, var_floor)), the
//    normal negative log-likelihood up to constants that cancel; var_floor is
//    (1e-3 * median |value|)^2 so that exactly constant stretches do not give
//    -inf.
//  * Penalty per changepoint: `penalty_per_log_n` * ln(n) (default 4: above
//    BIC's 3 ln n for a new mean, variance and location, below warmup_stats'
//    15 ln n, which targets thousands of in-process iterations rather than
//    tens to hundreds of windows). Minimum segment length `min_segment`.
//  * Series longer than `max_points` are averaged in blocks first (indices are
//    mapped back; boundaries then have block resolution).
//  * Isolated outliers are neutralised first by the Hampel filter.
//
// Classification: adjacent segments are merged while equivalent (their means
// differ by no more than the larger of their standard deviations, or by less
// than `min_shift_relative` of the larger mean). The steady segment is the
// first merged segment that is long enough (`min_steady` windows and
// `min_steady_fraction` of the series) and flat (its least-squares change
// across the segment is within max(`max_rel_drift` * mean, 2 standard errors)),
// unless it is an early plateau: one that ends in the first half of the series
// and is followed by a higher segment (throughput still improving, i.e.
// warm-up). Segments before it are warm-up. A regime must last: a segment
// after the steady one shorter than `min_steady` (a transition or a brief
// transient) is absorbed into the neighbour with the nearer mean, and
// equivalent neighbours are merged again. Every remaining later segment
// differs from its predecessor and is a regime shift.
// Pure functions; thread-safe.
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "core/Phase.hpp"
#include "core/SeriesStats.hpp"

namespace clscope::core {

struct Segment {
  std::size_t begin = 0;  ///< first index (into the analysed series)
  std::size_t end = 0;    ///< one past the last index
  double mean = 0;
  double stddev = 0;  ///< sample standard deviation (0 for one value)
  std::size_t size() const { return end - begin; }
};

struct PeltOptions {
  double penalty_per_log_n = 4.0;
  std::size_t min_segment = 3;
  std::size_t max_points = 5000;
};

/// PELT segmentation (mean and variance change, normal cost). Returns the
/// segments covering [0, y.size()) in order; one segment when there is no
/// change; empty for empty input.
std::vector<Segment> pelt_meanvar(std::span<const double> y, const PeltOptions& options = {});

struct SegmentationOptions {
  PeltOptions pelt;
  double min_shift_relative = 0.05;  ///< smaller mean differences are not shifts
  double max_rel_drift = 0.05;       ///< flatness of the steady segment
  std::size_t min_steady = 5;        ///< windows in the steady segment (and in a regime)
  /// The steady segment must also hold this fraction of the usable windows
  /// (like warmup_stats' "steady state expected before the last N
  /// iterations"): a slow drift cut into a staircase is not steady.
  double min_steady_fraction = 0.25;
  std::size_t unsettled_after = 30;     ///< series length from which "no steady" is `unsettled`
  double early_plateau_fraction = 0.5;  ///< see the header comment
  std::size_t outlier_half_window = 3;
  double outlier_sigmas = 5.0;
};

struct Segmentation {
  std::vector<Segment> raw;           ///< PELT output (on the outlier-filtered values)
  std::vector<Segment> merged;        ///< after merging equivalent neighbours (stats on raw values)
  std::optional<std::size_t> steady;  ///< index into `merged`
  /// Indices into `merged` of the regime shifts (every segment after `steady`).
  std::vector<std::size_t> shifts;
  Phase phase = Phase::warming;  ///< steady, shifted, unsettled or warming (short series)
  std::size_t outliers = 0;      ///< values replaced by the Hampel filter
};

/// Segments and classifies `y` (usable window values in time order).
Segmentation segment_series(std::span<const double> y, const SegmentationOptions& options = {});

}  // namespace clscope::core
