// The staggered start (SoloSchedule): which workload may run after each
// closed window, and the solo phases it hands back. Pure: windows are fed by
// hand, never timed.
#include <gtest/gtest.h>

#include "app/run/SoloSchedule.hpp"

using clscope::app::SoloSchedule;

namespace {

std::vector<bool> runnable(const SoloSchedule& s, std::size_t n) {
  std::vector<bool> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(s.may_run(i));
  return out;
}

}  // namespace

TEST(SoloSchedule, EachWorkloadAloneInTurnThenAllTogether) {
  SoloSchedule s(3, 3);
  const std::vector<bool> none(3, false);
  // Setup: everyone held until all are past setup.
  EXPECT_EQ(runnable(s, 3), (std::vector<bool>{false, false, false}));
  EXPECT_FALSE(s.on_window(0, 1, false, false, none));
  EXPECT_EQ(runnable(s, 3), (std::vector<bool>{false, false, false}));
  EXPECT_FALSE(s.on_window(1, 2, true, false, none));  // setup over: workload 0's phase starts at 2 s
  std::vector<SoloSchedule::Ended> ended;
  std::vector<std::vector<bool>> seen;
  for (int t = 2; t < 14; ++t) {
    seen.push_back(runnable(s, 3));
    if (auto e = s.on_window(t, t + 1, true, false, none)) ended.push_back(*e);
  }
  // 3 windows each, in scenario order, then together.
  for (int k = 0; k < 9; ++k) {
    std::vector<bool> expect(3, false);
    expect[static_cast<std::size_t>(k / 3)] = true;
    EXPECT_EQ(seen[static_cast<std::size_t>(k)], expect) << "window " << k;
  }
  for (std::size_t k = 9; k < seen.size(); ++k) EXPECT_EQ(seen[k], (std::vector<bool>{true, true, true}));
  ASSERT_EQ(ended.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(ended[i].workload, i);
    EXPECT_DOUBLE_EQ(ended[i].phase.from_s, 2.0 + 3.0 * static_cast<double>(i));
    EXPECT_DOUBLE_EQ(ended[i].phase.to_s, 5.0 + 3.0 * static_cast<double>(i));
  }
  EXPECT_TRUE(s.together());
}

TEST(SoloSchedule, PausedWindowsDoNotCount) {
  SoloSchedule s(2, 2);
  const std::vector<bool> none(2, false);
  s.on_window(0, 1, true, false, none);
  EXPECT_EQ(s.describe({"stream", "launch"}), "solo: stream 1/2");
  EXPECT_FALSE(s.on_window(1, 2, true, true, none));  // paused
  EXPECT_FALSE(s.on_window(2, 3, true, false, none));
  EXPECT_EQ(s.describe({"stream", "launch"}), "solo: stream 2/2");
  const auto e = s.on_window(3, 4, true, false, none);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->workload, 0u);
  EXPECT_DOUBLE_EQ(e->phase.from_s, 1.0);
  EXPECT_DOUBLE_EQ(e->phase.to_s, 4.0);
  EXPECT_EQ(s.soloist(), 1u);
}

TEST(SoloSchedule, FailedWorkloadsGetNoPhase) {
  SoloSchedule s(3, 1);
  std::vector<bool> gone{false, true, false};
  s.on_window(0, 1, true, false, gone);
  EXPECT_EQ(s.soloist(), 0u);
  auto e = s.on_window(1, 2, true, false, gone);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->workload, 0u);
  EXPECT_EQ(s.soloist(), 2u);  // 1 failed in its setup: skipped
  e = s.on_window(2, 3, true, false, gone);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->workload, 2u);
  EXPECT_TRUE(s.together());
}

TEST(SoloSchedule, DisabledRunsEverythingAtOnce) {
  for (auto [n, w] : {std::pair<std::size_t, int>{1, 3}, {2, 0}}) {
    SoloSchedule s(n, w);
    EXPECT_TRUE(s.together());
    EXPECT_TRUE(s.may_run(0));
    EXPECT_FALSE(s.on_window(0, 1, true, false, std::vector<bool>(n, false)));
    EXPECT_EQ(s.describe({"a", "b"}), "");
  }
}

TEST(SoloSchedule, AppliesToSeveralWorkloadsThatDoNotScheduleThemselves) {
  using clscope::config::parse_workload_spec;
  clscope::config::Scenario sc;
  sc.workloads = {parse_workload_spec("stream")};
  EXPECT_FALSE(SoloSchedule::applies(sc));  // one workload: nothing to compare with
  sc.workloads.push_back(parse_workload_spec("launch"));
  EXPECT_TRUE(SoloSchedule::applies(sc));
  sc.solo_windows = 0;
  EXPECT_FALSE(SoloSchedule::applies(sc));
  sc.solo_windows = 3;
  sc.workloads.push_back(parse_workload_spec("stream:start_after_s=8"));
  EXPECT_FALSE(SoloSchedule::applies(sc));  // the scenario schedules itself
}
