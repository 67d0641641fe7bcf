#include <gtest/gtest.h>

#include "core/VerdictTracker.hpp"

using namespace clscope::core;

namespace {
VerdictResult result(Verdict v) {
  VerdictResult r;
  r.verdict = v;
  r.confidence = 0.9;
  r.why = verdict_name(v);
  return r;
}
// Feeds window i = [i, i+1) with verdict v; returns the event, if any.
std::optional<Event> feed(VerdictTracker& t, int i, Verdict v) {
  return t.update(i, i + 1, result(v));
}
}  // namespace

TEST(VerdictTracker, FirstVerdictIsAdoptedAfterTheHoldWithoutAnEvent) {
  VerdictTracker t("stream");
  EXPECT_FALSE(feed(t, 0, Verdict::memory_bound));
  EXPECT_EQ(t.current(), Verdict::unknown);
  EXPECT_FALSE(feed(t, 1, Verdict::memory_bound));
  EXPECT_EQ(t.current(), Verdict::unknown);
  EXPECT_FALSE(feed(t, 2, Verdict::memory_bound));  // adopted, but nothing shifted
  EXPECT_EQ(t.current(), Verdict::memory_bound);
  ASSERT_EQ(t.timeline().size(), 1u);
  EXPECT_DOUBLE_EQ(t.timeline()[0].from_s, 0.0);
  EXPECT_DOUBLE_EQ(t.timeline()[0].to_s, 3.0);
  EXPECT_EQ(t.timeline()[0].verdict, Verdict::memory_bound);
}

TEST(VerdictTracker, FlappingVerdictsDoNotSwitch) {
  VerdictTracker t("stream");
  for (int i = 0; i < 3; ++i) feed(t, i, Verdict::memory_bound);
  for (int i = 3; i < 30; ++i) {
    const Verdict v = (i % 2) ? Verdict::host_bound : Verdict::memory_bound;
    EXPECT_FALSE(feed(t, i, v)) << i;
  }
  // Two in a row, then back: still no switch.
  feed(t, 30, Verdict::starved);
  feed(t, 31, Verdict::starved);
  EXPECT_FALSE(feed(t, 32, Verdict::memory_bound));
  EXPECT_EQ(t.current(), Verdict::memory_bound);
  ASSERT_EQ(t.timeline().size(), 1u);
  EXPECT_DOUBLE_EQ(t.timeline()[0].to_s, 33.0);
}

TEST(VerdictTracker, AHeldVerdictSwitchesAfterNWindows) {
  VerdictTracker t("stream");
  for (int i = 0; i < 5; ++i) feed(t, i, Verdict::memory_bound);
  EXPECT_FALSE(feed(t, 5, Verdict::host_bound));
  EXPECT_FALSE(feed(t, 6, Verdict::host_bound));
  EXPECT_EQ(t.current(), Verdict::memory_bound);
  const auto e = feed(t, 7, Verdict::host_bound);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(t.current(), Verdict::host_bound);
  EXPECT_EQ(e->type, "bottleneck-shift");
  EXPECT_EQ(e->workload, "stream");
  EXPECT_EQ(e->from, "memory-bound");
  EXPECT_EQ(e->to, "host-bound");
  EXPECT_TRUE(e->off_gpu);
  EXPECT_DOUBLE_EQ(e->t_s, 5.0);  // dated at the start of the run that confirmed it
  EXPECT_EQ(e->evidence.at("verdict"), "host-bound");
  ASSERT_EQ(t.timeline().size(), 2u);
  EXPECT_DOUBLE_EQ(t.timeline()[0].to_s, 5.0);
  EXPECT_DOUBLE_EQ(t.timeline()[1].from_s, 5.0);
  EXPECT_DOUBLE_EQ(t.timeline()[1].to_s, 8.0);

  // And back onto the GPU: not off_gpu.
  for (int i = 8; i < 10; ++i) EXPECT_FALSE(feed(t, i, Verdict::compute_bound));
  const auto back = feed(t, 10, Verdict::compute_bound);
  ASSERT_TRUE(back.has_value());
  EXPECT_FALSE(back->off_gpu);
  EXPECT_EQ(back->from, "host-bound");
}

TEST(VerdictTracker, InterruptedRunRestartsTheCount) {
  VerdictTracker t("w");
  for (int i = 0; i < 3; ++i) feed(t, i, Verdict::memory_bound);
  feed(t, 3, Verdict::launch_bound);
  feed(t, 4, Verdict::launch_bound);
  feed(t, 5, Verdict::starved);  // different candidate: restart
  feed(t, 6, Verdict::launch_bound);
  feed(t, 7, Verdict::launch_bound);
  EXPECT_EQ(t.current(), Verdict::memory_bound);
  ASSERT_TRUE(feed(t, 8, Verdict::launch_bound));
  EXPECT_DOUBLE_EQ(t.timeline().back().from_s, 6.0);
}

TEST(VerdictTracker, HoldOfOneSwitchesImmediatelyAndUnknownCounts) {
  VerdictTracker t("w", 1);
  EXPECT_FALSE(feed(t, 0, Verdict::compute_bound));
  EXPECT_EQ(t.current(), Verdict::compute_bound);
  const auto e = feed(t, 1, Verdict::unknown);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->to, "unknown");
  EXPECT_FALSE(e->off_gpu);
}

TEST(PhaseEventTracker, EmitsSteadyOnceAndEachShift) {
  PhaseEventTracker t("w");
  SteadyStatus s;
  EXPECT_TRUE(t.update(s).empty());
  s.phase = Phase::unsettled;
  EXPECT_TRUE(t.update(s).empty());
  s.phase = Phase::steady;
  s.steady_at_s = 12.0;
  s.steady = LevelEstimate{100.0, 99.0, 101.0, 20};
  auto ev = t.update(s);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].type, "steady-state");
  EXPECT_EQ(ev[0].from, "unsettled");
  EXPECT_EQ(ev[0].to, "steady");
  EXPECT_DOUBLE_EQ(ev[0].t_s, 12.0);
  EXPECT_TRUE(t.update(s).empty());
  s.phase = Phase::shifted;
  s.shifts = 1;
  s.shift_at_s = 40.0;
  s.shift_from_level = 100.0;
  s.shift_to_level = 80.0;
  ev = t.update(s);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].type, "regime-shift");
  EXPECT_NEAR(ev[0].evidence.at("relative_change").get<double>(), -0.2, 1e-12);
  EXPECT_TRUE(t.update(s).empty());
}

TEST(EventJson, RoundTripAndErrors) {
  Event e;
  e.t_s = 3.5;
  e.workload = "stream";
  e.from = "memory-bound";
  e.to = "starved";
  e.off_gpu = true;
  e.evidence = {{"device_busy", 0.2}};
  const nlohmann::json j = e;
  EXPECT_EQ(j.at("type"), "bottleneck-shift");
  const Event back = j.get<Event>();
  EXPECT_EQ(back.to, "starved");
  EXPECT_TRUE(back.off_gpu);
  EXPECT_EQ(back.evidence.at("device_busy"), 0.2);
  EXPECT_THROW(nlohmann::json({{"type", "marker"}}).get<Event>(), std::invalid_argument);
}
