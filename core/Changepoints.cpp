#include "core/Changepoints.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/Stats.hpp"

namespace clscope::core {
namespace {

Segment make_segment(std::span<const double> y, std::size_t begin, std::size_t end) {
  const auto part = y.subspan(begin, end - begin);
  return Segment{begin, end, mean(part), stddev(part)};
}

std::vector<Segment> pelt_core(std::span<const double> y, const PeltOptions& options) {
  const std::size_t n = y.size();
  const std::size_t min_seg = std::max<std::size_t>(options.min_segment, 2);
  if (n < 2 * min_seg) return {make_segment(y, 0, n)};

  const double centre = mean(y);
  std::vector<double> s1(n + 1, 0.0), s2(n + 1, 0.0);
  std::vector<double> mags;
  mags.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = y[i] - centre;
    s1[i + 1] = s1[i] + x;
    s2[i + 1] = s2[i] + x * x;
    mags.push_back(std::fabs(y[i]));
  }
  double var_floor = 1e-3 * *median(mags);
  var_floor *= var_floor;
  if (!(var_floor > 0)) var_floor = 1e-30;
  auto cost = [&](std::size_t s, std::size_t t) {
    const double m = static_cast<double>(t - s);
    const double sum = s1[t] - s1[s];
    const double var = (s2[t] - s2[s] - sum * sum / m) / m;
    return m * std::log(std::max(var, var_floor));
  };

  const double beta = options.penalty_per_log_n * std::log(static_cast<double>(n));
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> f(n + 1, kInf);
  std::vector<std::size_t> last(n + 1, 0);
  f[0] = -beta;
  std::vector<std::size_t> candidates{0}, kept;
  std::vector<double> partial(n + 1, kInf);  // F(s) + C(s, t) for the current t
  for (std::size_t t = min_seg; t <= n; ++t) {
    double best = kInf;
    std::size_t arg = 0;
    for (std::size_t s : candidates) {
      if (t - s < min_seg) continue;
      partial[s] = f[s] + cost(s, t);
      if (partial[s] + beta < best) {
        best = partial[s] + beta;
        arg = s;
      }
    }
    f[t] = best;
    last[t] = arg;
    // PELT pruning (K = 0 for this cost): a start that cannot beat F(t) now
    // never will; starts still too close to t are kept.
    kept.clear();
    for (std::size_t s : candidates)
      if (t - s < min_seg || partial[s] <= f[t]) kept.push_back(s);
    candidates.swap(kept);
    if (t + min_seg <= n) candidates.push_back(t);
  }

  std::vector<std::size_t> cuts;
  for (std::size_t t = n; t > 0; t = last[t]) cuts.push_back(t);
  std::reverse(cuts.begin(), cuts.end());
  std::vector<Segment> out;
  std::size_t begin = 0;
  for (std::size_t end : cuts) {
    out.push_back(make_segment(y, begin, end));
    begin = end;
  }
  return out;
}

bool equivalent(const Segment& a, const Segment& b, double min_relative) {
  const double diff = std::fabs(a.mean - b.mean);
  return diff <= std::max(a.stddev, b.stddev) ||
         diff < min_relative * std::max(std::fabs(a.mean), std::fabs(b.mean));
}

bool flat(std::span<const double> v, double max_rel_drift) {
  const std::size_t m = v.size();
  if (m < 3) return true;
  const double slope = ls_slope(v);
  const double mu = mean(v);
  const double xbar = 0.5 * static_cast<double>(m - 1);
  double sxx = 0, rss = 0;
  for (std::size_t i = 0; i < m; ++i) {
    const double dx = static_cast<double>(i) - xbar;
    sxx += dx * dx;
    const double r = v[i] - (mu + slope * dx);
    rss += r * r;
  }
  const double slope_se = std::sqrt(rss / static_cast<double>(m - 2) / sxx);
  const double span = static_cast<double>(m - 1);
  return std::fabs(slope) * span <= std::max(max_rel_drift * std::fabs(mu), 2 * slope_se * span);
}

// Merges adjacent equivalent segments, closest means first, until none is left.
void merge_equivalent(std::vector<Segment>& segs, std::span<const double> f, double min_relative) {
  for (;;) {
    std::optional<std::size_t> pick;
    double pick_diff = 0;
    for (std::size_t i = 0; i + 1 < segs.size(); ++i) {
      if (!equivalent(segs[i], segs[i + 1], min_relative)) continue;
      const double diff = std::fabs(segs[i].mean - segs[i + 1].mean);
      if (!pick || diff < pick_diff) {
        pick = i;
        pick_diff = diff;
      }
    }
    if (!pick) return;
    segs[*pick] = make_segment(f, segs[*pick].begin, segs[*pick + 1].end);
    segs.erase(segs.begin() + static_cast<std::ptrdiff_t>(*pick) + 1);
  }
}

std::optional<std::size_t> find_steady(const std::vector<Segment>& segs, std::span<const double> f,
                                       const SegmentationOptions& options) {
  const double n = static_cast<double>(f.size());
  for (std::size_t j = 0; j < segs.size(); ++j) {
    const Segment& s = segs[j];
    if (s.size() < options.min_steady ||
        static_cast<double>(s.size()) < options.min_steady_fraction * n)
      continue;
    if (!flat(f.subspan(s.begin, s.size()), options.max_rel_drift)) continue;
    const bool early_plateau = j + 1 < segs.size() && segs[j + 1].mean > s.mean &&
                               static_cast<double>(s.end) <= options.early_plateau_fraction * n;
    if (!early_plateau) return j;
  }
  return std::nullopt;
}

}  // namespace

