#include "core/SteadyState.hpp"

#include <algorithm>
#include <cmath>

#include "core/Stats.hpp"

namespace clscope::core {
namespace {

// MSER statistic over truncation points d in [lo, hi]: the variance of the
// kept values z[d..) divided by their count, i.e. SSE(d) / (n - d)^2.
// Returns the smallest minimiser.
std::size_t mser_argmin(std::span<const double> z, std::size_t lo, std::size_t hi) {
  const std::size_t n = z.size();
  hi = std::min(hi, n - 1);
  const double centre = mean(z);                       // shift for numerical stability
  std::vector<double> s1(n + 1, 0.0), s2(n + 1, 0.0);  // suffix sums
  for (std::size_t i = n; i-- > 0;) {
    const double x = z[i] - centre;
    s1[i] = s1[i + 1] + x;
    s2[i] = s2[i + 1] + x * x;
  }
  std::size_t best = lo;
  double best_stat = INFINITY;
  for (std::size_t d = lo; d <= hi; ++d) {
    const double m = static_cast<double>(n - d);
    const double sse = std::max(0.0, s2[d] - s1[d] * s1[d] / m);
    const double stat = sse / (m * m);
    if (stat < best_stat) {
      best_stat = stat;
      best = d;
    }
  }
  return best;
}

std::vector<double> values_of(const auto& points, std::size_t begin, std::size_t end) {
  std::vector<double> v;
  v.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) v.push_back(points[i].value);
  return v;
}

constexpr std::size_t kMinBaseWindows = 5;  // steady windows needed before testing for a shift
constexpr double kBandSigmas = 4.0;         // steady-point refinement band

}  // namespace

SteadyStateDetector::SteadyStateDetector(DetectorOptions options) : options_(options) {
  options_.batch = std::max<std::size_t>(options_.batch, 1);
  options_.min_batches = std::max<std::size_t>(options_.min_batches, 2);
  options_.shift_window = std::max<std::size_t>(options_.shift_window, 1);
  options_.shift_min_moved =
      std::clamp<std::size_t>(options_.shift_min_moved, 1, options_.shift_window);
}

void SteadyStateDetector::push(double t_s, std::optional<double> value, bool excluded) {
  const std::size_t index = status_.windows++;
  if (!first_t_s_) first_t_s_ = t_s;
  if (excluded) {
    ++status_.excluded;
    return;
  }
  if (!value || !std::isfinite(*value)) return;
  ++status_.usable;
  points_.push_back({index, t_s, *value});
  peak_.push(t_s, *value);
  {
    const PeakSummary p = peak_.summary();
    status_.peak = p.peak;
    status_.peak_at_s = p.peak_at_s;
    status_.max_window = p.max_window;
    status_.max_window_at_s = p.max_window_at_s;
  }
  if (settled_)
    check_shift();
  else
    try_settle();
  refresh_phase();
  levels_stale_ = true;
}

void SteadyStateDetector::try_settle() {
  const std::size_t b = options_.batch;
  const std::size_t begin = std::max(regime_begin_, points_.size() > options_.max_history
                                                        ? points_.size() - options_.max_history
                                                        : std::size_t{0});
  const std::size_t n = points_.size() - begin;
  if (n < b * options_.min_batches) return;
  const std::vector<double> raw = values_of(points_, begin, points_.size());
  const std::vector<double> f =
      hampel_filter(raw, options_.outlier_half_window, options_.outlier_sigmas);

  const std::size_t k = n / b;
  std::vector<double> z(k);
  for (std::size_t j = 0; j < k; ++j) z[j] = mean(std::span<const double>(f).subspan(j * b, b));
  const std::size_t d = mser_argmin(z, 0, k / 2);

  // Refine to one window: the level of the kept windows after their first
  // batch is the reference; extend backwards from there over every window
  // within kBandSigmas standard deviations of it.
  const std::span<const double> fs(f);
  const std::size_t ref_begin = n - (d + 1) * b >= b ? (d + 1) * b : d * b;
  const auto ref = fs.subspan(ref_begin);
  const double ref_mean = mean(ref);
  const double band = kBandSigmas * std::max(stddev(ref), 1e-3 * std::fabs(ref_mean));
  std::size_t from = ref_begin;
  while (from > 0 && std::fabs(f[from - 1] - ref_mean) <= band) --from;

  // Confidence-interval and trend tests on the batch means from there.
  const std::size_t m = (n - from) / b;
  if (m < options_.min_batches) return;
  std::vector<double> kept(m);
  for (std::size_t j = 0; j < m; ++j) kept[j] = mean(fs.subspan(from + j * b, b));
  const double mu = mean(kept);
  if (!(std::fabs(mu) > 0)) return;
  const double half_width =
      t_quantile_975(m - 1) * stddev(kept) / std::sqrt(static_cast<double>(m));
  if (half_width / std::fabs(mu) >= options_.max_rel_half_width) return;
  const double drift = std::fabs(ls_slope(kept)) * static_cast<double>(m - 1) / std::fabs(mu);
  if (drift > options_.max_rel_drift) return;
  const std::size_t d_raw = from;

  settled_ = true;
  settled_from_ = begin + d_raw;
  if (!status_.steady_at) {
    first_settled_from_ = settled_from_;
    const Point& p = points_[settled_from_];
    status_.steady_at = p.index;
    status_.steady_at_s = p.t_s;
    status_.time_to_steady_s = p.t_s - *first_t_s_;
  }
}

