#pragma once
// A peak that one freak window cannot make: the best level held over
// kPeakHoldWindows consecutive usable windows (the minimum of each run of
// that many, maximised over the series). The single best window is kept
// beside it as `max window`, flagged as an outlier when it is more than
// kMaxWindowOutlierRatio above the held peak or above the ceiling that
// bounds the metric (by more than kCeilingTolerance).
// Series shorter than kPeakHoldWindows: the peak is the lowest window seen
// (the best level all of them held). Not thread-safe; cheap (O(K) a push).
#include <deque>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace clscope::core {

inline constexpr std::size_t kPeakHoldWindows = 3;
inline constexpr double kMaxWindowOutlierRatio = 1.25;
inline constexpr double kCeilingTolerance = 0.02;

struct PeakSummary {
  std::optional<double> peak;       ///< best level held over kPeakHoldWindows windows
  std::optional<double> peak_at_s;  ///< start of the first window of that run
  std::optional<double> max_window;  ///< the single best window
  std::optional<double> max_window_at_s;
  bool max_window_outlier = false;
  std::string outlier_reason;  ///< "2.50x the held peak", "112.5 above the ceiling 60.0"
};

class PeakTracker {
 public:
  /// One usable window: its start time and value.
  void push(double t_s, double value);
  /// The summary; `ceiling` (the metric's measured ceiling, same unit) may be
  /// empty.
  PeakSummary summary(std::optional<double> ceiling = std::nullopt) const;

 private:
  std::deque<std::pair<double, double>> last_;  // (t_s, value), at most K
  std::optional<double> peak_, peak_at_s_, short_min_, short_at_s_;
  std::optional<double> max_, max_at_s_;
};

/// {"value", "at_s", "outlier", "reason"}; null when no window.
nlohmann::json max_window_json(const PeakSummary& p);

}  // namespace clscope::core

