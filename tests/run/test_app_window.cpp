// The observed program's window figures (AppWindow), their raw and derived
// JSON (AppFigures) and the child's environment helpers, on hand-made records.
#include <gtest/gtest.h>

#include <cstring>

#include "app/run/program/AppFigures.hpp"
#include "app/run/program/AppSource.hpp"
#include "app/run/program/AppWindow.hpp"
#include "app/run/program/ChildProcess.hpp"

namespace clscope::app {
namespace {

constexpr std::int64_t kMs = 1'000'000;

clscope_layer_record command(std::uint16_t kind, std::int64_t start, std::int64_t end,
                             const char* name = "", std::uint32_t tid = 100) {
  clscope_layer_record r{};
  r.record_version = CLSCOPE_LAYER_LAYOUT_VERSION;
  r.kind = kind;
  r.flags = CLSCOPE_FLAG_DEVICE_TIMES;
  r.tid = tid;
  r.queued_ns = static_cast<std::uint64_t>(start - 30'000);
  r.submit_ns = static_cast<std::uint64_t>(start - 10'000);
  r.start_ns = static_cast<std::uint64_t>(start);
  r.end_ns = static_cast<std::uint64_t>(end);
  r.host_call_ns = 5'000;
  std::strncpy(r.name, name, sizeof r.name - 1);
  return r;
}

clscope_layer_record finish(std::int64_t wait_ns, std::uint32_t tid = 100) {
  clscope_layer_record r{};
  r.kind = CLSCOPE_KIND_FINISH;
  r.flags = CLSCOPE_FLAG_BLOCKING;
  r.tid = tid;
  r.host_call_ns = static_cast<std::uint64_t>(wait_ns);
  r.host_wait_ns = static_cast<std::uint64_t>(wait_ns);
  return r;
}

TEST(AppWindow, UnionOfIntervalsClippedToTheWindow) {
  EXPECT_EQ(union_length({{0, 10}, {5, 15}, {20, 30}}, 0, 100), 25);
  EXPECT_EQ(union_length({{-10, 10}, {90, 120}}, 0, 100), 20);
  EXPECT_EQ(union_length({{0, 100}, {10, 20}}, 0, 100), 100);
  EXPECT_EQ(union_length({}, 0, 100), 0);
  EXPECT_EQ(union_length({{200, 300}}, 0, 100), 0);
}

TEST(AppWindow, KernelsCopiesBusyAndDispatch) {
  const std::int64_t t0 = 1000 * kMs;
  AppWindowBuilder b;
  b.add(command(CLSCOPE_KIND_KERNEL, t0 + 100 * kMs, t0 + 300 * kMs, "big"));
  b.add(command(CLSCOPE_KIND_KERNEL, t0 + 200 * kMs, t0 + 400 * kMs, "big"));  // overlaps: counts once
  b.add(command(CLSCOPE_KIND_KERNEL, t0 + 500 * kMs, t0 + 510 * kMs, "small"));
  auto read = command(CLSCOPE_KIND_READ, t0 + 600 * kMs, t0 + 700 * kMs);
  read.direction = CLSCOPE_DIR_DEVICE_TO_HOST;
  read.bytes = 1 << 20;
  b.add(read);
  auto marker = command(CLSCOPE_KIND_MARKER, t0 + 700 * kMs, t0 + 700 * kMs);
  b.add(marker);
  b.add(finish(50 * kMs));
  const AppWindow w = b.close(t0 - 2000 * kMs, t0, t0 + 1000 * kMs, {});
  EXPECT_EQ(w.stats.iterations, 4u);  // the marker is not a command with work
  EXPECT_DOUBLE_EQ(w.stats.t_begin_s, 2.0);
  EXPECT_DOUBLE_EQ(w.stats.t_end_s, 3.0);
  EXPECT_EQ(w.stats.span_ns, 1000 * kMs);
  EXPECT_EQ(w.stats.transfer_ns, 100 * kMs);
  EXPECT_EQ(w.stats.device_busy_ns, 310 * kMs);
  EXPECT_DOUBLE_EQ(w.stats.bytes, 1 << 20);
  EXPECT_EQ(w.stats.api_calls, 6u);
  EXPECT_EQ(w.stats.wait_wall_ns, 50 * kMs);
  EXPECT_NEAR(*w.stats.dispatch_us_p50, 30.0, 0.2);
  EXPECT_EQ(w.figures.kernels.at("big").count(), 2u);
  EXPECT_EQ(w.figures.kernels.at("small").count(), 1u);
  EXPECT_EQ(w.figures.copies.at("d2h").count, 1u);
  EXPECT_EQ(w.figures.host_wait_ns, 50 * kMs);
  // The builder starts afresh after close.
  const AppWindow next = b.close(0, t0 + 1000 * kMs, t0 + 2000 * kMs, {});
  EXPECT_EQ(next.stats.iterations, 0u);
  EXPECT_TRUE(next.figures.kernels.empty());
}

TEST(AppWindow, HostWorkAndSleepOfTheSubmittingThread) {
  AppWindowBuilder b;
  b.add(command(CLSCOPE_KIND_KERNEL, 10 * kMs, 20 * kMs, "k", 100));
  b.add(finish(100 * kMs, 100));  // thread 100: 100 ms (+5 us) inside calls, 100 ms waiting
  b.add(command(CLSCOPE_KIND_KERNEL, 30 * kMs, 40 * kMs, "k", 200));  // thread 200: 5 us
  // Thread 100 wanted the CPU for 600 ms (on CPU or runnable).
  const AppWindow w = b.close(0, 0, 1000 * kMs, {{100, {500 * kMs, 100 * kMs}}, {200, {900 * kMs, 0}}});
  EXPECT_EQ(w.stats.api_wall_ns, 100 * kMs + 5'000);
  EXPECT_NEAR(static_cast<double>(w.stats.host_work_ns), 600.0 * kMs, 10'000.0);
  EXPECT_NEAR(static_cast<double>(w.stats.sleep_ns), 300.0 * kMs, 10'000.0);
}

TEST(AppWindow, FailedCallsHaveNoDeviceTime) {
  AppWindowBuilder b;
  auto r = command(CLSCOPE_KIND_KERNEL, 10 * kMs, 20 * kMs, "k");
  r.flags |= CLSCOPE_FLAG_CALL_FAILED;
  b.add(r);
  const AppWindow w = b.close(0, 0, 1000 * kMs, {});
  EXPECT_EQ(w.stats.iterations, 0u);
  EXPECT_EQ(w.figures.failed_calls, 1u);
}

TEST(AppFigures, MergeRoundTripAndDerivedTable) {
  AppFigures a, b;
  for (int i = 0; i < 10; ++i) a.kernels["short"].record(10'000);
  a.kernels["long"].record(1'000'000);
  b.kernels["long"].record(3'000'000);
  b.copies["h2d"] = {2, 4096, 2'000};
  b.commands = 3;
  a.merge(b);
  nlohmann::json raw = a;
  const AppFigures back = raw.get<AppFigures>();
  EXPECT_EQ(back.kernels.at("long").count(), 2u);
  EXPECT_EQ(back.copies.at("h2d").bytes, 4096);
  const nlohmann::json d = app_figures_json(back);
  ASSERT_EQ(d["kernels"].size(), 2u);
  EXPECT_EQ(d["kernels"][0]["name"], "long");  // by total time
  EXPECT_NEAR(d["kernels"][0]["total_s"].get<double>(), 0.004, 1e-9);
  EXPECT_NEAR(d["kernels"][0]["mean_us"].get<double>(), 2000.0, 1e-6);
  EXPECT_NEAR(d["kernels"][0]["share"].get<double>(), 0.004 / 0.0041, 1e-9);
  EXPECT_NEAR(d["kernels"][1]["p50_us"].get<double>(), 10.0, 0.05);
  EXPECT_NEAR(d["copies"]["h2d"]["gbs"].get<double>(), 4096 / 2e-6 * 1e-9, 1e-9);
}

TEST(AppSourceHelpers, LayerIsAppendedToExistingLayers) {
  EXPECT_EQ(append_layer("", "/x/libclscope-layer.so"), "/x/libclscope-layer.so");
  EXPECT_EQ(append_layer("/a.so", "/x/l.so"), "/a.so:/x/l.so");
  EXPECT_EQ(append_layer("/a.so:", "/x/l.so"), "/a.so:/x/l.so");
  EXPECT_EQ(program_name({"/usr/bin/clpeak", "--kernel-latency"}), "clpeak");
  EXPECT_EQ(program_name({"./prog"}), "prog");
}

}  // namespace
}  // namespace clscope::app

namespace clscope::app {
namespace {

TEST(AppWindow, CommandAcrossTheBoundaryCountsInBothWindowsOnce) {
  AppWindowBuilder b;
  b.add(command(CLSCOPE_KIND_KERNEL, 800 * kMs, 1300 * kMs, "long"));  // completes in window 2
  const AppWindow first = b.close(0, 0, 1000 * kMs, {});
  EXPECT_EQ(first.stats.device_busy_ns, 200 * kMs);  // its part in window 1
  EXPECT_EQ(first.stats.iterations, 0u);             // counted where it ends
  EXPECT_TRUE(first.figures.kernels.empty());
  const AppWindow second = b.close(0, 1000 * kMs, 2000 * kMs, {});
  EXPECT_EQ(second.stats.device_busy_ns, 300 * kMs);
  EXPECT_EQ(second.stats.iterations, 1u);
  EXPECT_EQ(second.figures.kernels.at("long").count(), 1u);
  EXPECT_EQ(b.close(0, 2000 * kMs, 3000 * kMs, {}).stats.device_busy_ns, 0);
}

}  // namespace
}  // namespace clscope::app

#include "app/output/ConsoleSink.hpp"
#include "app/record/Records.hpp"

namespace clscope::app {
namespace {

// Never invent a number: what clscope does not measure for a program is absent.
TEST(AppOutput, NoCpuShareOrSetupTimesForAnObservedProgram) {
  core::WorkloadLive live;
  live.info = {"prog", "app", core::Metric::commands_per_s};
  core::WindowStats w;
  w.iterations = 10;
  w.span_ns = 1'000'000'000;
  w.api_wall_ns = 500'000'000;
  w.api_calls = 20;
  EXPECT_EQ(tick_line(live, w, false).find("CPU"), std::string::npos) << tick_line(live, w, false);
  EXPECT_FALSE(nlohmann::json::parse(tick_line(live, w, true)).contains("api_cpu_pct"));
  live.info.metric = core::Metric::launches_per_s;
  EXPECT_NE(tick_line(live, w, false).find("CPU"), std::string::npos);

  WorkloadSetup s;
  s.workload = "prog";
  s.kind = "app";
  s.metric = core::Metric::commands_per_s;
  s.setup.description = "prog --flag";
  const nlohmann::json r = record::setup_record(s);
  EXPECT_EQ(r["metric"], "commands_per_s");
  EXPECT_EQ(r["description"], "prog --flag");
  EXPECT_FALSE(r.contains("build_ms"));
  EXPECT_FALSE(r.contains("first_launch_ms"));
}

}  // namespace
}  // namespace clscope::app
