// Arrival processes and size distributions: reproducible for a seed, with
// moments within statistical tolerance (fixed seeds; margins of 3 or more
// standard errors), bursty on/off periods, trace replay, file parsing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "core/Arrivals.hpp"

using namespace clscope::core;

namespace {

std::vector<double> gaps_s(ArrivalProcess& p, std::size_t n) {
  std::vector<double> out;
  std::int64_t prev = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t t = p.next_ns();
    out.push_back(static_cast<double>(t - prev) * 1e-9);
    prev = t;
  }
  return out;
}

double mean_of(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double variance_of(const std::vector<double>& v) {
  const double m = mean_of(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return s / static_cast<double>(v.size() - 1);
}

}  // namespace

TEST(Arrivals, SameSeedSameSequence) {
  ArrivalOptions o;
  o.kind = ArrivalKind::poisson;
  o.rate_hz = 500;
  o.seed = 42;
  ArrivalProcess a(o), b(o);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.next_ns(), b.next_ns());
  o.seed = 43;
  ArrivalProcess c(o);
  ArrivalProcess d(ArrivalOptions{ArrivalKind::poisson, 500, 1000, 50, 450, {}, 42});
  int same = 0;
  for (int i = 0; i < 100; ++i) same += c.next_ns() == d.next_ns();
  EXPECT_LT(same, 5);
}

TEST(Arrivals, ConstantIsExactAndDriftFree) {
  ArrivalOptions o;
  o.kind = ArrivalKind::constant;
  o.rate_hz = 3000;  // 333.33 us: not a whole number of ns
  ArrivalProcess p(o);
  std::int64_t last = 0;
  for (int i = 0; i < 300000; ++i) last = p.next_ns();
  // The 300000th arrival is at (300000 - 1) / 3000 s, to the nanosecond.
  EXPECT_NEAR(static_cast<double>(last), 299999.0 / 3000.0 * 1e9, 1.0);
  EXPECT_DOUBLE_EQ(p.mean_rate_hz(), 3000);
}

TEST(Arrivals, PoissonInterArrivalMeanAndVariance) {
  // Exponential gaps: mean 1/rate, variance 1/rate^2. With n = 200000 the
  // standard error of the mean is 0.22 % and of the variance about 0.63 %.
  for (double rate : {50.0, 1000.0}) {
    ArrivalOptions o;
    o.kind = ArrivalKind::poisson;
    o.rate_hz = rate;
    o.seed = 7;
    ArrivalProcess p(o);
    const auto g = gaps_s(p, 200000);
    EXPECT_NEAR(mean_of(g) * rate, 1.0, 0.01) << rate;
    EXPECT_NEAR(variance_of(g) * rate * rate, 1.0, 0.03) << rate;
    // Memorylessness: the share of gaps above the mean is e^-1.
    const auto above = std::count_if(g.begin(), g.end(), [&](double x) { return x > 1.0 / rate; });
    EXPECT_NEAR(static_cast<double>(above) / static_cast<double>(g.size()), std::exp(-1.0), 0.005);
  }
}

