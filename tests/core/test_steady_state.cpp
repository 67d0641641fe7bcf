#include <gtest/gtest.h>

#include "Synthetic.hpp"
#include "core/SteadyState.hpp"
#include "core/VerdictTracker.hpp"

using namespace clscope::core;
using clscope::test::Rng;
namespace syn = clscope::test;

namespace {

struct Replay {
  SteadyStatus final;
  std::optional<std::size_t> first_steady_push;  // push index at which phase became steady
  bool saw_unsettled = false;
  std::vector<Event> events;
};

Replay replay(const std::vector<double>& v, DetectorOptions options = {}) {
  SteadyStateDetector d(options);
  PhaseEventTracker events("w");
  Replay r;
  for (std::size_t i = 0; i < v.size(); ++i) {
    d.push(static_cast<double>(i), v[i]);
    if (d.status().phase == Phase::steady && !r.first_steady_push) r.first_steady_push = i;
    if (d.status().phase == Phase::unsettled) r.saw_unsettled = true;
    for (auto& e : events.update(d.status())) r.events.push_back(e);
  }
  r.final = d.status();
  return r;
}

}  // namespace

TEST(SteadyState, PhaseNamesAreTheContractStrings) {
  EXPECT_STREQ(phase_name(Phase::warming), "warming");
  EXPECT_STREQ(phase_name(Phase::steady), "steady");
  EXPECT_STREQ(phase_name(Phase::shifted), "shifted");
  EXPECT_STREQ(phase_name(Phase::unsettled), "unsettled");
  EXPECT_EQ(phase_from_name("shifted"), Phase::shifted);
  EXPECT_FALSE(phase_from_name("Steady").has_value());
}

TEST(SteadyState, StartsWarmingAndNeedsThreeBatches) {
  SteadyStateDetector d;
  EXPECT_EQ(d.status().phase, Phase::warming);
  for (int i = 0; i < 14; ++i) d.push(i, 100.0);
  EXPECT_EQ(d.status().phase, Phase::warming);  // 14 < 3 batches of 5
  d.push(14, 100.0);
  EXPECT_EQ(d.status().phase, Phase::steady);
  EXPECT_EQ(d.status().steady_at, 0u);
}

TEST(SteadyState, FlatNoisySeriesIsSteadyEarly) {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    const Replay r = replay(syn::flat(rng, 60, 100.0, 0.02));
    SCOPED_TRACE(seed);
    ASSERT_TRUE(r.first_steady_push.has_value());
    EXPECT_LE(*r.first_steady_push, 20u);
    EXPECT_EQ(r.final.phase, Phase::steady);
    ASSERT_TRUE(r.final.steady_at.has_value());
    EXPECT_LE(*r.final.steady_at, 5u);
    ASSERT_TRUE(r.final.steady.has_value());
    EXPECT_NEAR(r.final.steady->median, 100.0, 2.0);
    ASSERT_TRUE(r.final.steady->ci_low && r.final.steady->ci_high);
    EXPECT_LT(*r.final.steady->ci_low, 100.0 + 0.5);
    EXPECT_GT(*r.final.steady->ci_high, 100.0 - 0.5);
    EXPECT_EQ(r.final.shifts, 0u);
    ASSERT_TRUE(r.final.sustained_over_peak.has_value());
    EXPECT_GT(*r.final.sustained_over_peak, 0.85);
    EXPECT_LE(*r.final.sustained_over_peak, 1.0);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0].type, "steady-state");
  }
}

TEST(SteadyState, RampThenFlatSettlesNearTheEndOfTheRamp) {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    const auto v =
        syn::concat(syn::ramp(rng, 10, 50.0, 100.0, 0.01), syn::flat(rng, 50, 100.0, 0.01));
    const Replay r = replay(v);
    SCOPED_TRACE(seed);
    EXPECT_EQ(r.final.phase, Phase::steady);
    ASSERT_TRUE(r.final.steady_at.has_value());
    EXPECT_GE(*r.final.steady_at, 8u);
    EXPECT_LE(*r.final.steady_at, 12u);
    ASSERT_TRUE(r.final.time_to_steady_s.has_value());
    EXPECT_DOUBLE_EQ(*r.final.time_to_steady_s, static_cast<double>(*r.final.steady_at));
    EXPECT_NEAR(r.final.steady->median, 100.0, 1.0);
  }
}

