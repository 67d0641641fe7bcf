// Request data through aggregation, window JSON, the SLO rule, the
// alone/with-background split and the report's latency_ms.
#include <gtest/gtest.h>

#include "core/Aggregator.hpp"
#include "core/Report.hpp"
#include "core/RequestReport.hpp"
#include "core/WindowJson.hpp"

using namespace clscope::core;

namespace {

constexpr std::int64_t kMs = 1'000'000;

IterationStats batch_item(std::vector<std::int64_t> latencies, std::uint64_t dropped = 0) {
  IterationStats it;
  it.start_ns = 1000;
  it.end_ns = 1000 + 500'000;
  it.complete_ns = 1'000'000;
  it.enqueue_begin_ns = 1;
  it.requests = static_cast<std::uint32_t>(latencies.size());
  RequestSample s;
  s.batch_size = static_cast<std::uint32_t>(latencies.size());
  s.arrived = latencies.size() + dropped;
  s.dropped = dropped;
  s.depth_sum = 3 * s.arrived;
  s.depth_samples = s.arrived;
  s.depth_max = 5;
  s.latency_ns = std::move(latencies);
  it.request = std::move(s);
  return it;
}

WindowStats request_window(double t0, std::vector<std::int64_t> latencies,
                           std::uint64_t dropped = 0) {
  std::vector<IterationStats> items{batch_item(std::move(latencies), dropped)};
  return aggregate(0, items, 1'000'000'000, t0, t0 + 1);
}

WindowStats busy_window(double t0, std::uint64_t iterations) {
  WindowStats w;
  w.t_begin_s = t0;
  w.t_end_s = t0 + 1;
  w.iterations = iterations;
  w.span_ns = iterations ? 1'000'000'000 : 0;
  w.device_busy_ns = iterations ? 900'000'000 : 0;
  w.bytes = iterations ? 1e10 : 0;
  return w;
}

}  // namespace

TEST(RequestStats, AggregateMergesSamplesIntoTheWindow) {
  std::vector<IterationStats> items{batch_item({1 * kMs, 2 * kMs}), batch_item({3 * kMs}, 2),
                                    IterationStats{}};
  const WindowStats w = aggregate(0, items, 1000, 0, 1);
  ASSERT_TRUE(w.request);
  EXPECT_EQ(w.requests, 3u);
  EXPECT_EQ(w.request->completed(), 3u);
  EXPECT_EQ(w.request->dropped, 2u);
  EXPECT_EQ(w.request->arrived, 5u);
  EXPECT_EQ(w.request->batch_counts, (std::vector<std::uint64_t>{1, 1}));
  EXPECT_EQ(w.request->depth_max, 5u);
  EXPECT_EQ(*w.request->latency_ns.max(), 3 * kMs);
  // Other workloads' windows carry no request data.
  std::vector<IterationStats> plain{IterationStats{}};
  EXPECT_FALSE(aggregate(0, plain, 1000, 0, 1).request);
}

TEST(RequestStats, WindowJsonRoundTripKeepsTheHistogram) {
  const WindowStats w = request_window(3, {1 * kMs, 5 * kMs, 7 * kMs}, 1);
  const nlohmann::json j = w;
  ASSERT_TRUE(j.contains("requests_detail"));
  const auto back = nlohmann::json::parse(j.dump()).get<WindowStats>();
  ASSERT_TRUE(back.request);
  EXPECT_EQ(*back.request, *w.request);
  // A window without request data has no such field, and reads back without it.
  const nlohmann::json plain = busy_window(0, 3);
  EXPECT_FALSE(plain.contains("requests_detail"));
  EXPECT_FALSE(plain.get<WindowStats>().request);
  auto broken = j;
  broken["requests_detail"]["dropped"] = -1;
  EXPECT_THROW(broken.get<WindowStats>(), std::invalid_argument);
}

TEST(RequestReport, SloCountsFailedRequestsAsTooSlow) {
  RequestWindow r;
  for (int i = 0; i < 990; ++i) r.latency_ns.record(5 * kMs);
  for (int i = 0; i < 10; ++i) r.latency_ns.record(50 * kMs);
  // p99 of 1000 completed = rank 990 = 5 ms: met at 10 ms.
  EXPECT_TRUE(evaluate_slo(r, 10).met);
  EXPECT_NEAR(*evaluate_slo(r, 10).achieved_p99_ms, 5, 0.05);
  // Ten dropped requests: rank 990 of 1010 = still 5 ms among completed... but
  // ceil(0.99 * 1010) = 1000 > 990 fast ones: the 1000th is a 50 ms one.
  r.dropped = 10;
  EXPECT_FALSE(evaluate_slo(r, 10).met);
  EXPECT_TRUE(evaluate_slo(r, 60).met);
  EXPECT_NEAR(evaluate_slo(r, 60).failed_fraction, 10.0 / 1010, 1e-12);
  // More than 1 % failed: missed whatever the target.
  r.timed_out = 20;
  EXPECT_FALSE(evaluate_slo(r, 1e9).met);
  EXPECT_FALSE(evaluate_slo(RequestWindow{}, 10).met);
}

TEST(RequestReport, SummaryPercentilesComeFromTheMergedHistogram) {
  std::vector<WindowStats> windows;
  for (int i = 0; i < 10; ++i) {
    std::vector<std::int64_t> lat;
    for (int k = 0; k < 100; ++k) lat.push_back((i == 9 ? 50 : 1) * kMs + k * 1000);
    windows.push_back(request_window(i, lat));
  }
  const auto merged = merge_requests(windows);
  ASSERT_TRUE(merged);
  const LatencySummary s = summarize(*merged);
  EXPECT_EQ(s.completed, 1000u);
  // 90 % of requests near 1 ms, the last window's 10 % near 50 ms: the p50 of
  // per-window p99s would say ~1 ms; the merged p99 says 50 ms.
  EXPECT_NEAR(*s.p50_ms, 1.05, 0.02);
  EXPECT_NEAR(*s.p99_ms, 50.09, 0.3);
  EXPECT_NEAR(*s.mean_batch, 100, 1e-9);
  const nlohmann::json j = to_json(s);
  for (const char* k : {"p50", "p90", "p99", "p999", "max"}) EXPECT_TRUE(j["latency_ms"][k].is_number()) << k;
  EXPECT_EQ(j["batch_size"]["counts"]["100"], 10);
}

TEST(RequestReport, SplitByBackgroundActivity) {
  std::vector<WindowStats> mine, other;
  for (int i = 0; i < 12; ++i) {
    const bool bg = i >= 4 && i < 8;
    mine.push_back(request_window(i, {(bg ? 40 : 2) * kMs, (bg ? 45 : 3) * kMs}));
    other.push_back(busy_window(i, bg ? 10 : 0));
  }
  const InterferenceSplit split =
      split_by_background(mine, Metric::requests_per_s, {{"stream", &other}}, Ceilings{});
  EXPECT_EQ(split.background, (std::vector<std::string>{"stream"}));
  EXPECT_EQ(split.alone.windows, 8u);
  EXPECT_EQ(split.with_background.windows, 4u);
  ASSERT_TRUE(split.alone.requests && split.with_background.requests);
  EXPECT_LE(*summarize(*split.alone.requests).max_ms, 3.0);
  EXPECT_GE(*summarize(*split.with_background.requests).p50_ms, 39.0);
  const nlohmann::json j = to_json(split, 10.0);
  EXPECT_TRUE(j["alone"]["slo"]["met"].get<bool>());
  EXPECT_FALSE(j["with_background"]["slo"]["met"].get<bool>());
  EXPECT_TRUE(j["with_background"]["verdict"].is_string());
}

TEST(RequestReport, ReportCarriesLatencyAndInterference) {
  WorkloadSeries pipe, bg;
  pipe.info.name = "inference";
  pipe.info.kind = "pipeline";
  pipe.info.metric = Metric::requests_per_s;
  pipe.info.slo_p99_ms = 10;
  bg.info.name = "background";
  bg.info.kind = "stream";
  bg.info.metric = Metric::bytes_per_s;
  for (int i = 0; i < 10; ++i) {
    const bool on = i >= 5;
    pipe.windows.push_back(request_window(i, {(on ? 30 : 2) * kMs}));
    bg.windows.push_back(busy_window(i, on ? 5 : 0));
  }
  const ReportAnalysis a = analyse({pipe, bg}, Ceilings{});
  const nlohmann::json j = to_json(a);
  const auto& w = j["workloads"][0];
  ASSERT_TRUE(w.contains("latency_ms"));
  for (const char* k : {"p50", "p90", "p99", "p999"}) EXPECT_TRUE(w["latency_ms"][k].is_number()) << k;
  EXPECT_FALSE(w["slo"]["met"].get<bool>());
  EXPECT_EQ(w["interference"]["alone"]["windows"], 5);
  EXPECT_TRUE(w["interference"]["alone"]["slo"]["met"].get<bool>());
  EXPECT_FALSE(w["interference"]["with_background"]["slo"]["met"].get<bool>());
  // The background workload is not a request workload.
  EXPECT_FALSE(j["workloads"][1].contains("latency_ms"));
}