void SteadyStateDetector::check_shift() {
  const std::size_t end = points_.size();
  const std::size_t w = options_.shift_window;
  if (end - settled_from_ < w + kMinBaseWindows) return;
  // Recent history only: [first, end) with at most max_history windows.
  const std::size_t first =
      std::max(settled_from_,
               end > options_.max_history + w ? end - w - options_.max_history : std::size_t{0});
  const std::vector<double> base = values_of(points_, first, end - w);
  const double level = *median(base);
  const double threshold = std::max(options_.shift_min_relative * std::fabs(level),
                                    options_.shift_noise_sigmas * difference_sigma(base));
  std::size_t up = 0, down = 0;
  for (std::size_t i = end - w; i < end; ++i) {
    if (points_[i].value > level + threshold) ++up;
    if (points_[i].value < level - threshold) ++down;
  }
  if (std::max(up, down) < options_.shift_min_moved) return;

  // Place the shift at the best two-mean split of the steady windows, looking
  // only at recent split points (the test fires within ~shift_window windows).
  const std::vector<double> v = values_of(points_, first, end);
  const std::size_t n = v.size();
  std::vector<double> p1(n + 1, 0.0), p2(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double x = v[i] - level;
    p1[i + 1] = p1[i] + x;
    p2[i + 1] = p2[i] + x * x;
  }
  auto sse = [&](std::size_t a, std::size_t e) {
    const double m = static_cast<double>(e - a);
    const double s = p1[e] - p1[a];
    return p2[e] - p2[a] - s * s / m;
  };
  const std::size_t j_lo = n > 2 * w ? n - 2 * w : 1;
  std::size_t best = n - options_.shift_min_moved;
  double best_cost = INFINITY;
  for (std::size_t j = std::max<std::size_t>(j_lo, 1); j + 1 < n; ++j) {
    const double c = sse(0, j) + sse(j, n);
    if (c < best_cost) {
      best_cost = c;
      best = j;
    }
  }
  const std::size_t shift = first + best;

  if (status_.shifts == 0) {
    // Freeze the first steady regime's level at the shift.
    status_.steady = estimate_level(values_of(points_, first_settled_from_, shift));
  }
  ++status_.shifts;
  status_.shift_at = points_[shift].index;
  status_.shift_at_s = points_[shift].t_s;
  status_.shift_from_level = level;
  status_.shift_to_level = *median(values_of(points_, shift, end));
  regime_begin_ = shift;
  settled_ = false;
  status_.current.reset();
  try_settle();
}

void SteadyStateDetector::refresh_phase() {
  if (status_.shifts > 0)
    status_.phase = Phase::shifted;
  else if (settled_)
    status_.phase = Phase::steady;
  else if (points_.size() - regime_begin_ >= options_.unsettled_after)
    status_.phase = Phase::unsettled;
  else
    status_.phase = Phase::warming;
}

const SteadyStatus& SteadyStateDetector::status() const {
  if (levels_stale_) {
    levels_stale_ = false;
    if (settled_) {
      status_.current = estimate_level(values_of(points_, settled_from_, points_.size()));
      if (status_.shifts == 0) status_.steady = status_.current;
    }
    if (status_.steady && status_.peak && *status_.peak > 0)
      status_.sustained_over_peak = status_.steady->median / *status_.peak;
  }
  return status_;
}

}  // namespace clscope::core