TEST(SteadyState, StepDownAfterSteadyIsAShiftAtTheStep) {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    const auto v = syn::concat(syn::flat(rng, 40, 100.0, 0.02), syn::flat(rng, 40, 80.0, 0.02));
    const Replay r = replay(v);
    SCOPED_TRACE(seed);
    EXPECT_EQ(r.final.phase, Phase::shifted);
    EXPECT_EQ(r.final.shifts, 1u);
    ASSERT_TRUE(r.final.shift_at.has_value());
    EXPECT_GE(*r.final.shift_at, 38u);
    EXPECT_LE(*r.final.shift_at, 42u);
    // The first steady regime keeps its level; the new one re-settles.
    EXPECT_NEAR(r.final.steady->median, 100.0, 2.0);
    EXPECT_NEAR(*r.final.shift_from_level, 100.0, 2.0);
    EXPECT_NEAR(*r.final.shift_to_level, 80.0, 3.0);
    ASSERT_TRUE(r.final.current.has_value());
    EXPECT_NEAR(r.final.current->median, 80.0, 2.0);
    ASSERT_EQ(r.events.size(), 2u);
    EXPECT_EQ(r.events[1].type, "regime-shift");
    EXPECT_NEAR(r.events[1].t_s, 40.0, 2.0);
    EXPECT_EQ(r.events[1].from, "steady");
    EXPECT_EQ(r.events[1].to, "shifted");
    EXPECT_NEAR(r.events[1].evidence.at("relative_change").get<double>(), -0.2, 0.04);
  }
}

TEST(SteadyState, ShortDipIsNotAShift) {
  Rng rng(3);
  auto v = syn::flat(rng, 60, 100.0, 0.01);
  for (std::size_t i = 30; i < 33; ++i) v[i] = 70.0;  // three windows of contention
  const Replay r = replay(v);
  EXPECT_EQ(r.final.phase, Phase::steady);
  EXPECT_EQ(r.final.shifts, 0u);
}

TEST(SteadyState, SlowDriftIsNotSteadyForLong) {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    std::vector<double> v;
    for (int i = 0; i < 120; ++i) v.push_back(syn::noisy(rng, 100.0 * (1 + 0.003 * i), 0.01));
    const Replay r = replay(v);
    SCOPED_TRACE(seed);
    EXPECT_NE(r.final.phase, Phase::steady);  // never settled, or flagged as shifted
  }
}

TEST(SteadyState, HeavyNoiseIsUnsettledOrHasAWideInterval) {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    const Replay r = replay(syn::flat(rng, 60, 100.0, 0.30));
    SCOPED_TRACE(seed);
    if (r.final.phase == Phase::unsettled) continue;
    ASSERT_TRUE(r.final.steady && r.final.steady->ci_low && r.final.steady->ci_high);
    EXPECT_GT((*r.final.steady->ci_high - *r.final.steady->ci_low) / r.final.steady->median, 0.10);
  }
  Rng rng(1);
  EXPECT_EQ(replay(syn::flat(rng, 60, 100.0, 0.30)).final.phase, Phase::unsettled);
}

TEST(SteadyState, UnsettledKeepsTrying) {
  Rng rng(5);
  const auto v = syn::concat(syn::flat(rng, 40, 100.0, 0.30), syn::flat(rng, 80, 100.0, 0.01));
  const Replay r = replay(v);
  EXPECT_TRUE(r.saw_unsettled);
  EXPECT_EQ(r.final.phase, Phase::steady);
  ASSERT_TRUE(r.final.steady_at.has_value());
  EXPECT_GE(*r.final.steady_at, 30u);
}

TEST(SteadyState, IsolatedOutliersDoNotPreventOrBreakSteadiness) {
  for (std::uint32_t seed = 1; seed <= 10; ++seed) {
    Rng rng(seed);
    auto v = syn::flat(rng, 80, 100.0, 0.01);
    for (std::size_t i = 4; i < v.size(); i += 13) v[i] = (i % 2) ? 200.0 : 30.0;
    const Replay r = replay(v);
    SCOPED_TRACE(seed);
    ASSERT_TRUE(r.first_steady_push.has_value());
    EXPECT_LE(*r.first_steady_push, 25u);
    EXPECT_EQ(r.final.phase, Phase::steady);
    EXPECT_EQ(r.final.shifts, 0u);
    EXPECT_NEAR(r.final.steady->median, 100.0, 1.0);
  }
}

TEST(SteadyState, ExcludedAndEmptyWindowsStayOutOfTheFigures) {
  SteadyStateDetector d;
  d.push(0.0, 5.0, true);     // JIT window: excluded
  d.push(1.0, 1000.0, true);  // calibration: excluded
  d.push(2.0, std::nullopt);  // nothing completed
  Rng rng(2);
  for (int i = 3; i < 30; ++i) d.push(i, syn::noisy(rng, 100.0, 0.01));
  const SteadyStatus& s = d.status();
  EXPECT_EQ(s.windows, 30u);
  EXPECT_EQ(s.excluded, 2u);
  EXPECT_EQ(s.usable, 27u);
  EXPECT_EQ(s.phase, Phase::steady);
  ASSERT_TRUE(s.peak.has_value());
  EXPECT_LT(*s.peak, 110.0);  // the excluded 1000 is not the peak
  ASSERT_TRUE(s.steady_at.has_value());
  EXPECT_GE(*s.steady_at, 3u);  // indices count every window pushed
  EXPECT_GE(*s.time_to_steady_s, 3.0);
  EXPECT_NEAR(s.steady->median, 100.0, 1.0);
}
