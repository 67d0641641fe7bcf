// The `contended` verdict end to end on hand-made windows: the solo level of
// each workload over its solo phase (Contention.hpp), the live Session and
// the offline Report, on the planted case of the default scenario on a CPU
// device (stream + launch sharing the cores).
#include <gtest/gtest.h>

#include <algorithm>

#include "core/Contention.hpp"
#include "core/Report.hpp"
#include "core/Session.hpp"
#include "core/WindowJson.hpp"

using namespace clscope::core;

namespace {

constexpr std::int64_t kSecond = 1'000'000'000;
const Ceilings kCeilings{20.0, 100.0, 8.0, 7.0, 20.0, 90.0};

WindowStats idle_window(int workload, int t) {
  WindowStats w;
  w.workload = workload;
  w.t_begin_s = t;
  w.t_end_s = t + 1;
  return w;
}

/// Stream triad at `gbs` GB/s, device busy 96%.
WindowStats stream_at(int t, double gbs) {
  WindowStats w = idle_window(0, t);
  w.iterations = 50;
  w.span_ns = kSecond;
  w.device_busy_ns = static_cast<std::int64_t>(0.96 * 1e9);
  w.bytes = gbs * 1e9;
  w.ops = w.bytes / 6;
  w.api_calls = 100;
  w.api_wall_ns = static_cast<std::int64_t>(0.985 * 1e9);
  w.wait_wall_ns = static_cast<std::int64_t>(0.97 * 1e9);
  return w;
}

/// Tiny kernels at `per_s` launches/s. Alone the device idles between them
/// (launch-bound); beside stream each kernel waits for the cores, so the
/// device reads 94% busy (latency-bound, were it not for the solo level).
WindowStats launch_at(int t, std::uint64_t per_s, bool beside_stream) {
  WindowStats w = idle_window(1, t);
  w.iterations = per_s;
  w.span_ns = kSecond;
  w.bytes = 8.0 * static_cast<double>(per_s);
  w.ops = static_cast<double>(per_s);
  w.api_calls = 2 * per_s;
  w.device_busy_ns = beside_stream ? static_cast<std::int64_t>(0.94 * 1e9)
                                   : static_cast<std::int64_t>(per_s) * 5'000;
  w.api_wall_ns = static_cast<std::int64_t>(0.97 * 1e9);
  w.wait_wall_ns = static_cast<std::int64_t>(0.90 * 1e9);
  return w;
}

constexpr int kTogether = 6;  // solo phases: stream 0-3 s, launch 3-6 s
constexpr int kEnd = 20;

/// One tick of the staggered default scenario: stream alone (0-3 s), launch
/// alone (3-6 s; stream's last launches complete in its first window), then
/// both (6-20 s): stream 14% below its solo level, launch 61% below.
std::vector<WindowStats> tick(int t) {
  if (t < 3) return {stream_at(t, 18.0), idle_window(1, t)};
  if (t < kTogether) {
    WindowStats tail = stream_at(t, 18.0);
    tail.iterations = 2;
    tail.bytes = 0.3e9;
    return {t == 3 ? tail : idle_window(0, t), launch_at(t, t == 3 ? 30 : 51, t == 3)};
  }
  return {stream_at(t, 15.5), launch_at(t, 20, true)};
}

std::vector<WorkloadInfo> infos() {
  return {{"stream", "stream", Metric::bytes_per_s}, {"launch", "launch", Metric::launches_per_s}};
}

}  // namespace

TEST(SoloLevel, MedianAfterTheFirstWindowOfThePhase) {
  std::vector<WindowStats> w;
  for (int t = 0; t < 8; ++t) w.push_back(launch_at(t, t == 3 ? 10 : 40 + static_cast<std::uint64_t>(t), false));
  const SoloLevel s = solo_level(w, Metric::launches_per_s, SoloPhase{3, 7});
  // Windows 3..6 are inside; 3 (warm-up, 10/s) is dropped: median of 44, 45, 46.
  ASSERT_TRUE(s.value.has_value());
  EXPECT_DOUBLE_EQ(*s.value, 45.0);
  EXPECT_EQ(s.windows, 3u);
  EXPECT_DOUBLE_EQ(s.phase.from_s, 3.0);
  EXPECT_DOUBLE_EQ(s.phase.to_s, 7.0);
}

