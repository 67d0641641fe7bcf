#pragma once
// Live steady-state detector for one throughput series, fed one window value
// at a time.
//
// Method (see docs: analysis):
//  * Isolated outlier windows are neutralised for the tests below by a Hampel
//    filter (SeriesStats.hpp); medians and the peak use the raw values.
//  * While not settled, MSER-5 chooses a truncation point on the batch means
//    (batches of 5 windows) of the current regime, restricted to the first
//    half. The truncation is refined to one window: the mean and standard
//    deviation of the kept windows after their first batch are the reference,
//    and the steady point is the earliest window from which every window up
//    to the reference lies within 4 standard deviations of its mean. The
//    series is steady when the batch means from the steady point on pass a
//    confidence-interval test: at least `min_batches` batches, the 95%
//    t-interval of their mean with a relative half-width below
//    `max_rel_half_width`, and a least-squares trend across them below
//    `max_rel_drift` of the mean.
//  * Once steady, the level is the median of the steady windows. The series
//    has shifted when at least `shift_min_moved` of the last `shift_window`
//    windows lie beyond max(shift_min_relative * level, shift_noise_sigmas *
//    noise sigma) on the same side (noise sigma from first differences, so a
//    slow drift does not widen its own threshold). The shift is placed at the best two-mean
//    split of the recent steady windows, and detection restarts there: the
//    phase stays `shifted` (it never returns to `steady`), and the new level
//    is reported once it settles by the same test.
//  * The settle and shift tests use at most the last `max_history` windows
//    of a regime; the reported steady level uses all its windows.
//  * `unsettled` after `unsettled_after` usable windows of warming without
//    settling; detection keeps trying and may still reach `steady`.
//
// Windows whose value is nullopt (nothing completed) or marked excluded
// (JIT/first launch/calibration) count as windows (indices, times) but never
// enter any figure. Not thread-safe: one owner feeds and reads it.
#include <cstddef>
#include <optional>
#include <vector>

#include "core/Phase.hpp"
#include "core/RobustPeak.hpp"
#include "core/SeriesStats.hpp"

namespace clscope::core {

struct DetectorOptions {
  std::size_t batch = 5;             ///< MSER batch size (MSER-5)
  std::size_t min_batches = 3;       ///< truncated batches needed for the CI test
  double max_rel_half_width = 0.05;  ///< 95% CI half-width / mean of the batch means
  double max_rel_drift = 0.05;       ///< |trend| across the truncated batches / mean
  std::size_t unsettled_after = 30;  ///< usable windows of warming before `unsettled`
  double shift_min_relative = 0.05;  ///< a shift moves the level by at least this fraction
  double shift_noise_sigmas = 3.0;   ///< ... and by this many robust sigmas of the windows
  std::size_t shift_window = 6;      ///< recent windows examined for a shift
  std::size_t shift_min_moved = 5;   ///< of which this many must have moved the same way
  /// The settle and shift tests look at most this many recent windows of a
  /// regime (bounds the work per window on long runs; 10 min at 1 s windows).
  std::size_t max_history = 600;
  std::size_t outlier_half_window = 3;  ///< Hampel filter neighbourhood
  double outlier_sigmas = 5.0;          ///< Hampel filter threshold
};

struct SteadyStatus {
  Phase phase = Phase::warming;
  std::size_t windows = 0;   ///< windows pushed (all of them)
  std::size_t usable = 0;    ///< windows with a value and not excluded
  std::size_t excluded = 0;  ///< windows pushed as excluded

  /// First steady window (index among all pushed windows) and its time;
  /// set once, the first time the series settles.
  std::optional<std::size_t> steady_at;
  std::optional<double> steady_at_s;
  /// steady_at_s minus the time of the first window pushed.
  std::optional<double> time_to_steady_s;
  /// Level of the first steady regime (frozen once it shifts).
  std::optional<LevelEstimate> steady;

  std::optional<double> peak;  ///< best level held over kPeakHoldWindows windows (raw values)
  std::optional<double> peak_at_s;
  std::optional<double> max_window;  ///< the single best usable window
  std::optional<double> max_window_at_s;
  std::optional<double> sustained_over_peak;  ///< steady->median / peak

  std::size_t shifts = 0;               ///< shifts detected so far
  std::optional<std::size_t> shift_at;  ///< window index of the latest shift
  std::optional<double> shift_at_s;
  std::optional<double> shift_from_level;  ///< level before the latest shift
  std::optional<double> shift_to_level;    ///< median after it, at detection time
  /// Level of the current regime once settled (equal to `steady` until a
  /// shift; after a shift, the new level once it re-settles).
  std::optional<LevelEstimate> current;
};

class SteadyStateDetector {
 public:
  explicit SteadyStateDetector(DetectorOptions options = {});

  /// Feeds one window: `t_s` is its start (seconds since session start),
  /// `value` its throughput (nullopt: nothing completed), `excluded` marks
  /// JIT/first-launch/calibration windows. Non-finite values count as nullopt.
  void push(double t_s, std::optional<double> value, bool excluded = false);

  /// Current status. The level estimates are computed on demand (cached
  /// until the next push), so replaying a long series costs O(n) per push.
  const SteadyStatus& status() const;
  const DetectorOptions& options() const { return options_; }

 private:
  struct Point {
    std::size_t index;  // among all pushed windows
    double t_s;
    double value;
  };
  void try_settle();
  void check_shift();
  void refresh_phase();

  DetectorOptions options_;
  mutable SteadyStatus status_;
  mutable bool levels_stale_ = false;
  std::optional<double> first_t_s_;
  std::vector<Point> points_;           // usable windows only
  PeakTracker peak_;
  std::size_t regime_begin_ = 0;        // index into points_
  bool settled_ = false;                // current regime settled
  std::size_t settled_from_ = 0;        // index into points_ of its first steady window
  std::size_t first_settled_from_ = 0;  // points_ index of the first steady window
};

}  // namespace clscope::core