std::vector<Segment> pelt_meanvar(std::span<const double> y, const PeltOptions& options) {
  const std::size_t n = y.size();
  if (n == 0) return {};
  const std::size_t max_points = std::max<std::size_t>(options.max_points, 16);
  if (n <= max_points) return pelt_core(y, options);
  // Long series: PELT on block means, boundaries mapped back.
  const std::size_t block = (n + max_points - 1) / max_points;
  std::vector<double> blocks;
  for (std::size_t i = 0; i < n; i += block)
    blocks.push_back(mean(y.subspan(i, std::min(block, n - i))));
  PeltOptions inner = options;
  inner.min_segment = std::max<std::size_t>(2, (options.min_segment + block - 1) / block);
  std::vector<Segment> out;
  for (const Segment& s : pelt_core(blocks, inner))
    out.push_back(make_segment(y, s.begin * block, std::min(n, s.end * block)));
  return out;
}

Segmentation segment_series(std::span<const double> y, const SegmentationOptions& options) {
  Segmentation r;
  const std::size_t n = y.size();
  if (n == 0) return r;
  const std::vector<double> f =
      hampel_filter(y, options.outlier_half_window, options.outlier_sigmas, &r.outliers);
  r.raw = pelt_meanvar(f, options.pelt);

  const std::span<const double> fs(f);
  r.merged = r.raw;
  for (;;) {
    merge_equivalent(r.merged, fs, options.min_shift_relative);
    r.steady = find_steady(r.merged, fs, options);
    if (!r.steady) break;
    // A regime must last: the first too-short segment after the steady one
    // (a transition or a transient) joins its neighbour with the nearer mean.
    std::optional<std::size_t> short_one;
    for (std::size_t j = *r.steady + 1; j < r.merged.size() && !short_one; ++j)
      if (r.merged[j].size() < options.min_steady) short_one = j;
    if (!short_one) break;
    const std::size_t j = *short_one;
    const bool has_right = j + 1 < r.merged.size();
    const bool left = !has_right || std::fabs(r.merged[j].mean - r.merged[j - 1].mean) <=
                                        std::fabs(r.merged[j].mean - r.merged[j + 1].mean);
    const std::size_t a = left ? j - 1 : j;
    r.merged[a] = make_segment(fs, r.merged[a].begin, r.merged[a + 1].end);
    r.merged.erase(r.merged.begin() + static_cast<std::ptrdiff_t>(a) + 1);
  }
  if (r.steady) {
    for (std::size_t j = *r.steady + 1; j < r.merged.size(); ++j) r.shifts.push_back(j);
    r.phase = r.shifts.empty() ? Phase::steady : Phase::shifted;
  } else {
    r.phase = n >= options.unsettled_after ? Phase::unsettled : Phase::warming;
  }
  return r;
}

}  // namespace clscope::core