TEST(SoloLevel, NoneWhenNothingCompletedAlone) {
  std::vector<WindowStats> w{launch_at(0, 50, false), idle_window(1, 1), idle_window(1, 2)};
  EXPECT_FALSE(solo_level(w, Metric::launches_per_s, SoloPhase{0, 3}).value.has_value());
  EXPECT_FALSE(solo_level({}, Metric::launches_per_s, SoloPhase{0, 3}).value.has_value());
}

TEST(SoloLevel, EventCarriesLevelAndPhase) {
  SoloLevel s{SoloPhase{3, 6}, 51.0, 2};
  const Event e = solo_level_event({"launch", "launch", Metric::launches_per_s}, s);
  EXPECT_EQ(e.type, "solo-level");
  EXPECT_EQ(e.workload, "launch");
  EXPECT_DOUBLE_EQ(e.t_s, 6.0);
  EXPECT_EQ(e.evidence["level"], 51.0);
  EXPECT_EQ(e.evidence["from_s"], 3.0);
  EXPECT_EQ(e.evidence["to_s"], 6.0);
  EXPECT_EQ(e.evidence["text"], "solo level 51 launch/s (alone 3.0-6.0 s, median of 2 windows)");
}

TEST(SoloLevel, ActiveDuringNeedsOverlapAndCompletions) {
  const WindowStats w = launch_at(5, 10, false);
  EXPECT_TRUE(active_during(stream_at(5, 1.0), w));
  EXPECT_FALSE(active_during(stream_at(4, 1.0), w));  // touches at 5 s only
  EXPECT_FALSE(active_during(stream_at(6, 1.0), w));
  EXPECT_FALSE(active_during(idle_window(0, 5), w));  // nothing completed
  EXPECT_EQ(name_list({"a"}), "a");
  EXPECT_EQ(name_list({"a", "b", "c"}), "a, b and c");
}

TEST(SessionContention, LaunchBesideStreamIsContendedOnceBothRun) {
  Session session(infos());
  session.set_ceilings(kCeilings);
  std::vector<Event> events;
  std::vector<Verdict> launch_window_verdicts;
  for (int t = 0; t < kEnd; ++t) {
    for (auto& e : session.add_windows(tick(t))) events.push_back(e);
    if (t == 2) events.push_back(session.end_solo_phase(0, SoloPhase{0, 3}));
    if (t == kTogether - 1) events.push_back(session.end_solo_phase(1, SoloPhase{3, kTogether}));
    const auto snap = session.snapshot();
    if (snap->workloads[1].last && t >= 3) launch_window_verdicts.push_back(snap->workloads[1].last->verdict);
  }
  const auto snap = session.snapshot();
  const WorkloadLive& stream = snap->workloads[0];
  const WorkloadLive& launch = snap->workloads[1];
  ASSERT_TRUE(stream.solo && stream.solo->value);
  EXPECT_DOUBLE_EQ(*stream.solo->value, 18.0);
  ASSERT_TRUE(launch.solo && launch.solo->value);
  EXPECT_DOUBLE_EQ(*launch.solo->value, 51.0);
  EXPECT_EQ(launch.verdict, Verdict::contended);
  ASSERT_TRUE(launch.last.has_value());
  EXPECT_EQ(launch.last->why, "at 20 launch/s, 61% below its solo 51 launch/s while stream runs");
  EXPECT_EQ(stream.verdict, Verdict::memory_bound);  // 14% below its solo level: not "well below"
  // Alone, launch was never contended; every together window was.
  for (int k = 0; k < kTogether - 3; ++k) EXPECT_NE(launch_window_verdicts[k], Verdict::contended);
  for (std::size_t k = kTogether - 3; k < launch_window_verdicts.size(); ++k)
    EXPECT_EQ(launch_window_verdicts[k], Verdict::contended) << k;
  // Without the solo level the same windows are latency-bound: the misattribution.
  Session blind(infos());
  blind.set_ceilings(kCeilings);
  for (int t = 0; t < kEnd; ++t) blind.add_windows(tick(t));
  EXPECT_EQ(blind.snapshot()->workloads[1].verdict, Verdict::latency_bound);

  const auto solo_events = std::count_if(events.begin(), events.end(),
                                         [](const Event& e) { return e.type == "solo-level"; });
  EXPECT_EQ(solo_events, 2);
  EXPECT_EQ(session.solo_phase(1)->from_s, 3.0);
}

