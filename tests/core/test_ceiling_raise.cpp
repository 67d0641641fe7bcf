// Raise on exceed: a steady window more than 2% above its ceiling raises it,
// with an event, and the session judges against the raised ceiling.
#include <gtest/gtest.h>

#include "core/CeilingRaise.hpp"
#include "core/Session.hpp"

using namespace clscope::core;

namespace {

WorkloadInfo stream() { return {"stream", "stream", Metric::bytes_per_s}; }

WindowStats window(int i, double gbs) {
  WindowStats w;
  w.workload = 0;
  w.t_begin_s = i, w.t_end_s = i + 1, w.span_ns = 1'000'000'000;
  w.iterations = 20, w.bytes = gbs * 1e9, w.api_calls = 40;
  w.device_busy_ns = 990'000'000, w.api_wall_ns = 990'000'000, w.wait_wall_ns = 980'000'000;
  return w;
}

}  // namespace

TEST(CeilingRaise, AboveTheMarginRaisesAndSaysFromWhatToWhat) {
  Ceilings c;
  c.mem_gbs = 20.0;
  const auto e = raise_exceeded_ceiling(c, stream(), 12.0, 23.4);
  ASSERT_TRUE(e);
  EXPECT_DOUBLE_EQ(*c.mem_gbs, 23.4);
  EXPECT_EQ(e->type, "ceiling-raised");
  EXPECT_EQ(e->workload, "stream");
  EXPECT_EQ(e->evidence["ceiling"], "mem_gbs");
  EXPECT_DOUBLE_EQ(e->evidence["from"].get<double>(), 20.0);
  EXPECT_DOUBLE_EQ(e->evidence["to"].get<double>(), 23.4);
}

TEST(CeilingRaise, WithinTheMarginOrUnmeasuredNothingMoves) {
  Ceilings c;
  c.mem_gbs = 20.0;
  EXPECT_FALSE(raise_exceeded_ceiling(c, stream(), 1, 20.39));  // +1.95%
  EXPECT_DOUBLE_EQ(*c.mem_gbs, 20.0);
  Ceilings none;
  EXPECT_FALSE(raise_exceeded_ceiling(none, stream(), 1, 99));
  EXPECT_FALSE(none.mem_gbs);
}

TEST(CeilingRaise, EachMetricRaisesItsOwnCeiling) {
  Ceilings c;
  c.compute_gflops = 100, c.h2d_gbs = 10, c.d2h_gbs = 12, c.mem_gbs = 50;
  ASSERT_TRUE(raise_exceeded_ceiling(c, {"compute", "compute", Metric::flops_per_s}, 1, 180));
  EXPECT_DOUBLE_EQ(*c.compute_gflops, 180);
  const auto e = raise_exceeded_ceiling(c, {"transfer", "transfer", Metric::bytes_per_s}, 1, 13);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->evidence["ceiling"], "d2h_gbs");  // the larger transfer ceiling
  EXPECT_DOUBLE_EQ(*c.d2h_gbs, 13);
  EXPECT_DOUBLE_EQ(*c.h2d_gbs, 10);
  EXPECT_DOUBLE_EQ(*c.mem_gbs, 50);
  EXPECT_FALSE(raise_exceeded_ceiling(c, {"launch", "launch", Metric::launches_per_s}, 1, 1e9));
}

TEST(CeilingRaise, SessionRaisesOnceSteadyAndTheSnapshotCarriesIt) {
  Session session({stream()});
  Ceilings c;
  c.mem_gbs = 20.0;
  session.set_ceilings(c);
  int raised = 0;
  for (int i = 0; i < 40; ++i)
    for (const auto& e : session.add_windows({window(i, 24.0 + 0.01 * (i % 3))}))
      raised += e.type == event_type::kCeilingRaised;
  EXPECT_GE(raised, 1);
  EXPECT_LE(raised, 2);  // once, and again only if a later window beats the raised ceiling by 2%
  ASSERT_TRUE(session.ceilings().mem_gbs);
  EXPECT_GE(*session.ceilings().mem_gbs, 24.0);
  EXPECT_EQ(session.snapshot()->ceilings.mem_gbs, session.ceilings().mem_gbs);
  // Judged against the raised ceiling: near it, so memory-bound.
  EXPECT_EQ(session.snapshot()->workloads[0].verdict, Verdict::memory_bound);
}
