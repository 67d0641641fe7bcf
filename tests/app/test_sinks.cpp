// The run's sinks, each alone on hand-made updates (no device, no LiveRun):
// the recording writer writes what the reader reads back, the console prints
// one line per window and events to stderr, an observer sees every update.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "app/output/ConsoleSink.hpp"
#include "app/record/RecordingLoader.hpp"
#include "app/record/RecordingSink.hpp"
#include "core/Recording.hpp"
#include "tests/support/TempPath.hpp"

using namespace clscope;

namespace {

using test::temp_path;

/// One second of a stream-like workload: 10 launches moving `gbs` GB, the
/// device busy 90% of it, the submitting thread 95% inside 30 API calls.
core::WindowStats window(int i, double gbs) {
  core::WindowStats w;
  w.workload = 0;
  w.t_begin_s = i, w.t_end_s = i + 1, w.span_ns = 1'000'000'000;
  w.iterations = 10, w.bytes = gbs * 1e9, w.api_calls = 30;
  w.device_busy_ns = 900'000'000, w.api_wall_ns = 950'000'000, w.api_cpu_ns = 10'000'000;
  return w;
}

/// A session with one stream-like workload fed `n` windows, and the update
/// of the last one.
struct FakeRun {
  core::Session session{{core::WorkloadInfo{"stream", "stream", core::Metric::bytes_per_s}}};
  app::RunUpdate update(int i, double gbs) {
    app::RunUpdate u;
    u.windows = {window(i, gbs)};
    u.workload_names = {"stream"};
    u.events = session.add_windows(u.windows);
    u.snapshot = session.snapshot();
    return u;
  }
};

nlohmann::json manifest() {
  return {{"config", {{"workloads", {{{"kind", "stream"}, {"name", "stream"}}}}}},
          {"ceilings", {{"mem_gbs", 30.0}}}};
}

}  // namespace

TEST(RecordingSink, CreatesNothingBeforeStartAndSaysSo) {
  const std::string path = temp_path("never.jsonl");
  app::RecordingSink sink(path);
  FakeRun run;
  sink.on_update(run.update(0, 10));  // ignored: not started
  sink.on_end();
  EXPECT_FALSE(sink.opened());
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(app::recording_outcome(sink),
            "clscope: nothing recorded to " + path + ": the run stopped before its workloads started");
}

TEST(RecordingSink, WritesSetupWindowsBindingsAndEventsThatTheReaderReadsBack) {
  const std::string path = temp_path("run.jsonl");
  app::RecordingSink sink(path);
  sink.on_start(manifest());
  EXPECT_TRUE(sink.opened());
  EXPECT_EQ(app::recording_outcome(sink), "clscope: recorded " + path);
  FakeRun run;
  auto first = run.update(0, 20);
  app::WorkloadSetup setup;
  setup.workload = "stream";
  setup.kind = "stream";
  setup.metric = core::Metric::bytes_per_s;
  setup.setup.description = "triad float4, 3 arrays of 16 MiB";
  setup.setup.build_ms = 12;
  setup.setup.verification = "ok";
  first.setups.push_back(setup);
  app::ThreadBinding b;
  b.workload = "stream";
  b.thread = "cl:stream";
  b.result.reason = "left unbound";
  first.bindings.push_back(b);
  sink.on_update(first);
  for (int i = 1; i < 5; ++i) sink.on_update(run.update(i, 20));
  core::Event error;
  error.t_s = 5;
  error.type = core::event_type::kError;
  error.workload = "stream";
  error.evidence = {{"text", "clFinish: CL_OUT_OF_RESOURCES (-5)"}};
  sink.on_event(error);
  sink.on_end();

  const auto rec = core::read_recording(path);
  ASSERT_GE(rec.records.size(), 7u);
  EXPECT_EQ(rec.records[0]["type"], "setup");  // the setup comes before its first window
  EXPECT_EQ(rec.records[1]["type"], "window");
  EXPECT_EQ(rec.records[2]["type"], "binding");
  EXPECT_EQ(rec.records.back()["type"], "event");
  EXPECT_EQ(rec.records.back()["event"], "error");

  const auto loaded = app::load_run(path);
  ASSERT_EQ(loaded.series.size(), 1u);
  EXPECT_EQ(loaded.series[0].windows.size(), 5u);
  EXPECT_NEAR(*loaded.series[0].windows[0].value(core::Metric::bytes_per_s), 20.0, 1e-9);
  EXPECT_EQ(loaded.setups.at("stream")["description"], "triad float4, 3 arrays of 16 MiB");
  ASSERT_EQ(loaded.raw_events.size(), 1u);
  EXPECT_EQ(loaded.raw_events[0].type, core::event_type::kError);
}

TEST(ConsoleSink, OneTextLinePerWindowAndSetupAndEventsOnStderr) {
  std::ostringstream out, err;
  app::ConsoleSink sink(out, err, false);
  FakeRun run;
  auto u = run.update(0, 25);
  app::WorkloadSetup setup;
  setup.workload = "stream";
  setup.setup.description = "triad";
  setup.setup.build_ms = 12.4;
  setup.setup.first_launch_ms = 1.25;
  setup.setup.verification = "ok";
  u.setups.push_back(setup);
  core::Event marker;
  marker.t_s = 1;
  marker.type = core::event_type::kMarker;
  marker.evidence = {{"text", "here"}};
  u.events.push_back(marker);
  sink.on_update(u);
  EXPECT_EQ(out.str().rfind("1.0s  stream  25.00 GB/s  ", 0), 0u) << out.str();
  EXPECT_NE(out.str().find("(10 launches, device busy 90%, submit thread: API 95% (CPU 1%), host work 0%, 30 calls/s)"),
            std::string::npos)
      << out.str();
  EXPECT_NE(err.str().find("clscope: stream: triad; build 12 ms, first launch 1.2 ms; ok\n"), std::string::npos)
      << err.str();
  EXPECT_NE(err.str().find("clscope: 1.0s marker: here\n"), std::string::npos) << err.str();
}

TEST(ConsoleSink, JsonTicksAndWindowsWithoutLaunchesSkipped) {
  std::ostringstream out, err;
  app::ConsoleSink sink(out, err, true);
  FakeRun run;
  sink.on_update(run.update(0, 25));
  auto idle = run.update(1, 0);
  idle.windows[0].iterations = 0;
  sink.on_update(idle);
  std::istringstream lines(out.str());
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["type"], "tick");
    EXPECT_EQ(j["workload"], "stream");
    EXPECT_EQ(j["unit"], "GB/s");
    EXPECT_NEAR(j["device_busy_pct"].get<double>(), 90.0, 1e-9);
    ++n;
  }
  EXPECT_EQ(n, 1);
}

TEST(UpdateObserver, SeesEveryUpdate) {
  int seen = 0;
  app::UpdateObserver observer([&](const app::RunUpdate& u) { seen += static_cast<int>(u.windows.size()); });
  FakeRun run;
  for (int i = 0; i < 3; ++i) observer.on_update(run.update(i, 10));
  EXPECT_EQ(seen, 3);
}
