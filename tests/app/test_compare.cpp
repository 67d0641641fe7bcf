// compare: comparability verdict and side-by-side figures, on small
// recordings written by the test (clscope.record/1 JSON Lines).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "app/analysis/Compare.hpp"
#include "app/record/RecordingLoader.hpp"
#include "core/WindowJson.hpp"

namespace clscope::app {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

struct Spec {
  std::string host = "node1";
  std::string device = "Test GPU";
  std::string driver = "550.54";
  std::int64_t stream_size = 67108864;
  std::int64_t resolved_size = 67108864;
  double window_s = 1.0;
  double duration_s = 20;
  std::string version = "0.1.0";
  double level_gbs = 100;  ///< stream throughput of every window after the first
  double noise = 0.01;     ///< relative alternating noise
  double ramp = 0;         ///< added per window (a drift that never settles)
  int windows = 20;
};

std::filesystem::path scratch_dir() {
  return std::filesystem::temp_directory_path() / ("clscope-compare-" + std::to_string(getpid()));
}

/// Writes a recording of one stream workload and returns its path.
std::string write_recording(const std::string& name, const Spec& s) {
  const auto dir = scratch_dir();
  std::filesystem::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream out(path);
  json params{{"name", "stream"},  {"op", "triad"},          {"vec", 4},
              {"size", s.stream_size}, {"in_flight", 2},     {"host_work_us", 0.0},
              {"host_sleep_us", 0.0},  {"verify", false},    {"seed", 1},
              {"bind", "local"}};
  json manifest{
      {"type", "manifest"},
      {"schema", "clscope.record/1"},
      {"clscope_version", s.version},
      {"command_line", "clscope run --record " + name},
      {"config",
       {{"source", name + ".toml"},
        {"duration_s", s.duration_s},
        {"window_s", s.window_s},
        {"device", "auto"},
        {"workloads", json::array({{{"kind", "stream"}, {"name", "stream"}, {"params", params}}})}}},
      {"host", s.host},
      {"os", {{"sysname", "Linux"}, {"release", "6.1"}}},
      {"cpu_model", "Test CPU"},
      {"opencl",
       {{"platform", "Test Platform"},
        {"platform_version", "OpenCL 3.0"},
        {"device", {{"name", s.device}, {"driver_version", s.driver}}}}},
      {"ceilings", {{"mem_gbs", 120.0}}},
      {"window_s", s.window_s},
      {"start_unix_s", 1.7e9 + s.level_gbs},
      {"workloads", {"stream"}}};
  out << manifest.dump() << "\n";
  out << json{{"type", "setup"},
              {"workload", "stream"},
              {"kind", "stream"},
              {"metric", "bytes_per_s"},
              {"description", "triad"},
              {"resolved", {{"size", s.resolved_size}, {"vec", 4}}}}
             .dump()
      << "\n";
  for (int i = 0; i < s.windows; ++i) {
    core::WindowStats w;
    w.workload = 0;
    w.t_begin_s = i * s.window_s;
    w.t_end_s = (i + 1) * s.window_s;
    w.iterations = 10;
    w.span_ns = static_cast<std::int64_t>(s.window_s * 1e9);
    w.device_busy_ns = w.span_ns;
    const double level = (i == 0 ? 0.5 * s.level_gbs : s.level_gbs) + s.ramp * i;
    const double gbs = level * (1 + (i % 2 ? s.noise : -s.noise));
    w.bytes = gbs * 1e9 * s.window_s;
    w.dispatch_us_p50 = 10;
    w.dispatch_us_p99 = 40 + i % 3;
    json j = w;
    j["type"] = "window";
    j["workload"] = "stream";
    out << j.dump() << "\n";
  }
  return path;
}

struct Pair {
  LoadedRun a, b;
  std::string pa, pb;
};

Pair load_pair(const Spec& a, const Spec& b) {
  Pair p;
  p.pa = write_recording("a.jsonl", a);
  p.a = load_run(p.pa);
  p.pb = write_recording("b.jsonl", b);
  p.b = load_run(p.pb);
  std::error_code ec;
  std::filesystem::remove_all(scratch_dir(), ec);
  return p;
}

bool lists(const std::vector<FieldDifference>& d, const std::string& field) {
  for (const auto& f : d)
    if (f.field == field) return true;
  return false;
}

TEST(Compare, SameScenarioOnAnotherNodeIsComparable) {
  Spec b;
  b.host = "node2";
  b.device = "Other GPU";
  b.driver = "560.1";
  const auto p = load_pair(Spec{}, b);
  const auto c = comparability(p.a, p.b);
  EXPECT_TRUE(c.comparable);
  EXPECT_TRUE(c.refused.empty());
  EXPECT_TRUE(lists(c.compared, "host"));
  EXPECT_TRUE(lists(c.compared, "opencl.device.name"));
  EXPECT_TRUE(lists(c.compared, "opencl.device.driver_version"));
  // Command line, start time and config file name differ on every run: not listed.
  for (const auto& f : c.compared) EXPECT_FALSE(f.field == "command_line" || f.field == "start_unix_s");
}

TEST(Compare, DifferentWorkloadSizeIsRefused) {
  Spec b;
  b.stream_size = b.resolved_size = 134217728;
  const auto p = load_pair(Spec{}, b);
  const auto c = comparability(p.a, p.b);
  EXPECT_FALSE(c.comparable);
  EXPECT_TRUE(lists(c.refused, "config.workloads[stream].params.size"));
  EXPECT_TRUE(lists(c.refused, "setup[stream].resolved.size"));
  const json j = compare_json(p.a, p.pa, p.b, p.pb, c, false);
  EXPECT_FALSE(j["comparable"].get<bool>());
  EXPECT_TRUE(j["workloads"].empty());
  EXPECT_THAT(compare_text(j), HasSubstr("comparison refused"));
  // --force compares anyway, and says so.
  const json forced = compare_json(p.a, p.pa, p.b, p.pb, c, true);
  EXPECT_TRUE(forced["forced"].get<bool>());
  EXPECT_EQ(forced["workloads"].size(), 1u);
}

TEST(Compare, ResolvedSizeAloneIsEnoughToRefuse) {
  Spec a, b;
  a.stream_size = b.stream_size = 0;  // auto
  b.resolved_size = 2 * a.resolved_size;
  const auto p = load_pair(a, b);
  const auto c = comparability(p.a, p.b);
  EXPECT_FALSE(c.comparable);
  ASSERT_EQ(c.refused.size(), 1u);
  EXPECT_EQ(c.refused[0].field, "setup[stream].resolved.size");
}

TEST(Compare, WindowDurationAndVersionMustMatch) {
  Spec b;
  b.window_s = 0.5;
  b.duration_s = 10;
  b.version = "0.2.0";
  const auto p = load_pair(Spec{}, b);
  const auto c = comparability(p.a, p.b);
  EXPECT_FALSE(c.comparable);
  EXPECT_TRUE(lists(c.refused, "window_s"));
  EXPECT_TRUE(lists(c.refused, "config.window_s"));
  EXPECT_TRUE(lists(c.refused, "config.duration_s"));
  EXPECT_TRUE(lists(c.refused, "clscope_version"));
}

TEST(Compare, DifferenceBeyondNoiseWhenIntervalsDoNotOverlap) {
  Spec b;
  b.level_gbs = 120;
  b.host = "node2";
  const auto p = load_pair(Spec{}, b);
  const auto c = comparability(p.a, p.b);
  const json j = compare_json(p.a, p.pa, p.b, p.pb, c, false);
  EXPECT_EQ(j["schema"], "clscope.compare/1");
  for (const char* k : {"a", "b", "comparable", "forced", "refused_because", "compared", "workloads"})
    EXPECT_TRUE(j.contains(k)) << k;
  ASSERT_EQ(j["workloads"].size(), 1u);
  const json& w = j["workloads"][0];
  EXPECT_EQ(w["name"], "stream");
  EXPECT_EQ(w["unit"], "GB/s");
  for (const char* side : {"a", "b"})
    for (const char* k : {"phase", "steady_median", "steady_ci", "peak", "sustained_over_peak",
                          "verdict", "latency_us"})
      EXPECT_TRUE(w[side].contains(k)) << side << "." << k;
  EXPECT_NEAR(w["a"]["steady_median"].get<double>(), 100, 1.5);
  EXPECT_NEAR(w["b"]["steady_median"].get<double>(), 120, 1.5);
  EXPECT_NEAR(w["difference"].get<double>(), 20, 2);
  EXPECT_NEAR(w["relative"].get<double>(), 0.2, 0.02);
  EXPECT_EQ(w["exceeds_noise"], true);
  EXPECT_NEAR(w["a"]["latency_us"]["dispatch_p50"].get<double>(), 10, 1e-9);
  EXPECT_THAT(compare_text(j), HasSubstr("beyond noise"));
}

TEST(Compare, DifferenceWithinNoise) {
  Spec a, b;
  a.noise = b.noise = 0.05;
  b.level_gbs = 100.5;
  b.host = "node2";
  const auto p = load_pair(a, b);
  const json j = compare_json(p.a, p.pa, p.b, p.pb, comparability(p.a, p.b), false);
  EXPECT_EQ(j["workloads"][0]["exceeds_noise"], false);
}

TEST(Compare, NoSteadyStateMeansNoJudgement) {
  Spec b;
  b.ramp = 8;  // climbs all run long
  b.host = "node2";
  const auto p = load_pair(Spec{}, b);
  const json j = compare_json(p.a, p.pa, p.b, p.pb, comparability(p.a, p.b), false);
  const json& w = j["workloads"][0];
  EXPECT_TRUE(w["b"]["steady_median"].is_null());
  EXPECT_TRUE(w["exceeds_noise"].is_null());
  EXPECT_THAT(w["noise_basis"].get<std::string>(), HasSubstr("no steady state in B"));
}

}  // namespace
}  // namespace clscope::app
