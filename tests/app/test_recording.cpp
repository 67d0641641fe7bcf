// Recordings: write -> read -> report recomputes the analysis from the raw
// windows; torn and corrupt files; a hand-made recording with a warm-up and a
// later step down gets the right steady point and a regime-shift event.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "app/record/RecordingLoader.hpp"
#include "core/Recording.hpp"
#include "core/WindowJson.hpp"
#include "tests/support/TempPath.hpp"

using namespace clscope;

namespace {

using test::temp_path;

core::WindowStats window(int i, double gbs) {
  core::WindowStats w;
  w.workload = 0;
  w.t_begin_s = i;
  w.t_end_s = i + 1;
  w.iterations = 100;
  w.span_ns = 1'000'000'000;
  w.bytes = gbs * 1e9;
  w.device_busy_ns = 990'000'000;
  w.api_wall_ns = 990'000'000;
  w.api_cpu_ns = 5'000'000;
  w.wait_wall_ns = 980'000'000;
  w.api_calls = 600;
  return w;
}

// Warm-up ramp (10 windows), steady at 30 GB/s (30 windows), then 20 GB/s
// (30 windows); small deterministic noise.
std::vector<double> shaped_series() {
  std::vector<double> v;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> noise(-0.3, 0.3);
  for (int i = 0; i < 10; ++i) v.push_back(10 + 2 * i + noise(rng));
  for (int i = 0; i < 30; ++i) v.push_back(30 + noise(rng));
  for (int i = 0; i < 30; ++i) v.push_back(20 + noise(rng));
  return v;
}

void write_recording(const std::string& path, const std::vector<double>& values) {
  nlohmann::json manifest{{"clscope_version", "test"},
                          {"command_line", "hand-made"},
                          {"config", {{"workloads", {{{"name", "stream"}, {"kind", "stream"}}}}}},
                          {"ceilings", {{"mem_gbs", 32.0}}}};
  core::Recorder rec(path, manifest);
  rec.write({{"type", "setup"}, {"workload", "stream"}, {"kind", "stream"}, {"metric", "bytes_per_s"}});
  for (std::size_t i = 0; i < values.size(); ++i) {
    nlohmann::json j = window(static_cast<int>(i), values[i]);
    j["type"] = "window";
    j["workload"] = "stream";
    rec.write(j);
  }
  rec.write({{"type", "event"}, {"event", "marker"}, {"t_s", 5.0}, {"evidence", {{"text", "m1"}}}});
}

}  // namespace

TEST(Recording, RoundTripRecomputesTheAnalysis) {
  const std::string path = temp_path("roundtrip.jsonl");
  write_recording(path, shaped_series());
  app::LoadedRun run = app::load_run(path);
  ASSERT_EQ(run.series.size(), 1u);
  EXPECT_EQ(run.series[0].windows.size(), 70u);
  EXPECT_EQ(run.series[0].info.metric, core::Metric::bytes_per_s);
  ASSERT_TRUE(run.ceilings.mem_gbs.has_value());
  EXPECT_DOUBLE_EQ(*run.ceilings.mem_gbs, 32.0);
  ASSERT_EQ(run.raw_events.size(), 1u);
  EXPECT_EQ(run.raw_events[0].type, "marker");
  EXPECT_TRUE(run.recording.warnings.empty());
  const nlohmann::json r = app::report_json(run);
  EXPECT_EQ(r["schema"], "clscope.report/1");
  ASSERT_EQ(r["workloads"].size(), 1u);
  for (const char* k : {"name", "kind", "unit", "phase", "steady_at_s", "peak", "steady_median",
                        "sustained_over_peak", "verdict", "verdicts"})
    EXPECT_TRUE(r["workloads"][0].contains(k)) << k;
  // The same windows analysed directly give the same figures; the setup
  // record is reported beside them.
  core::ReportAnalysis direct = core::analyse(run.series, run.ceilings);
  nlohmann::json figures = r["workloads"];
  ASSERT_TRUE(figures[0].contains("setup"));
  figures[0].erase("setup");
  EXPECT_EQ(core::to_json(direct)["workloads"], figures);
}

TEST(Recording, WarmUpThenStepDownIsFoundInTheReport) {
  const std::string path = temp_path("shaped.jsonl");
  write_recording(path, shaped_series());
  const nlohmann::json r = app::report_json(app::load_run(path));
  const auto& w = r["workloads"][0];
  ASSERT_TRUE(w["steady_at_s"].is_number()) << w.dump();
  // The ramp ends at window 10 (t = 10 s); allow two windows either way.
  EXPECT_NEAR(w["steady_at_s"].get<double>(), 10.0, 2.0);
  EXPECT_NEAR(w["steady_median"].get<double>(), 30.0, 0.5);
  bool regime_shift = false;
  for (const auto& e : r["events"])
    if (e["type"] == "regime-shift") {
      regime_shift = true;
      EXPECT_NEAR(e["t_s"].get<double>(), 40.0, 2.0);
    }
  EXPECT_TRUE(regime_shift) << r["events"].dump();
  EXPECT_EQ(w["verdict"], "memory-bound");
}

TEST(Recording, TornLastLineIsSkippedWithAWarning) {
  const std::string path = temp_path("torn.jsonl");
  write_recording(path, shaped_series());
  {
    std::ofstream out(path, std::ios::app);
    out << R"({"type":"window","workload":"stream","iterations":10,"by)";  // cut off mid-write
  }
  app::LoadedRun run = app::load_run(path);
  ASSERT_EQ(run.recording.warnings.size(), 1u);
  EXPECT_NE(run.recording.warnings[0].find("torn last line skipped"), std::string::npos);
  EXPECT_NE(run.recording.warnings[0].find(":74:"), std::string::npos) << run.recording.warnings[0];
  EXPECT_EQ(run.series[0].windows.size(), 70u);
}

TEST(Recording, CorruptMiddleLineIsAnErrorWithItsLineNumber) {
  const std::string path = temp_path("corrupt.jsonl");
  write_recording(path, {1, 2, 3});
  std::vector<std::string> lines;
  {
    std::ifstream in(path);
    std::string l;
    while (std::getline(in, l)) lines.push_back(l);
  }
  lines[2] = "{not json";
  {
    std::ofstream out(path);
    for (const auto& l : lines) out << l << "\n";
  }
  try {
    app::load_run(path);
    FAIL() << "expected an error";
  } catch (const core::RecordingError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ":3: not valid JSON"), std::string::npos) << e.what();
  }
}

TEST(Recording, NotARecordingIsRefused) {
  const std::string path = temp_path("other.jsonl");
  {
    std::ofstream out(path);
    out << R"({"type":"manifest","schema":"something/9"})" << "\n";
  }
  EXPECT_THROW(app::load_run(path), core::RecordingError);
  {
    std::ofstream out(path);
  }
  EXPECT_THROW(app::load_run(path), core::RecordingError);
  EXPECT_THROW(app::load_run(temp_path("missing.jsonl")), core::RecordingError);
}

TEST(Recording, WindowWithAMissingFieldNamesIt) {
  const std::string path = temp_path("field.jsonl");
  {
    core::Recorder rec(path, {{"config", {{"workloads", nlohmann::json::array()}}}});
    rec.write({{"type", "window"}, {"workload", "x"}, {"iterations", 1}});
  }
  try {
    app::load_run(path);
    FAIL() << "expected an error";
  } catch (const core::RecordingError& e) {
    EXPECT_NE(std::string(e.what()).find("record 2 (window)"), std::string::npos) << e.what();
  }
}
