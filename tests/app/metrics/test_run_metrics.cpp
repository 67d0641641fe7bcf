// The run's Prometheus text, from hand-made updates (no device): base units,
// labelled phase and verdict, request latency quantiles, ceilings, the
// device's telemetry when read and nothing when not; promtool accepts it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/metrics/MetricsSink.hpp"
#include "app/metrics/RunMetrics.hpp"
#include "core/Recording.hpp"
#include "core/Session.hpp"
#include "tests/support/TempPath.hpp"

using namespace clscope;

namespace {

core::WindowStats window(int workload, int i) {
  core::WindowStats w;
  w.workload = workload;
  w.t_begin_s = i, w.t_end_s = i + 1, w.span_ns = 1'000'000'000;
  w.iterations = 10, w.bytes = 20e9, w.api_calls = 30, w.requests = 100;
  w.device_busy_ns = 900'000'000, w.api_wall_ns = 950'000'000, w.api_cpu_ns = 10'000'000;
  if (workload == 1) {
    w.request.emplace();
    for (int k = 1; k <= 100; ++k) w.request->latency_ns.record(k * 1'000'000);
  }
  return w;
}

struct FakeRun {
  core::Session session{{core::WorkloadInfo{"stream", "stream", core::Metric::bytes_per_s},
                         core::WorkloadInfo{"serve", "pipeline", core::Metric::requests_per_s}}};
  FakeRun() {
    core::Ceilings c;
    c.mem_gbs = 25, c.compute_gflops = 100, c.dispatch_us = 50;
    session.set_ceilings(c);
  }
  app::RunUpdate update(int i) {
    app::RunUpdate u;
    u.windows = {window(0, i), window(1, i)};
    u.workload_names = {"stream", "serve"};
    u.events = session.add_windows(u.windows);
    u.snapshot = session.snapshot();
    return u;
  }
};

/// Cached ceilings as the run's snapshot has them; compute measured on a busy host.
nlohmann::json ceilings_record() {
  core::CeilingsRecord r;
  r.at(core::CeilingKey::memory).value = 25;
  r.at(core::CeilingKey::compute).value = 100;
  r.at(core::CeilingKey::dispatch).value = 50;
  for (auto& e : r.entries) e.source = "cache", e.trusted = true;
  r.at(core::CeilingKey::compute).trusted = false;
  return r;
}

nlohmann::json manifest() {
  return {{"host", "node1"},
          {"opencl", {{"platform", "Portable Computing Language"},
                      {"device", {{"name", "cpu-x86"}, {"driver_version", "3.1"}}}}},
          {"ceilings", ceilings_record()}};
}

std::shared_ptr<probes::SampleSet> probes_with_device(bool read) {
  auto set = std::make_shared<probes::SampleSet>();
  probes::ProbeReading host;
  host.name = "host.cpu";
  host.sample.metrics["cpu_busy_pct"] = 50;
  probes::ProbeReading dev;
  dev.name = "nvml:0000:01:00.0";
  if (read) {
    dev.sample.metrics = {{"core_clock_mhz", 1500}, {"core_clock_max_mhz", 1980}, {"temp_c", 61},
                          {"power_w", 250.5}, {"util_pct", 97}, {"pcie_gen", 4}, {"pcie_max_gen", 5},
                          {"pcie_width", 16}, {"pcie_max_width", 16}};
    dev.sample.lists["throttle"] = {"sw_power_cap"};
  }
  set->readings = {host, dev};
  return set;
}

std::string render_update(const app::RunUpdate& u) {
  return metrics::render(metrics::run_metric_families(u, metrics::run_metrics_context(manifest())));
}

bool has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

/// The value of one series ("name{labels}"), or NaN when absent.
double value(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return std::nan("");
  return std::stod(text.substr(at + series.size() + 2));
}

}  // namespace

TEST(RunMetrics, WorkloadsInBaseUnitsWithPhaseVerdictAndLatency) {
  FakeRun run;
  app::RunUpdate u;
  for (int i = 0; i < 5; ++i) u = run.update(i);
  const std::string text = render_update(u);
  EXPECT_TRUE(has(text, R"(clscope_run_info{host="node1",device="cpu-x86",platform="Portable Computing Language",driver="3.1"} 1)")) << text;
  EXPECT_TRUE(has(text, "clscope_run_elapsed_seconds 5")) << text;
  EXPECT_NEAR(value(text, R"(clscope_workload_bytes_per_second{workload="stream",kind="stream"})"), 20000000000, 20000000000 * 1e-6) << text;
  EXPECT_TRUE(has(text, R"(clscope_workload_requests_per_second{workload="serve",kind="pipeline"} 100)")) << text;
  EXPECT_TRUE(has(text, R"(clscope_workload_phase{workload="stream",kind="stream",phase="warming"} 1)")) << text;
  EXPECT_TRUE(has(text, R"(clscope_workload_phase{workload="stream",kind="stream",phase="steady"} 0)")) << text;
  // One verdict is 1, every other 0.
  std::istringstream in(text);
  int ones = 0, verdict_lines = 0;
  for (std::string line; std::getline(in, line);)
    if (line.rfind("clscope_workload_verdict{workload=\"stream\"", 0) == 0) {
      ++verdict_lines;
      ones += line.back() == '1';
    }
  EXPECT_EQ(verdict_lines, 11);  // one line per verdict of the vocabulary, device-bound and contended included
  EXPECT_EQ(ones, 1);
  EXPECT_NEAR(value(text, R"(clscope_workload_latency_seconds{workload="serve",kind="pipeline",percentile="99"})"), 0.099, 0.099 / 128) << text;
  EXPECT_EQ(text.find(R"(clscope_workload_latency_seconds{workload="stream")"), std::string::npos);
  // 20 GB over 0.9 s of device time against a 25 GB/s ceiling.
  EXPECT_NEAR(value(text, R"(clscope_workload_ceiling_ratio{workload="stream",kind="stream",ceiling="memory"})"), 20.0 / 0.9 / 25, 1e-9) << text;
  EXPECT_NEAR(value(text, R"(clscope_workload_api_wall_ratio{workload="stream",kind="stream"})"), 0.95, 0.95 * 1e-6) << text;
  EXPECT_NEAR(value(text, R"(clscope_ceiling_bytes_per_second{ceiling="memory",source="cache",trusted="true"})"), 25000000000, 25000000000 * 1e-6) << text;
  EXPECT_NEAR(value(text, R"(clscope_ceiling_flops_per_second{ceiling="compute",source="cache",trusted="false"})"), 100000000000, 100000000000 * 1e-6) << text;
  EXPECT_NEAR(value(text, R"(clscope_ceiling_seconds{ceiling="dispatch",source="cache",trusted="true"})"), 5e-05, 5e-05 * 1e-6) << text;
  EXPECT_EQ(text.find("h2d"), std::string::npos) << "a ceiling not measured is left out";
}

