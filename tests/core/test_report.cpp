#include <gtest/gtest.h>

#include "Synthetic.hpp"
#include "core/Report.hpp"
#include "core/WindowJson.hpp"

using namespace clscope::core;
using clscope::test::Rng;
namespace syn = clscope::test;

namespace {

constexpr double kSecond = 1e9;

// A 1 s window of a synchronous stream loop achieving `gbs` GB/s with the
// device busy `busy` of the time, and host work filling `host` of it.
WindowStats stream_window(int i, double gbs, double busy = 0.96, double host = 0.0) {
  WindowStats w;
  w.workload = 0;
  w.t_begin_s = i;
  w.t_end_s = i + 1;
  w.iterations = 40;
  w.span_ns = static_cast<std::int64_t>(kSecond);
  w.bytes = gbs * 1e9;
  w.ops = w.bytes / 6;
  w.device_busy_ns = static_cast<std::int64_t>(busy * kSecond);
  w.api_wall_ns = static_cast<std::int64_t>((busy + 0.01) * kSecond);
  w.api_cpu_ns = 10'000'000;
  w.wait_wall_ns = w.device_busy_ns;
  w.host_work_ns = static_cast<std::int64_t>(host * kSecond);
  w.api_calls = 80;
  w.dispatch_us_p50 = 25.0;
  w.dispatch_us_p99 = 60.0;
  w.round_trip_us_p50 = 24'000.0;
  w.round_trip_us_p99 = 26'000.0;
  return w;
}

const Ceilings kCeilings{20.0, 100.0, 8.0, 7.0, 20.0, 90.0};

// JIT window excluded, 8 windows of warm-up ramp, steady at 18 GB/s until
// t = 50, then a 20% step down (e.g. thermal) for 30 windows.
WorkloadSeries warmup_then_step(std::uint32_t seed) {
  Rng rng(seed);
  WorkloadSeries s;
  s.info = {"stream", "stream", Metric::bytes_per_s};
  s.windows.push_back(stream_window(0, 2.0));
  s.excluded.push_back(true);
  int i = 1;
  for (double v : syn::ramp(rng, 8, 6.0, 18.0, 0.01)) s.windows.push_back(stream_window(i++, v));
  for (double v : syn::flat(rng, 41, 18.0, 0.01)) s.windows.push_back(stream_window(i++, v));
  for (double v : syn::flat(rng, 30, 14.4, 0.01)) s.windows.push_back(stream_window(i++, v));
  s.excluded.resize(s.windows.size(), false);
  return s;
}

}  // namespace

TEST(Report, WarmupThenStepDown) {
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE(seed);
    const ReportAnalysis a = analyse({warmup_then_step(seed)}, kCeilings);
    ASSERT_EQ(a.workloads.size(), 1u);
    const WorkloadReport& r = a.workloads[0];
    EXPECT_EQ(r.phase, Phase::shifted);
    ASSERT_TRUE(r.steady_at_s.has_value());
    EXPECT_NEAR(*r.steady_at_s, 9.0, 2.0);
    EXPECT_NEAR(*r.time_to_steady_s, 9.0, 2.0);
    ASSERT_TRUE(r.steady.has_value());
    EXPECT_NEAR(r.steady->median, 18.0, 0.2);
    EXPECT_NEAR(*r.peak, 18.0 * 1.03, 18.0 * 0.03);
    EXPECT_NEAR(*r.sustained_over_peak, 0.97, 0.03);
    EXPECT_NEAR(*r.final_level, 14.4, 0.2);
    ASSERT_EQ(r.excluded.size(), 1u);
    EXPECT_NEAR(*r.excluded[0].value, 2.0, 1e-9);
    EXPECT_EQ(r.verdict, Verdict::memory_bound);
    EXPECT_EQ(r.regimes.back().role, RegimeRole::shift);

    // The live detector, replayed, agrees on the big picture.
    EXPECT_EQ(r.live.phase, Phase::shifted);
    ASSERT_TRUE(r.live.shift_at_s.has_value());
    EXPECT_NEAR(*r.live.shift_at_s, 50.0, 2.0);

    int steady_events = 0, shift_events = 0;
    for (const Event& e : a.events) {
      if (e.type == "steady-state") {
        ++steady_events;
        EXPECT_NEAR(e.t_s, 9.0, 2.0);
      }
      if (e.type == "regime-shift") {
        ++shift_events;
        EXPECT_NEAR(e.t_s, 50.0, 2.0);
        EXPECT_NEAR(e.evidence.at("relative_change").get<double>(), -0.2, 0.02);
      }
    }
    EXPECT_EQ(steady_events, 1);
    EXPECT_EQ(shift_events, 1);
  }
}

