#include <gtest/gtest.h>

#include "Synthetic.hpp"
#include "core/Changepoints.hpp"

using namespace clscope::core;
using clscope::test::Rng;
namespace syn = clscope::test;

TEST(Pelt, FindsMeanChangesAtTheRightPlaces) {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    auto v = syn::concat(syn::flat(rng, 30, 100.0, 0.01), syn::flat(rng, 30, 60.0, 0.01));
    v = syn::concat(v, syn::flat(rng, 30, 100.0, 0.01));
    const auto segs = pelt_meanvar(v);
    SCOPED_TRACE(seed);
    ASSERT_EQ(segs.size(), 3u);
    EXPECT_NEAR(static_cast<double>(segs[0].end), 30.0, 1.0);
    EXPECT_NEAR(static_cast<double>(segs[1].end), 60.0, 1.0);
    EXPECT_EQ(segs[2].end, v.size());
    EXPECT_NEAR(segs[1].mean, 60.0, 1.0);
  }
}

TEST(Pelt, FindsAVarianceChange) {
  Rng rng(7);
  const auto v = syn::concat(syn::flat(rng, 50, 100.0, 0.005), syn::flat(rng, 50, 100.0, 0.10));
  const auto segs = pelt_meanvar(v);
  ASSERT_GE(segs.size(), 2u);
  EXPECT_NEAR(static_cast<double>(segs[0].end), 50.0, 3.0);
}

TEST(Pelt, CoversTheSeriesAndRespectsTheMinimumSegment) {
  Rng rng(11);
  std::vector<double> v;
  for (int i = 0; i < 200; ++i) v.push_back(syn::noisy(rng, i % 40 < 20 ? 100.0 : 50.0, 0.02));
  PeltOptions o;
  o.min_segment = 4;
  const auto segs = pelt_meanvar(v, o);
  ASSERT_FALSE(segs.empty());
  EXPECT_EQ(segs.front().begin, 0u);
  EXPECT_EQ(segs.back().end, v.size());
  for (std::size_t i = 0; i < segs.size(); ++i) {
    EXPECT_GE(segs[i].size(), 4u);
    if (i) {
      EXPECT_EQ(segs[i].begin, segs[i - 1].end);
    }
  }
  EXPECT_EQ(segs.size(), 10u);
}

TEST(Pelt, EdgeCases) {
  EXPECT_TRUE(pelt_meanvar(std::vector<double>{}).empty());
  const std::vector<double> one{5.0};
  ASSERT_EQ(pelt_meanvar(one).size(), 1u);
  const std::vector<double> constant(50, 7.0);  // zero variance: floored, no -inf
  const auto segs = pelt_meanvar(constant);
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_DOUBLE_EQ(segs[0].mean, 7.0);
}

TEST(Pelt, LongSeriesAreBlockedAndStillSegmented) {
  Rng rng(3);
  const auto v = syn::concat(syn::flat(rng, 6000, 100.0, 0.02), syn::flat(rng, 6000, 70.0, 0.02));
  PeltOptions o;
  o.max_points = 1000;
  const auto segs = pelt_meanvar(v, o);
  ASSERT_EQ(segs.size(), 2u);
  EXPECT_NEAR(static_cast<double>(segs[0].end), 6000.0, 12.0);  // block resolution
  EXPECT_EQ(segs[1].end, v.size());
}

TEST(Segmentation, FlatNoisySeriesIsSteadyFromTheStart) {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    const auto s = segment_series(syn::flat(rng, 60, 100.0, 0.02));
    SCOPED_TRACE(seed);
    EXPECT_EQ(s.phase, Phase::steady);
    ASSERT_TRUE(s.steady.has_value());
    EXPECT_EQ(s.merged[*s.steady].begin, 0u);
    EXPECT_TRUE(s.shifts.empty());
  }
}

TEST(Segmentation, RampThenFlatIsSteadyAtTheEndOfTheRamp) {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    const auto v =
        syn::concat(syn::ramp(rng, 10, 50.0, 100.0, 0.01), syn::flat(rng, 50, 100.0, 0.01));
    const auto s = segment_series(v);
    SCOPED_TRACE(seed);
    EXPECT_EQ(s.phase, Phase::steady);
    ASSERT_TRUE(s.steady.has_value());
    EXPECT_NEAR(static_cast<double>(s.merged[*s.steady].begin), 10.0, 2.0);
  }
}

