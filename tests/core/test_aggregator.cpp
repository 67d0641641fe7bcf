#include <gtest/gtest.h>

#include "core/Aggregator.hpp"

using namespace clscope::core;

namespace {
IterationStats launch(std::int64_t enqueue, std::int64_t complete, double bytes) {
  IterationStats it;
  it.enqueue_begin_ns = enqueue;
  it.enqueue_end_ns = enqueue + 1000;
  it.complete_ns = complete;
  it.queued_ns = static_cast<std::uint64_t>(enqueue + 500);
  it.submit_ns = it.queued_ns + 100;
  it.start_ns = it.queued_ns + 2000;
  it.end_ns = static_cast<std::uint64_t>(complete - 100);
  it.bytes = bytes;
  it.api_calls = 2;
  return it;
}
}  // namespace

TEST(Aggregator, ThroughputUsesTheExactSpanBetweenCompletions) {
  // Three 10 ms launches of 100 MB back to back: 10 GB/s exactly, however the
  // window boundaries fall.
  std::vector<IterationStats> items{launch(0, 10'000'000, 1e8),
                                    launch(10'000'000, 20'000'000, 1e8),
                                    launch(20'000'000, 30'000'000, 1e8)};
  WindowStats w = aggregate(0, items, 30'000'000, 0.0, 1.0);
  EXPECT_EQ(w.iterations, 3u);
  EXPECT_EQ(w.span_ns, 30'000'000);
  ASSERT_TRUE(w.value(Metric::bytes_per_s).has_value());
  EXPECT_NEAR(*w.value(Metric::bytes_per_s), 10.0, 1e-9);
  EXPECT_EQ(w.api_calls, 6u);
  ASSERT_TRUE(w.dispatch_us_p50.has_value());
  EXPECT_NEAR(*w.dispatch_us_p50, 2.0, 1e-9);
}

TEST(Aggregator, EmptyWindowHasNoValue) {
  WindowStats w = aggregate(0, {}, 0, 0.0, 1.0);
  EXPECT_EQ(w.iterations, 0u);
  EXPECT_FALSE(w.value(Metric::bytes_per_s).has_value());
  EXPECT_FALSE(w.device_rate(Metric::bytes_per_s).has_value());
}

TEST(Aggregator, SpanContinuesFromThePreviousWindowsLastCompletion) {
  Aggregator agg(1, 0);
  agg.mark_start(0, 0);
  agg.submit(0, launch(0, 10'000'000, 1e8));
  auto w1 = agg.close_window(15'000'000);
  agg.submit(0, launch(10'000'000, 20'000'000, 1e8));
  auto w2 = agg.close_window(25'000'000);
  ASSERT_EQ(w1.size(), 1u);
  EXPECT_EQ(w1[0].span_ns, 10'000'000);
  EXPECT_EQ(w2[0].span_ns, 10'000'000);
  EXPECT_NEAR(w2[0].t_begin_s, 0.015, 1e-12);
  EXPECT_NEAR(w2[0].t_end_s, 0.025, 1e-12);
}

TEST(Aggregator, LaunchesPerSecondCountsIterations) {
  std::vector<IterationStats> items{launch(0, 100'000, 8), launch(100'000, 200'000, 8)};
  WindowStats w = aggregate(0, items, 200'000, 0.0, 1.0);
  EXPECT_NEAR(*w.value(Metric::launches_per_s), 10000.0, 1e-6);
}

TEST(Aggregator, PausedTimeIsNotPartOfTheSpan) {
  Aggregator agg(1, 0);
  agg.mark_start(0, 0);
  agg.submit(0, launch(0, 10'000'000, 1e8));
  // Paused from 10 ms to 50 ms, resumed, one more 10 ms launch.
  agg.mark_start(0, 50'000'000);
  agg.submit(0, launch(50'000'000, 60'000'000, 1e8));
  auto w = agg.close_window(70'000'000).at(0);
  EXPECT_EQ(w.iterations, 2u);
  EXPECT_EQ(w.span_ns, 20'000'000);
  EXPECT_NEAR(*w.value(Metric::bytes_per_s), 10.0, 1e-9);
}

TEST(Aggregator, AWindowWithoutCompletionsHasNoSpan) {
  Aggregator agg(1, 0);
  agg.mark_start(0, 0);
  auto w = agg.close_window(1'000'000'000).at(0);
  EXPECT_EQ(w.iterations, 0u);
  EXPECT_EQ(w.span_ns, 0);
}