TEST(Report, JsonHasTheContractFields) {
  const ReportAnalysis a = analyse({warmup_then_step(1)}, kCeilings);
  const nlohmann::json j = to_json(a);
  ASSERT_EQ(j.at("workloads").size(), 1u);
  const auto& w = j.at("workloads")[0];
  for (const char* key : {"name", "kind", "unit", "phase", "steady_at_s", "peak", "steady_median",
                          "sustained_over_peak", "verdict", "verdicts", "steady_ci",
                          "time_to_steady_s", "excluded", "regimes", "live"})
    EXPECT_TRUE(w.contains(key)) << key;
  EXPECT_EQ(w.at("unit"), "GB/s");
  EXPECT_EQ(w.at("phase"), "shifted");
  EXPECT_EQ(w.at("verdict"), "memory-bound");
  ASSERT_FALSE(w.at("verdicts").empty());
  for (const auto& v : w.at("verdicts")) {
    EXPECT_TRUE(v.contains("from_s") && v.contains("to_s") && v.contains("verdict"));
  }
  EXPECT_LT(w.at("steady_ci").at("low").get<double>(), w.at("steady_median").get<double>() + 1e-12);
  for (const auto& e : j.at("events"))
    for (const char* key : {"t_s", "type", "workload", "from", "to", "evidence"})
      EXPECT_TRUE(e.contains(key)) << key;
}

TEST(Report, RecomputesIdenticallyFromSerialisedWindows) {
  const WorkloadSeries s = warmup_then_step(2);
  WorkloadSeries back = s;
  back.windows.clear();
  for (const WindowStats& w : s.windows) {
    const std::string line = nlohmann::json(w).dump();
    back.windows.push_back(nlohmann::json::parse(line).get<WindowStats>());
  }
  EXPECT_EQ(to_json(analyse({s}, kCeilings)).dump(), to_json(analyse({back}, kCeilings)).dump());
}

TEST(Report, BottleneckShiftToTheHostIsAnOffGpuEvent) {
  WorkloadSeries s;
  s.info = {"stream", "stream", Metric::bytes_per_s};
  for (int i = 0; i < 30; ++i) s.windows.push_back(stream_window(i, 18.0));
  for (int i = 30; i < 60; ++i) s.windows.push_back(stream_window(i, 3.0, 0.16, 0.80));
  const ReportAnalysis a = analyse({s}, kCeilings);
  const Event* shift = nullptr;
  for (const Event& e : a.events)
    if (e.type == "bottleneck-shift") shift = &e;
  ASSERT_NE(shift, nullptr);
  EXPECT_DOUBLE_EQ(shift->t_s, 30.0);
  EXPECT_EQ(shift->from, "memory-bound");
  EXPECT_EQ(shift->to, "host-bound");
  EXPECT_TRUE(shift->off_gpu);
  const auto& timeline = a.workloads[0].verdicts;
  ASSERT_EQ(timeline.size(), 2u);
  EXPECT_EQ(timeline[1].verdict, Verdict::host_bound);
  // Steady at 18 then shifted to 3: the dominant verdict in steady state
  // covers both halves equally here; either is defensible, but not unknown.
  EXPECT_NE(a.workloads[0].verdict, Verdict::unknown);
}

TEST(Report, TelemetryAndEmptyWindows) {
  Rng rng(4);
  WorkloadSeries s;
  s.info = {"stream", "stream", Metric::bytes_per_s};
  for (int i = 0; i < 40; ++i) {
    WindowStats w = stream_window(i, syn::noisy(rng, 18.0, 0.01));
    if (i == 20) w.iterations = 0;  // nothing completed
    s.windows.push_back(w);
    s.telemetry.push_back(DeviceTelemetry{0.6, {"sw_thermal_slowdown"}});
  }
  const WorkloadReport r = analyse({s}, kCeilings).workloads[0];
  EXPECT_EQ(r.empty_windows, 1u);
  EXPECT_EQ(r.verdict, Verdict::throttled);
  EXPECT_EQ(r.phase, Phase::steady);
}