TEST(Segmentation, StepDownAfterSteadyIsARegimeShift) {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    auto v = syn::concat(syn::ramp(rng, 8, 40.0, 100.0, 0.02), syn::flat(rng, 32, 100.0, 0.02));
    v = syn::concat(v, syn::flat(rng, 40, 80.0, 0.02));
    const auto s = segment_series(v);
    SCOPED_TRACE(seed);
    EXPECT_EQ(s.phase, Phase::shifted);
    ASSERT_TRUE(s.steady.has_value());
    EXPECT_NEAR(static_cast<double>(s.merged[*s.steady].begin), 8.0, 2.0);
    ASSERT_EQ(s.shifts.size(), 1u);
    EXPECT_NEAR(static_cast<double>(s.merged[s.shifts[0]].begin), 40.0, 2.0);
    EXPECT_NEAR(s.merged[s.shifts[0]].mean, 80.0, 2.0);
  }
}

TEST(Segmentation, SmallChangesWithinFivePercentAreNotShifts) {
  Rng rng(4);
  const auto v = syn::concat(syn::flat(rng, 40, 100.0, 0.002), syn::flat(rng, 40, 97.0, 0.002));
  const auto s = segment_series(v);
  EXPECT_GE(s.raw.size(), 2u);        // PELT sees it (very low noise) ...
  EXPECT_EQ(s.phase, Phase::steady);  // ... but it is below the 5% floor
  EXPECT_TRUE(s.shifts.empty());
}

TEST(Segmentation, SlowDriftIsNotSimplySteady) {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    std::vector<double> v;
    for (int i = 0; i < 120; ++i) v.push_back(syn::noisy(rng, 100.0 * (1 + 0.003 * i), 0.01));
    const auto s = segment_series(v);
    SCOPED_TRACE(seed);
    EXPECT_NE(s.phase, Phase::steady);
  }
}

TEST(Segmentation, HeavyNoiseIsUnsettledOrHasAWideInterval) {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    const auto v = syn::flat(rng, 60, 100.0, 0.30);
    const auto s = segment_series(v);
    SCOPED_TRACE(seed);
    if (s.phase == Phase::unsettled) continue;
    ASSERT_TRUE(s.steady.has_value());
    const Segment& g = s.merged[*s.steady];
    const auto level = estimate_level(std::span<const double>(v).subspan(g.begin, g.size()));
    ASSERT_TRUE(level && level->ci_low && level->ci_high);
    EXPECT_GT((*level->ci_high - *level->ci_low) / level->median, 0.10);
  }
}

TEST(Segmentation, OutliersAreRobust) {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    auto v = syn::flat(rng, 80, 100.0, 0.01);
    for (std::size_t i = 4; i < v.size(); i += 13) v[i] = (i % 2) ? 200.0 : 30.0;
    const auto s = segment_series(v);
    SCOPED_TRACE(seed);
    EXPECT_EQ(s.phase, Phase::steady);
    EXPECT_TRUE(s.shifts.empty());
    EXPECT_EQ(s.outliers, 6u);
    ASSERT_TRUE(s.steady.has_value());
    EXPECT_LE(s.merged[*s.steady].begin, 2u);
  }
}

TEST(Segmentation, EarlyPlateauBeforeImprovementIsWarmUp) {
  Rng rng(9);
  const auto v = syn::concat(syn::flat(rng, 8, 50.0, 0.01), syn::flat(rng, 52, 100.0, 0.01));
  const auto s = segment_series(v);
  EXPECT_EQ(s.phase, Phase::steady);
  ASSERT_TRUE(s.steady.has_value());
  EXPECT_NEAR(static_cast<double>(s.merged[*s.steady].begin), 8.0, 1.0);
}

TEST(Segmentation, ShortSeriesWithoutSteadyIsWarming) {
  const std::vector<double> v{10, 20, 30, 40, 50, 60, 70, 80};
  EXPECT_EQ(segment_series(v).phase, Phase::warming);
}
