#include "core/CalibrationTrials.hpp"

#include <algorithm>
#include <cmath>

namespace clscope::core {

void TrialSet::add(double value, const std::string& variant) {
  if (std::isfinite(value) && value > 0) trials_.push_back({value, variant});
}

std::vector<TrialSet::Trial> TrialSet::sorted() const {
  auto t = trials_;
  std::stable_sort(t.begin(), t.end(), [this](const Trial& a, const Trial& b) {
    return lower_is_better_ ? a.value < b.value : a.value > b.value;
  });
  return t;
}

std::size_t TrialSet::count(const std::string& variant) const {
  return static_cast<std::size_t>(std::count_if(
      trials_.begin(), trials_.end(), [&](const Trial& t) { return t.variant == variant; }));
}

std::optional<double> TrialSet::best() const {
  if (trials_.empty()) return std::nullopt;
  return sorted().front().value;
}

std::string TrialSet::best_variant() const {
  if (trials_.empty()) return {};
  return sorted().front().variant;
}

std::optional<double> TrialSet::spread_of_best_three() const {
  if (trials_.empty()) return std::nullopt;
  const auto t = sorted();
  std::vector<double> leader;  // the winning variant's trials, best first
  for (const auto& x : t)
    if (x.variant == t.front().variant) leader.push_back(x.value);
  if (leader.size() < 3) return std::nullopt;
  return std::abs(leader[2] - leader[0]) / leader[0];
}

bool TrialSet::stable(double within) const {
  const auto s = spread_of_best_three();
  return s && *s <= within;
}

}  // namespace clscope::core