TEST(RunMetrics, DeviceTelemetryWhenReadAndNothingWhenNot) {
  FakeRun run;
  app::RunUpdate u = run.update(0);
  auto set = probes_with_device(true);
  u.probes = set;
  u.device_reading = &set->readings[1];
  std::string text = render_update(u);
  EXPECT_NEAR(value(text, R"(clscope_device_clock_hertz{clock="core"})"), 1500000000, 1500000000 * 1e-6) << text;
  EXPECT_NEAR(value(text, R"(clscope_device_clock_max_hertz{clock="core"})"), 1980000000, 1980000000 * 1e-6) << text;
  EXPECT_TRUE(has(text, "clscope_device_temperature_celsius 61")) << text;
  EXPECT_TRUE(has(text, "clscope_device_power_watts 250.5")) << text;
  EXPECT_TRUE(has(text, "clscope_device_utilization_ratio 0.97")) << text;
  EXPECT_TRUE(has(text, R"(clscope_device_throttle_reason{reason="sw_power_cap"} 1)")) << text;
  EXPECT_TRUE(has(text, R"(clscope_device_pcie_link_generation{link="current"} 4)")) << text;
  EXPECT_TRUE(has(text, R"(clscope_device_pcie_link_generation{link="max"} 5)")) << text;
  EXPECT_TRUE(has(text, R"(clscope_device_pcie_link_width{link="max"} 16)")) << text;
  EXPECT_TRUE(has(text, "clscope_host_cpu_busy_ratio 0.5")) << text;

  set = probes_with_device(false);
  u.probes = set;
  u.device_reading = &set->readings[1];
  text = render_update(u);
  EXPECT_EQ(text.find("clscope_device_"), std::string::npos) << "never a zero for a value not read\n" << text;
  u.device_reading = nullptr;
  EXPECT_EQ(render_update(u).find("clscope_device_"), std::string::npos);
}

TEST(RunMetrics, BeforeTheFirstWindowOnlyTheRunInfo) {
  const std::string text = render_update(app::RunUpdate{});
  EXPECT_EQ(text.rfind("# HELP clscope_run_info ", 0), 0u) << text;
  EXPECT_EQ(text.find("clscope_workload"), std::string::npos) << text;
}

TEST(RunMetrics, PromtoolAcceptsTheText) {
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) GTEST_SKIP() << "promtool missing (apt-get install prometheus)";
  FakeRun run;
  app::RunUpdate u;
  for (int i = 0; i < 3; ++i) u = run.update(i);
  auto set = probes_with_device(true);
  u.probes = set;
  u.device_reading = &set->readings[1];
  const std::string path = test::temp_path("run.prom");
  std::ofstream(path) << render_update(u);
  EXPECT_EQ(std::system(("promtool check metrics < " + path).c_str()), 0);
}

TEST(MetricsSink, WritesTheFileEveryWindowAndPublishesTheText) {
  const std::string path = test::temp_path("sink.prom");
  auto latest = std::make_shared<metrics::LatestText>();
  metrics::MetricsSink sink(path, latest);
  FakeRun run;
  sink.on_update(run.update(0));  // not started: nothing
  EXPECT_EQ(*latest->get(), "");
  sink.on_start(manifest());
  EXPECT_NE(latest->get()->find("clscope_run_info{"), std::string::npos);
  sink.on_update(run.update(1));
  sink.on_update(run.update(2));
  EXPECT_EQ(sink.writes(), 3u);
  EXPECT_EQ(sink.failures(), 0u);
  std::ifstream in(path);
  const std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(file, *latest->get());
  EXPECT_NE(file.find("clscope_run_elapsed_seconds 3\n"), std::string::npos) << file;
}

TEST(MetricsSink, AFileThatCannotBeWrittenIsAnInputErrorAtStart) {
  metrics::MetricsSink sink(std::string("/nonexistent-dir/x/run.prom"), nullptr);
  try {
    sink.on_start(manifest());
    FAIL() << "no error";
  } catch (const core::RecordingError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("--metrics-file /nonexistent-dir/x/run.prom", 0), 0u) << e.what();
  }
  EXPECT_EQ(sink.failures(), 0u) << "said once, by the exception";
  FakeRun run;
  sink.on_update(run.update(0));
  EXPECT_EQ(sink.failures(), 0u) << "a sink that failed to start writes nothing more";
}
