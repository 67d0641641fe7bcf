#include "core/SeriesStats.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "core/Stats.hpp"

namespace clscope::core {

double t_quantile_975(std::size_t dof) {
  static constexpr std::array<double, 31> kTable{
      0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201, 2.179,  2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080,
      2.074, 2.069,  2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (dof == 0) return std::numeric_limits<double>::infinity();
  if (dof < kTable.size()) return kTable[dof];
  const double z = 1.959964;
  const double nu = static_cast<double>(dof);
  const double z3 = z * z * z;
  const double z5 = z3 * z * z;
  return z + (z3 + z) / (4 * nu) + (5 * z5 + 16 * z3 + 3 * z) / (96 * nu * nu);
}

std::optional<LevelEstimate> estimate_level(std::span<const double> v) {
  if (v.empty()) return std::nullopt;
  std::vector<double> s(v.begin(), v.end());
  std::sort(s.begin(), s.end());
  LevelEstimate e;
  e.windows = s.size();
  const std::size_t n = s.size();
  e.median = n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  if (n >= kMinWindowsForCi) {
    const double half = 0.5 * 1.959964 * std::sqrt(static_cast<double>(n));
    const double nd = static_cast<double>(n);
    // 1-based ranks, clamped into [1, n].
    const double lo = std::max(1.0, std::floor(nd / 2 - half));
    const double hi = std::min(nd, std::ceil(1 + nd / 2 + half));
    e.ci_low = s[static_cast<std::size_t>(lo) - 1];
    e.ci_high = s[static_cast<std::size_t>(hi) - 1];
  }
  return e;
}

double robust_sigma(std::span<const double> v) {
  if (v.size() < 2) return 0.0;
  const double med = *median(v);
  std::vector<double> dev;
  dev.reserve(v.size());
  for (double x : v) dev.push_back(std::fabs(x - med));
  return 1.4826 * *median(dev);
}

double difference_sigma(std::span<const double> v) {
  if (v.size() < 3) return 0.0;
  std::vector<double> diff;
  diff.reserve(v.size() - 1);
  for (std::size_t i = 1; i < v.size(); ++i) diff.push_back(v[i] - v[i - 1]);
  return robust_sigma(diff) / std::sqrt(2.0);
}

double ls_slope(std::span<const double> v) {
  const std::size_t n = v.size();
  if (n < 2) return 0.0;
  const double xbar = 0.5 * static_cast<double>(n - 1);
  const double ybar = mean(v);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = static_cast<double>(i) - xbar;
    sxy += dx * (v[i] - ybar);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

std::vector<double> hampel_filter(std::span<const double> v, std::size_t half_window, double sigmas,
                                  std::size_t* replaced) {
  std::vector<double> out(v.begin(), v.end());
  if (replaced) *replaced = 0;
  const std::size_t n = v.size();
  if (n < 4 || half_window == 0) return out;
  std::vector<double> mags;
  mags.reserve(n);
  for (double x : v) mags.push_back(std::fabs(x));
  const double floor_sigma = 1e-3 * *median(mags);
  const double sigma = std::max(difference_sigma(v), floor_sigma);
  if (!(sigma > 0)) return out;
  std::vector<double> nb;
  for (std::size_t i = 0; i < n; ++i) {
    nb.clear();
    const std::size_t lo = i >= half_window ? i - half_window : 0;
    const std::size_t hi = std::min(n - 1, i + half_window);
    // The window includes the point itself (odd size in the interior), so at
    // a step the median takes the side the point is on instead of averaging.
    for (std::size_t j = lo; j <= hi; ++j) nb.push_back(v[j]);
    const double m = *median(nb);
    if (std::fabs(v[i] - m) > sigmas * sigma) {
      out[i] = m;
      if (replaced) ++*replaced;
    }
  }
  return out;
}

}  // namespace clscope::core