TEST(Arrivals, BurstyOnOffPeriodsAndRate) {
  // Pure on/off source: 100 kHz during ON periods of 2 ms on average, silent
  // during OFF periods of 20 ms on average (both exponential).
  ArrivalOptions o;
  o.kind = ArrivalKind::bursty;
  o.rate_hz = 0;
  o.burst_rate_hz = 100000;
  o.burst_on_ms = 2;
  o.burst_off_ms = 20;
  o.seed = 3;
  ArrivalProcess p(o);
  EXPECT_NEAR(p.mean_rate_hz(), 100000.0 * 2 / 22, 1e-9);
  const auto g = gaps_s(p, 810000);  // about 4000 on/off cycles
  // A gap above 0.2 ms cannot happen inside a burst (P = e^-20 per gap): it
  // is an OFF period. OFF periods shorter than that (1 %) go unseen and
  // merge two bursts.
  constexpr double kThreshold = 0.2e-3;
  std::vector<double> off, on, per_burst;
  double burst = 0;
  std::size_t count = 0;
  for (std::size_t i = 1; i < g.size(); ++i) {
    if (g[i] > kThreshold) {
      off.push_back(g[i]);
      on.push_back(burst);
      per_burst.push_back(static_cast<double>(count + 1));
      burst = 0;
      count = 0;
    } else {
      burst += g[i];
      ++count;
    }
  }
  ASSERT_GT(off.size(), 3500u);
  // Seen OFF gaps: an exponential longer than the threshold has mean
  // 20 + 0.2 ms (memoryless), plus the wait for the burst's first arrival
  // (0.01 ms). Standard error 20 / sqrt(4000) = 0.32 ms.
  EXPECT_NEAR(mean_of(off) * 1e3, 20.21, 1.0);
  // Burst span: the ON period less the residual waits at both ends (0.02 ms),
  // lengthened about 1 % by merged bursts. Standard error 0.03 ms.
  EXPECT_NEAR(mean_of(on) * 1e3, 2.0, 0.12);
  // Arrivals per burst: 2 ms x 100 kHz (+1 % merged). Standard error ~3.
  EXPECT_NEAR(mean_of(per_burst), 202, 10);
  const double total = std::accumulate(g.begin(), g.end(), 0.0);
  EXPECT_NEAR(static_cast<double>(g.size()) / total, 9091, 400);
}

TEST(Arrivals, BurstyWithBackgroundRate) {
  ArrivalOptions o;
  o.kind = ArrivalKind::bursty;
  o.rate_hz = 100;
  o.burst_rate_hz = 2000;
  o.burst_on_ms = 50;
  o.burst_off_ms = 450;
  o.seed = 11;
  ArrivalProcess p(o);
  EXPECT_DOUBLE_EQ(p.mean_rate_hz(), (50 * 2000 + 450 * 100) / 500.0);  // 290/s
  const auto g = gaps_s(p, 300000);
  const double total = std::accumulate(g.begin(), g.end(), 0.0);
  // About 1000 cycles: the rate's relative standard error is about 3 %.
  EXPECT_NEAR(static_cast<double>(g.size()) / total, 290, 290 * 0.1);
  // Overdispersed compared with Poisson: the gaps' squared coefficient of variation > 1.
  EXPECT_GT(variance_of(g) / (mean_of(g) * mean_of(g)), 2.0);
}

TEST(Arrivals, TraceReplaysAndRepeats) {
  ArrivalOptions o;
  o.kind = ArrivalKind::trace;
  o.trace_s = {0.0, 0.1, 0.1, 0.4};
  ArrivalProcess p(o);
  const std::vector<std::int64_t> want{0, 100'000'000, 100'000'000, 400'000'000,
                                       // again, shifted by last + mean gap = 0.4 + 0.1333
                                       533'333'333, 633'333'333};
  for (std::int64_t w : want) EXPECT_NEAR(static_cast<double>(p.next_ns()), static_cast<double>(w), 1.0);
  EXPECT_NEAR(p.mean_rate_hz(), 4 / 0.5333333, 1e-3);
}

TEST(Arrivals, InvalidOptionsAreRejected) {
  EXPECT_THROW(ArrivalProcess(ArrivalOptions{ArrivalKind::poisson, 0, 1000, 50, 450, {}, 1}),
               std::invalid_argument);
  EXPECT_THROW(ArrivalProcess(ArrivalOptions{ArrivalKind::bursty, 10, 0, 50, 450, {}, 1}),
               std::invalid_argument);
  EXPECT_THROW(ArrivalProcess(ArrivalOptions{ArrivalKind::bursty, 10, 100, 0, 450, {}, 1}),
               std::invalid_argument);
  EXPECT_THROW(ArrivalProcess(ArrivalOptions{ArrivalKind::trace, 10, 100, 1, 1, {}, 1}),
               std::invalid_argument);
  EXPECT_THROW(ArrivalProcess(ArrivalOptions{ArrivalKind::trace, 10, 100, 1, 1, {0.5, 0.2}, 1}),
               std::invalid_argument);
}