TEST(ReportContention, RecomputedFromRawWindowsAndTheSoloPhases) {
  std::vector<WorkloadSeries> series(2);
  series[0].info = infos()[0];
  series[1].info = infos()[1];
  for (int t = 0; t < kEnd; ++t)
    for (const WindowStats& w : tick(t)) {
      // Through JSON, as a recording holds them.
      nlohmann::json j = w;
      series[static_cast<std::size_t>(w.workload)].windows.push_back(j.get<WindowStats>());
    }
  series[0].solo = SoloPhase{0, 3};
  series[1].solo = SoloPhase{3, kTogether};
  const ReportAnalysis a = analyse(series, kCeilings);
  EXPECT_EQ(a.workloads[1].verdict, Verdict::contended);
  EXPECT_EQ(a.workloads[0].verdict, Verdict::memory_bound);
  ASSERT_TRUE(a.workloads[1].solo && a.workloads[1].solo->value);
  EXPECT_DOUBLE_EQ(*a.workloads[1].solo->value, 51.0);
  const nlohmann::json j = to_json(a.workloads[1]);
  EXPECT_EQ(j["solo_level"]["value"], 51.0);
  EXPECT_EQ(j["solo_level"]["from_s"], 3.0);
  EXPECT_EQ(j["solo_level"]["windows"], 2);
  EXPECT_TRUE(std::any_of(a.events.begin(), a.events.end(), [](const Event& e) {
    return e.type == "solo-level" && e.workload == "launch" && e.evidence["level"] == 51.0;
  }));
  // The timeline: launch-bound alone, contended from when both run.
  const auto& spans = a.workloads[1].verdicts;
  ASSERT_FALSE(spans.empty());
  EXPECT_EQ(spans.back().verdict, Verdict::contended);
  EXPECT_DOUBLE_EQ(spans.back().from_s, kTogether);

  // A recording without solo phases (one workload, or solo_windows = 0):
  // no solo level, no contended.
  series[0].solo.reset();
  series[1].solo.reset();
  const ReportAnalysis plain = analyse(series, kCeilings);
  EXPECT_EQ(plain.workloads[1].verdict, Verdict::latency_bound);
  EXPECT_FALSE(to_json(plain.workloads[1]).contains("solo_level"));
}

TEST(ReportContention, AloneAgainIsNotContended) {
  // stream stops at 12 s: launch's low windows after that have no one to blame.
  std::vector<WorkloadSeries> series(2);
  series[0].info = infos()[0];
  series[1].info = infos()[1];
  for (int t = 0; t < kEnd; ++t) {
    auto ws = tick(t);
    if (t >= 12) ws[0] = idle_window(0, t);
    for (const WindowStats& w : ws) series[static_cast<std::size_t>(w.workload)].windows.push_back(w);
  }
  series[0].solo = SoloPhase{0, 3};
  series[1].solo = SoloPhase{3, kTogether};
  const ReportAnalysis a = analyse(series, kCeilings);
  const auto& spans = a.workloads[1].verdicts;
  ASSERT_FALSE(spans.empty());
  EXPECT_EQ(spans.back().verdict, Verdict::latency_bound);
  EXPECT_DOUBLE_EQ(spans.back().from_s, 12.0);
}
