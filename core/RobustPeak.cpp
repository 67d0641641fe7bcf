#include "core/RobustPeak.hpp"

#include <algorithm>
#include <cstdio>

namespace clscope::core {

void PeakTracker::push(double t_s, double value) {
  if (!max_ || value > *max_) max_ = value, max_at_s_ = t_s;
  last_.emplace_back(t_s, value);
  if (last_.size() > kPeakHoldWindows) last_.pop_front();
  if (last_.size() < kPeakHoldWindows) {
    if (!short_min_ || value < *short_min_) short_min_ = value;
    short_at_s_ = last_.front().first;
    return;
  }
  double held = last_.front().second;
  for (const auto& [t, v] : last_) held = std::min(held, v);
  if (!peak_ || held > *peak_) peak_ = held, peak_at_s_ = last_.front().first;
}

PeakSummary PeakTracker::summary(std::optional<double> ceiling) const {
  PeakSummary s;
  s.peak = peak_ ? peak_ : short_min_;
  s.peak_at_s = peak_ ? peak_at_s_ : short_at_s_;
  s.max_window = max_;
  s.max_window_at_s = max_at_s_;
  char buf[160];
  if (s.max_window && s.peak && *s.peak > 0 && *s.max_window > *s.peak * kMaxWindowOutlierRatio) {
    s.max_window_outlier = true;
    std::snprintf(buf, sizeof buf, "%.2fx the peak held over %zu windows", *s.max_window / *s.peak,
                  kPeakHoldWindows);
    s.outlier_reason = buf;
  }
  if (s.max_window && ceiling && *ceiling > 0 &&
      *s.max_window > *ceiling * (1 + kCeilingTolerance)) {
    s.max_window_outlier = true;
    std::snprintf(buf, sizeof buf, "%.4g is above the ceiling %.4g", *s.max_window, *ceiling);
    s.outlier_reason += (s.outlier_reason.empty() ? "" : "; ") + std::string(buf);
  }
  return s;
}

nlohmann::json max_window_json(const PeakSummary& p) {
  if (!p.max_window) return nullptr;
  return {{"value", *p.max_window},
          {"at_s", p.max_window_at_s ? nlohmann::json(*p.max_window_at_s) : nlohmann::json(nullptr)},
          {"outlier", p.max_window_outlier},
          {"reason", p.outlier_reason}};
}

}  // namespace clscope::core