TEST(Sizes, FixedUniformBounds) {
  SizeOptions o;
  o.kind = SizeKind::fixed;
  o.mean = 17;
  SizeDistribution f(o);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(f.next(), 17u);
  o.kind = SizeKind::uniform;
  o.min = 4;
  o.max = 12;
  o.seed = 5;
  SizeDistribution u(o);
  std::vector<int> seen(13, 0);
  double sum = 0;
  const int n = 90000;
  for (int i = 0; i < n; ++i) {
    const auto v = u.next();
    ASSERT_GE(v, 4u);
    ASSERT_LE(v, 12u);
    ++seen[v];
    sum += v;
  }
  // Each of the 9 values: 10000 expected, standard deviation ~94.
  for (unsigned v = 4; v <= 12; ++v) EXPECT_NEAR(seen[v], n / 9.0, 500) << v;
  EXPECT_NEAR(sum / n, 8.0, 0.05);
}

TEST(Sizes, LognormalMeanAndSpread) {
  SizeOptions o;
  o.kind = SizeKind::lognormal;
  o.mean = 100;
  o.sigma = 0.5;
  o.min = 1;
  o.max = 100000;  // effectively unclamped
  o.seed = 9;
  SizeDistribution d(o);
  std::vector<double> v;
  for (int i = 0; i < 200000; ++i) v.push_back(d.next());
  // Mean exp(mu + s^2/2) = 100; median exp(mu) = 100 e^-0.125 = 88.25;
  // coefficient of variation sqrt(e^{s^2} - 1) = 0.533 (rounding to integers
  // shifts these by well under 1 %).
  EXPECT_NEAR(mean_of(v), 100, 1.0);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  EXPECT_NEAR(v[v.size() / 2], 88.25, 1.5);
  EXPECT_NEAR(std::sqrt(variance_of(v)) / mean_of(v), 0.533, 0.02);
}

TEST(Sizes, LognormalIsClamped) {
  SizeOptions o;
  o.kind = SizeKind::lognormal;
  o.mean = 32;
  o.sigma = 1.5;
  o.min = 8;
  o.max = 64;
  SizeDistribution d(o);
  bool hit_min = false, hit_max = false;
  for (int i = 0; i < 20000; ++i) {
    const auto v = d.next();
    ASSERT_GE(v, 8u);
    ASSERT_LE(v, 64u);
    hit_min = hit_min || v == 8;
    hit_max = hit_max || v == 64;
  }
  EXPECT_TRUE(hit_min);
  EXPECT_TRUE(hit_max);
}

TEST(Sizes, FileInOrderAndClamped) {
  SizeOptions o;
  o.kind = SizeKind::file;
  o.sizes = {5, 1000, 7};
  o.max = 100;
  SizeDistribution d(o);
  const std::vector<std::uint32_t> want{5, 100, 7, 5, 100, 7};
  for (auto w : want) EXPECT_EQ(d.next(), w);
}

TEST(Sizes, InvalidOptionsAreRejected) {
  SizeOptions o;
  o.min = 10;
  o.max = 5;
  EXPECT_THROW(SizeDistribution{o}, std::invalid_argument);
  o = {};
  o.kind = SizeKind::fixed;
  o.mean = 300;
  o.max = 256;
  EXPECT_THROW(SizeDistribution{o}, std::invalid_argument);
  o = {};
  o.kind = SizeKind::file;
  EXPECT_THROW(SizeDistribution{o}, std::invalid_argument);
}

TEST(Files, TraceAndSizeParsing) {
  EXPECT_EQ(parse_trace("# times\n0\n0.5  # half\n\n1.25\n", "t.txt"),
            (std::vector<double>{0, 0.5, 1.25}));
  try {
    parse_trace("0\n1\n0.5\n", "t.txt");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("t.txt:3: ", 0), 0u) << e.what();
  }
  try {
    parse_trace("0\nabc\n", "t.txt");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("t.txt:2: ", 0), 0u) << e.what();
  }
  EXPECT_THROW(parse_trace("# nothing\n", "t.txt"), std::invalid_argument);
  EXPECT_EQ(parse_sizes("3\n 40 \n# c\n7\n", "s.txt"), (std::vector<std::uint32_t>{3, 40, 7}));
  try {
    parse_sizes("3\n0\n", "s.txt");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("s.txt:2: ", 0), 0u) << e.what();
  }
}