TEST(Report, MismatchedSizesAreRejectedWithTheWorkloadName) {
  WorkloadSeries s;
  s.info = {"mine", "stream", Metric::bytes_per_s};
  s.windows.push_back(stream_window(0, 1.0));
  s.excluded = {true, false};
  try {
    analyse({s}, kCeilings);
    FAIL() << "expected an exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'mine'"), std::string::npos);
  }
}

TEST(Report, DominantVerdict) {
  const std::vector<VerdictSpan> t{
      {0, 10, Verdict::unknown}, {10, 20, Verdict::memory_bound}, {20, 50, Verdict::host_bound}};
  EXPECT_EQ(dominant_verdict(t, 0, 50), Verdict::host_bound);
  EXPECT_EQ(dominant_verdict(t, 0, 25), Verdict::memory_bound);
  EXPECT_EQ(dominant_verdict(t, 0, 10), Verdict::unknown);
  EXPECT_EQ(dominant_verdict({}, 0, 10), Verdict::unknown);
}

TEST(WindowJson, EveryFieldRoundTrips) {
  WindowStats w = stream_window(3, 12.5);
  w.requests = 7;
  w.transfer_ns = 12345;
  w.sleep_ns = 999;
  w.dispatch_us_p99.reset();
  const nlohmann::json j = w;
  EXPECT_EQ(j.size(), 20u);
  EXPECT_TRUE(j.at("dispatch_us_p99").is_null());
  const WindowStats b = j.get<WindowStats>();
  EXPECT_EQ(b.workload, w.workload);
  EXPECT_EQ(b.t_begin_s, w.t_begin_s);
  EXPECT_EQ(b.t_end_s, w.t_end_s);
  EXPECT_EQ(b.iterations, w.iterations);
  EXPECT_EQ(b.requests, w.requests);
  EXPECT_EQ(b.bytes, w.bytes);
  EXPECT_EQ(b.ops, w.ops);
  EXPECT_EQ(b.span_ns, w.span_ns);
  EXPECT_EQ(b.device_busy_ns, w.device_busy_ns);
  EXPECT_EQ(b.transfer_ns, w.transfer_ns);
  EXPECT_EQ(b.api_wall_ns, w.api_wall_ns);
  EXPECT_EQ(b.api_cpu_ns, w.api_cpu_ns);
  EXPECT_EQ(b.wait_wall_ns, w.wait_wall_ns);
  EXPECT_EQ(b.host_work_ns, w.host_work_ns);
  EXPECT_EQ(b.sleep_ns, w.sleep_ns);
  EXPECT_EQ(b.api_calls, w.api_calls);
  EXPECT_EQ(b.dispatch_us_p50, w.dispatch_us_p50);
  EXPECT_FALSE(b.dispatch_us_p99.has_value());
  EXPECT_EQ(b.round_trip_us_p50, w.round_trip_us_p50);
  EXPECT_EQ(b.round_trip_us_p99, w.round_trip_us_p99);
}

TEST(WindowJson, BadRecordsNameTheField) {
  nlohmann::json j = stream_window(0, 1.0);
  j.erase("span_ns");
  try {
    (void)j.get<WindowStats>();
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("span_ns"), std::string::npos);
  }
  j = stream_window(0, 1.0);
  j["iterations"] = -3;
  EXPECT_THROW((void)j.get<WindowStats>(), std::invalid_argument);
  j = stream_window(0, 1.0);
  j["bytes"] = "many";
  EXPECT_THROW((void)j.get<WindowStats>(), std::invalid_argument);
  j = stream_window(0, 1.0);
  j.erase("round_trip_us_p99");  // optional fields may be missing
  EXPECT_FALSE(j.get<WindowStats>().round_trip_us_p99.has_value());
  EXPECT_THROW((void)nlohmann::json::array().get<WindowStats>(), std::invalid_argument);
}
