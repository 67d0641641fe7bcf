#include <gtest/gtest.h>

#include <set>

#include "core/Classifier.hpp"

using namespace clscope::core;

namespace {

// Evidence of a busy device doing `gbs` GB/s and `gflops` GFLOP/s.
Evidence busy(double busy_fraction, double gbs, double gflops) {
  Evidence e;
  e.iterations = 100;
  e.span_s = 1.0;
  e.device_busy = busy_fraction;
  e.transfer_share = 0.0;
  e.mem_gbs = gbs;
  e.compute_gflops = gflops;
  if (gbs > 0 && gflops > 0) e.intensity_flop_per_byte = gflops / gbs;
  e.api_wall_share = busy_fraction;
  e.api_overhead_share = 0.01;
  e.unaccounted_share = std::max(0.0, 1 - busy_fraction - 0.01);
  return e;
}
Evidence with_ceilings(Evidence e, double mem_ceiling, double compute_ceiling) {
  e.mem_fraction = *e.mem_gbs / mem_ceiling;
  e.compute_fraction = *e.compute_gflops / compute_ceiling;
  return e;
}
// Evidence of an idle device (busy fraction `busy_fraction`).
Evidence idle(double busy_fraction, double host, double sleep, double api_overhead) {
  Evidence e = busy(busy_fraction, 1.0, 0.1);
  e.host_work_share = host;
  e.sleep_share = sleep;
  e.api_overhead_share = api_overhead;
  e.unaccounted_share = std::max(0.0, 1 - busy_fraction - host - sleep - api_overhead);
  return e;
}

struct Row {
  const char* name;
  Evidence evidence;
  Verdict expected;
  double min_confidence;
  double max_confidence;
};

std::vector<Row> table() {
  std::vector<Row> rows;
  // Device-side verdicts with measured ceilings (memory 20 GB/s, compute 100 GFLOP/s).
  rows.push_back({"stream near the memory ceiling", with_ceilings(busy(0.97, 19.0, 3.2), 20, 100),
                  Verdict::memory_bound, 0.9, 1.0});
  rows.push_back({"fma near the compute ceiling", with_ceilings(busy(0.99, 0.01, 92.0), 20, 100),
                  Verdict::compute_bound, 0.9, 1.0});
  rows.push_back({"busy but far below both ceilings", with_ceilings(busy(0.95, 1.0, 3.0), 20, 100),
                  Verdict::latency_bound, 0.7, 1.0});
  rows.push_back({"borderline half of the memory ceiling",
                  with_ceilings(busy(0.95, 10.5, 0.1), 20, 100), Verdict::memory_bound, 0.5, 0.65});
  {
    Evidence e = with_ceilings(busy(0.96, 18.0, 1.0), 20, 100);
    e.clock_ratio = 0.72;
    e.throttle_reasons = {"gpu_idle", "sw_thermal_slowdown"};
    rows.push_back({"clock held down by a thermal limit", e, Verdict::throttled, 0.9, 1.0});
    e.throttle_reasons = {"gpu_idle", "applications_clocks_setting"};
    rows.push_back(
        {"low clock for benign reasons is not throttling", e, Verdict::memory_bound, 0.5, 1.0});
    e.throttle_reasons = {"sw_power_cap"};
    e.clock_ratio = 0.95;
    rows.push_back({"power cap but clock near max", e, Verdict::memory_bound, 0.5, 1.0});
  }
  {
    Evidence e = busy(0.98, 6.0, 0.0);
    e.transfer_share = 1.0;
    e.transfer_gbs = 5.9;
    rows.push_back({"busy with copies", e, Verdict::transfer_bound, 0.9, 1.0});
  }
  // Device-side verdicts without ceilings: from arithmetic intensity, less confident.
  rows.push_back({"stream, no ceilings", busy(0.97, 19.0, 3.2), Verdict::memory_bound, 0.3, 0.6});
  rows.push_back({"fma, no ceilings", busy(0.99, 0.01, 92.0), Verdict::compute_bound, 0.3, 0.6});
  rows.push_back(
      {"bytes only, no ceilings", busy(0.97, 19.0, 0.0), Verdict::memory_bound, 0.3, 0.6});
  {
    Evidence e = busy(0.97, 19.0, 3.2);
    e.mem_fraction =
        0.3;  // memory ceiling known, compute ceiling not: not enough for latency-bound
    rows.push_back(
        {"one ceiling missing falls back on intensity", e, Verdict::memory_bound, 0.3, 0.6});
  }
  rows.push_back({"busy, nothing counted", busy(0.97, 0.0, 0.0), Verdict::device_bound, 0.9, 1.0});
  {
    // Far below both ceilings would be latency-bound; the solo level says
    // the other workload took the device.
    Evidence e = with_ceilings(busy(0.95, 1.0, 3.0), 20, 100);
    e.value = 1.0;
    e.unit = "GB/s";
    e.solo_level = 4.0;
    e.below_solo = 0.75;
    e.others_active = {"stream"};
    rows.push_back({"far below its solo level beside another workload", e, Verdict::contended,
                    0.9, 1.0});
  }
  // Off-GPU verdicts.
  {
    Evidence e = idle(0.06, 0.0, 0.0, 0.90);
    e.kernel_us_mean = 5.0;
    e.round_trip_us = 90.0;
    rows.push_back(
        {"tiny kernels, submit thread in OpenCL calls", e, Verdict::launch_bound, 0.9, 1.0});
  }
  {
    Evidence e = idle(0.10, 0.0, 0.0, 0.85);
    e.transfer_share = 1.0;
    e.bytes_per_launch = 64.0 * (1 << 20);
    rows.push_back(
        {"idle device, large copies in the calling thread", e, Verdict::transfer_bound, 0.5, 0.7});
    e.transfer_fraction = 0.9;
    rows.push_back({"... near the transfer ceiling", e, Verdict::transfer_bound, 0.9, 1.0});
    e.bytes_per_launch = 4096;
    e.transfer_fraction.reset();
    rows.push_back({"small copies are launch overhead", e, Verdict::launch_bound, 0.9, 1.0});
  }
  rows.push_back(
      {"host work dominates", idle(0.15, 0.78, 0.0, 0.05), Verdict::host_bound, 0.85, 1.0});
  rows.push_back({"time outside OpenCL calls, undeclared", idle(0.10, 0.0, 0.0, 0.05),
                  Verdict::host_bound, 0.5, 0.7});
  rows.push_back({"no work arrives", idle(0.30, 0.0, 0.65, 0.03), Verdict::starved, 0.7, 1.0});
  rows.push_back(
      {"half idle, sleeping half", idle(0.48, 0.0, 0.50, 0.01), Verdict::starved, 0.55, 0.7});
  // Fallbacks and unknown.
  {
    Evidence e = with_ceilings(busy(0.45, 19.0, 3.2), 20, 100);
    e.unaccounted_share = 0.10;
    e.api_overhead_share = 0.10;
    rows.push_back({"partly idle, unexplained: device side at half confidence", e,
                    Verdict::memory_bound, 0.2, 0.5});
  }
  {
    Evidence e = idle(0.10, 0.1, 0.1, 0.1);
    e.unaccounted_share = 0.1;
    rows.push_back({"idle and unexplained", e, Verdict::unknown, 0.0, 0.0});
  }
  {
    Evidence e;
    e.iterations = 0;
    rows.push_back({"nothing completed", e, Verdict::unknown, 0.0, 0.0});
  }
  {
    Evidence e;
    e.iterations = 10;
    e.span_s = 1.0;
    rows.push_back({"no profiling, no shares", e, Verdict::unknown, 0.0, 0.0});
    e.host_work_share = 0.8;
    rows.push_back({"no profiling, host work dominates", e, Verdict::host_bound, 0.25, 0.5});
    e.host_work_share = 0.0;
    e.sleep_share = 0.9;
    rows.push_back({"no profiling, sleep dominates", e, Verdict::starved, 0.25, 0.5});
  }
  return rows;
}

}  // namespace

TEST(Classifier, Table) {
  for (const Row& row : table()) {
    SCOPED_TRACE(row.name);
    const VerdictResult r = classify(row.evidence);
    EXPECT_STREQ(verdict_name(r.verdict), verdict_name(row.expected)) << r.why;
    EXPECT_GE(r.confidence, row.min_confidence) << r.why;
    EXPECT_LE(r.confidence, row.max_confidence) << r.why;
    EXPECT_FALSE(r.why.empty());
  }
}

TEST(Classifier, TableCoversEveryVerdict) {
  std::set<Verdict> seen;
  for (const Row& row : table()) seen.insert(row.expected);
  EXPECT_EQ(seen.size(), 11u);  // every Verdict, device-bound and contended included
}

TEST(Classifier, NamesAndOffGpu) {
  const std::vector<std::pair<Verdict, const char*>> names{
      {Verdict::compute_bound, "compute-bound"},
      {Verdict::memory_bound, "memory-bound"},
      {Verdict::latency_bound, "latency-bound"},
      {Verdict::throttled, "throttled"},
      {Verdict::transfer_bound, "transfer-bound"},
      {Verdict::launch_bound, "launch-bound"},
      {Verdict::host_bound, "host-bound"},
      {Verdict::starved, "starved"},
      {Verdict::device_bound, "device-bound"},
      {Verdict::contended, "contended"},
      {Verdict::unknown, "unknown"}};
  for (const auto& [v, n] : names) {
    EXPECT_STREQ(verdict_name(v), n);
    EXPECT_EQ(verdict_from_name(n), v);
  }
  EXPECT_FALSE(verdict_from_name("memory_bound").has_value());
  for (Verdict v :
       {Verdict::transfer_bound, Verdict::launch_bound, Verdict::host_bound, Verdict::starved})
    EXPECT_TRUE(off_gpu(v));
  for (Verdict v : {Verdict::compute_bound, Verdict::memory_bound, Verdict::latency_bound,
                    Verdict::throttled, Verdict::device_bound, Verdict::contended,
                    Verdict::unknown})
    EXPECT_FALSE(off_gpu(v));
}

TEST(Classifier, WhyCarriesNumbers) {
  const VerdictResult r = classify(idle(0.31, 0.64, 0.0, 0.02));
  EXPECT_EQ(r.verdict, Verdict::host_bound);
  EXPECT_EQ(r.why, "device busy 31%, host work 64% of wall");
}

// ---- From WindowStats, shaped like the planted cases measured on a CPU device ----

namespace {

constexpr std::int64_t kSecond = 1'000'000'000;

WindowStats window(std::uint64_t iterations, double busy_s) {
  WindowStats w;
  w.workload = 0;
  w.t_begin_s = 10;
  w.t_end_s = 11;
  w.iterations = iterations;
  w.span_ns = kSecond;
  w.device_busy_ns = static_cast<std::int64_t>(busy_s * 1e9);
  w.api_calls = 2 * iterations;
  return w;
}

WindowStats stream_window() {  // 50 triads of 20 ms at 19 GB/s, synchronous loop
  WindowStats w = window(50, 0.96);
  w.bytes = 19e9 * 0.96;
  w.ops = w.bytes / 6;  // 2 FLOP per 12 bytes
  w.api_wall_ns = static_cast<std::int64_t>(0.985 * 1e9);
  w.api_cpu_ns = 20'000'000;
  w.wait_wall_ns = static_cast<std::int64_t>(0.97 * 1e9);
  w.dispatch_us_p50 = 30;
  w.round_trip_us_p50 = 19'700;
  return w;
}

const Ceilings kCeilings{20.0, 100.0, 8.0, 7.0, 20.0, 90.0};

}  // namespace

TEST(ClassifierPlanted, StreamIsMemoryBound) {
  const WindowStats w = stream_window();
  const VerdictResult with = classify(w, Metric::bytes_per_s, kCeilings);
  EXPECT_EQ(with.verdict, Verdict::memory_bound) << with.why;
  EXPECT_GT(with.confidence, 0.9);
  ASSERT_TRUE(with.evidence.mem_fraction.has_value());
  EXPECT_NEAR(*with.evidence.mem_fraction, 0.95, 0.01);
  EXPECT_NEAR(*with.evidence.device_busy, 0.96, 1e-9);
  const VerdictResult without = classify(w, Metric::bytes_per_s, Ceilings{});
  EXPECT_EQ(without.verdict, Verdict::memory_bound) << without.why;
  EXPECT_LT(without.confidence, with.confidence);
  EXPECT_FALSE(without.evidence.mem_fraction.has_value());
}

TEST(ClassifierPlanted, ComputeIsComputeBound) {
  WindowStats w = window(20, 0.98);
  w.ops = 95e9 * 0.98;
  w.bytes = 4.0 * 1e6 * 20;  // results written
  w.api_wall_ns = static_cast<std::int64_t>(0.99 * 1e9);
  w.wait_wall_ns = static_cast<std::int64_t>(0.98 * 1e9);
  for (const Ceilings& c : {kCeilings, Ceilings{}}) {
    const VerdictResult r = classify(w, Metric::flops_per_s, c);
    EXPECT_EQ(r.verdict, Verdict::compute_bound) << r.why;
  }
}

TEST(ClassifierPlanted, TinyKernelsAreLaunchBound) {
  WindowStats w = window(11'000, 11'000 * 5e-6);  // 5 us kernels, ~90 us round trips
  w.bytes = 8.0 * 11'000;
  w.ops = 11'000;
  w.api_wall_ns = static_cast<std::int64_t>(0.97 * 1e9);
  w.api_cpu_ns = static_cast<std::int64_t>(0.40 * 1e9);
  w.wait_wall_ns = static_cast<std::int64_t>(0.80 * 1e9);
  w.dispatch_us_p50 = 40;
  w.round_trip_us_p50 = 88;
  for (const Ceilings& c : {kCeilings, Ceilings{}}) {
    const VerdictResult r = classify(w, Metric::launches_per_s, c);
    EXPECT_EQ(r.verdict, Verdict::launch_bound) << r.why;
    EXPECT_GT(r.confidence, 0.8);
    EXPECT_NE(r.why.find("round trip 88 us"), std::string::npos) << r.why;
  }
}

TEST(ClassifierPlanted, CopiesAreTransferBound) {
  WindowStats w = window(16, 0.0);
  w.transfer_ns = static_cast<std::int64_t>(0.97 * 1e9);
  w.bytes = 16 * 64.0 * (1 << 20);
  w.api_wall_ns = static_cast<std::int64_t>(0.99 * 1e9);
  w.wait_wall_ns = static_cast<std::int64_t>(0.97 * 1e9);
  for (const Ceilings& c : {kCeilings, Ceilings{}}) {
    const VerdictResult r = classify(w, Metric::bytes_per_s, c);
    EXPECT_EQ(r.verdict, Verdict::transfer_bound) << r.why;
    ASSERT_TRUE(r.evidence.transfer_gbs.has_value());
    EXPECT_NEAR(*r.evidence.transfer_gbs, 1.07, 0.01);
  }
  // Zero-copy maps whose profiled time is tiny: still copies of large buffers.
  w.transfer_ns = 1'000'000;
  const VerdictResult r = classify(w, Metric::bytes_per_s, Ceilings{});
  EXPECT_EQ(r.verdict, Verdict::transfer_bound) << r.why;
}

TEST(ClassifierPlanted, HostWorkIsHostBound) {
  WindowStats w = stream_window();  // 50 launches with 16 ms of host work each
  w.device_busy_ns = static_cast<std::int64_t>(0.18 * 1e9);
  w.bytes = 19e9 * 0.18;
  w.api_wall_ns = static_cast<std::int64_t>(0.19 * 1e9);
  w.wait_wall_ns = static_cast<std::int64_t>(0.18 * 1e9);
  w.host_work_ns = static_cast<std::int64_t>(0.80 * 1e9);
  for (const Ceilings& c : {kCeilings, Ceilings{}}) {
    const VerdictResult r = classify(w, Metric::bytes_per_s, c);
    EXPECT_EQ(r.verdict, Verdict::host_bound) << r.why;
    EXPECT_NEAR(r.evidence.host_work_share, 0.8, 1e-9);
  }
}

TEST(ClassifierPlanted, SleepIsStarved) {
  WindowStats w = stream_window();
  w.device_busy_ns = static_cast<std::int64_t>(0.18 * 1e9);
  w.bytes = 19e9 * 0.18;
  w.api_wall_ns = static_cast<std::int64_t>(0.19 * 1e9);
  w.wait_wall_ns = static_cast<std::int64_t>(0.18 * 1e9);
  w.sleep_ns = static_cast<std::int64_t>(0.80 * 1e9);
  for (const Ceilings& c : {kCeilings, Ceilings{}}) {
    const VerdictResult r = classify(w, Metric::bytes_per_s, c);
    EXPECT_EQ(r.verdict, Verdict::starved) << r.why;
  }
}

TEST(ClassifierPlanted, ThrottleFromTelemetry) {
  const WindowStats w = stream_window();
  const DeviceTelemetry t{0.6, {"hw_thermal_slowdown"}};
  const VerdictResult r = classify(w, Metric::bytes_per_s, kCeilings, &t);
  EXPECT_EQ(r.verdict, Verdict::throttled) << r.why;
  EXPECT_EQ(r.evidence.clock_ratio, 0.6);
}

TEST(ClassifierEvidence, MissingInputsLeaveFieldsEmpty) {
  WindowStats w = window(10, 0.0);  // no profiling timestamps
  w.api_calls = 0;                  // no API accounting
  w.bytes = 1e9;
  const Evidence e = make_evidence(w, Metric::bytes_per_s, Ceilings{});
  EXPECT_FALSE(e.device_busy.has_value());
  EXPECT_FALSE(e.transfer_share.has_value());
  EXPECT_FALSE(e.mem_gbs.has_value());
  EXPECT_FALSE(e.mem_fraction.has_value());
  EXPECT_FALSE(e.api_wall_share.has_value());
  EXPECT_FALSE(e.api_overhead_share.has_value());
  EXPECT_FALSE(e.clock_ratio.has_value());
  ASSERT_TRUE(e.value.has_value());
  EXPECT_NEAR(*e.value, 1.0, 1e-12);
  EXPECT_EQ(e.unit, "GB/s");
  EXPECT_EQ(classify(e).verdict, Verdict::unknown);

  const WindowStats empty = window(0, 0.0);
  const VerdictResult r = classify(empty, Metric::bytes_per_s, kCeilings);
  EXPECT_EQ(r.verdict, Verdict::unknown);
  EXPECT_EQ(r.confidence, 0.0);
}

TEST(ClassifierEvidence, BusyFractionIsCappedAndSharesComputed) {
  WindowStats w = window(4, 1.5);  // overlapping kernels on several queues
  w.bytes = 1e9;
  w.api_wall_ns = 500'000'000;
  const Evidence e = make_evidence(w, Metric::bytes_per_s, kCeilings);
  EXPECT_DOUBLE_EQ(*e.device_busy, 1.0);
  EXPECT_DOUBLE_EQ(*e.api_overhead_share, 0.0);
  EXPECT_DOUBLE_EQ(*e.unaccounted_share, 0.0);
  EXPECT_NEAR(*e.mem_fraction_span, 1.0 / 20.0, 1e-12);
}

TEST(ClassifierJson, CeilingsAndTelemetryRoundTrip) {
  const nlohmann::json j = kCeilings;
  EXPECT_EQ(j.at("mem_gbs"), 20.0);
  const Ceilings back = j.get<Ceilings>();
  EXPECT_EQ(back.round_trip_us, 90.0);
  const nlohmann::json partial = Ceilings{std::nullopt, 5.0, {}, {}, {}, {}};
  EXPECT_TRUE(partial.at("mem_gbs").is_null());
  EXPECT_FALSE(partial.get<Ceilings>().mem_gbs.has_value());
  const nlohmann::json t = DeviceTelemetry{0.8, {"sw_power_cap"}};
  EXPECT_EQ(t.get<DeviceTelemetry>().throttle_reasons.at(0), "sw_power_cap");
  const nlohmann::json r = classify(stream_window(), Metric::bytes_per_s, kCeilings);
  EXPECT_EQ(r.at("verdict"), "memory-bound");
  EXPECT_EQ(r.at("off_gpu"), false);
  EXPECT_TRUE(r.at("evidence").at("clock_ratio").is_null());
}

// An observed program (run -- CMD): its bytes are copies, not kernel traffic,
// so a device busy with kernels is device-bound, never memory-bound.
TEST(ClassifierPlanted, ObservedProgramBusyWithKernelsIsDeviceBound) {
  WindowStats w = window(200, 0.95);
  w.bytes = 200 * 4096.0;  // small copies beside the kernels
  w.transfer_ns = 1'000'000;
  for (const Ceilings& c : {kCeilings, Ceilings{}}) {
    const VerdictResult r = classify(w, Metric::commands_per_s, c);
    EXPECT_EQ(r.verdict, Verdict::device_bound) << r.why;
    EXPECT_FALSE(r.evidence.mem_gbs.has_value());
  }
  // The same window counted as a workload's bytes stays memory-bound.
  EXPECT_EQ(classify(w, Metric::bytes_per_s, Ceilings{}).verdict, Verdict::memory_bound);
}

// With its kernels' work declared ([app.kernel."NAME"]), the same busy window
// is placed against the ceilings over kernel time, like clscope's own workloads.
TEST(ClassifierPlanted, ObservedProgramWithDeclaredWorkIsPlacedAgainstTheCeilings) {
  WindowStats w = window(200, 0.95);
  w.declared_bytes = 18.0e9 * 0.95;  // 18 GB/s over kernel time: 90% of 20 GB/s
  w.declared_ops = 0.5e9 * 0.95;
  VerdictResult r = classify(w, Metric::commands_per_s, kCeilings);
  EXPECT_EQ(r.verdict, Verdict::memory_bound) << r.why;
  EXPECT_NEAR(*r.evidence.mem_gbs, 18.0, 1e-9);
  EXPECT_NEAR(*r.evidence.mem_fraction, 0.9, 1e-9);

  w.declared_ops = 90.0e9 * 0.95;  // 90% of the compute ceiling
  w.declared_bytes = 1.0e9 * 0.95;
  r = classify(w, Metric::commands_per_s, kCeilings);
  EXPECT_EQ(r.verdict, Verdict::compute_bound) << r.why;

  w.declared_ops = 1.0e9 * 0.95;  // far below both
  r = classify(w, Metric::commands_per_s, kCeilings);
  EXPECT_EQ(r.verdict, Verdict::latency_bound) << r.why;

  w.declared_ops = 0;  // bytes only, no ceilings: memory-bound, less sure
  w.declared_bytes = 18.0e9 * 0.95;
  r = classify(w, Metric::commands_per_s, Ceilings{});
  EXPECT_EQ(r.verdict, Verdict::memory_bound) << r.why;
  EXPECT_LT(r.confidence, classify(w, Metric::commands_per_s, kCeilings).confidence);
}

TEST(ClassifierPlanted, ObservedProgramBusyWithCopiesIsTransferBound) {
  WindowStats w = window(16, 0.0);
  w.transfer_ns = static_cast<std::int64_t>(0.9 * 1e9);
  w.bytes = 16 * 64.0 * (1 << 20);
  EXPECT_EQ(classify(w, Metric::commands_per_s, Ceilings{}).verdict, Verdict::transfer_bound);
}

// ---- Contention: a workload well below its solo level beside another one ----

namespace {

/// The launch workload beside stream on a 2-core CPU device: 19.5 launches/s,
/// the device "94% busy" because stream's kernels hold the cores, so each tiny
/// kernel takes ~48 ms from START to END.
WindowStats launch_beside_stream() {
  WindowStats w = window(39, 0.0);
  w.span_ns = 2 * kSecond;
  w.t_end_s = 12;
  w.device_busy_ns = static_cast<std::int64_t>(0.94 * 2e9);
  w.bytes = 8.0 * 39;
  w.ops = 39;
  w.api_wall_ns = static_cast<std::int64_t>(0.97 * 2e9);
  w.wait_wall_ns = static_cast<std::int64_t>(0.95 * 2e9);
  return w;
}

VerdictResult contention(const WindowStats& w, std::optional<double> solo,
                         std::vector<std::string> others, const DeviceTelemetry* t = nullptr) {
  ContentionInput c{solo, std::move(others)};
  return classify(w, Metric::launches_per_s, kCeilings, t, &c);
}

}  // namespace

TEST(ClassifierContention, WellBelowSoloBesideAnotherWorkloadIsContended) {
  const WindowStats w = launch_beside_stream();
  // Alone, this window reads as the device's own latency: the misattribution.
  EXPECT_EQ(classify(w, Metric::launches_per_s, kCeilings).verdict, Verdict::latency_bound);
  const VerdictResult r = contention(w, 51.0, {"stream"});
  EXPECT_EQ(r.verdict, Verdict::contended) << r.why;
  EXPECT_FALSE(off_gpu(r.verdict));
  EXPECT_EQ(r.why, "at 19.5 launch/s, 62% below its solo 51 launch/s while stream runs");
  EXPECT_GT(r.confidence, 0.9);
  ASSERT_TRUE(r.evidence.below_solo.has_value());
  EXPECT_NEAR(*r.evidence.below_solo, 1 - 19.5 / 51, 1e-9);
  EXPECT_EQ(r.evidence.solo_level, 51.0);
  EXPECT_EQ(r.evidence.others_active, std::vector<std::string>{"stream"});
  const nlohmann::json j = r;
  EXPECT_EQ(j["verdict"], "contended");
  EXPECT_EQ(j["off_gpu"], false);
  EXPECT_EQ(j["evidence"]["solo_level"], 51.0);
  EXPECT_EQ(j["evidence"]["others_active"], nlohmann::json::array({"stream"}));
}

TEST(ClassifierContention, NamesEveryOtherWorkload) {
  const VerdictResult r = contention(launch_beside_stream(), 51.0, {"stream", "gemm"});
  EXPECT_EQ(r.verdict, Verdict::contended);
  EXPECT_NE(r.why.find("while stream and gemm run"), std::string::npos) << r.why;
}

TEST(ClassifierContention, NoOtherWorkloadActiveIsNotContended) {
  // Alone again (the other one paused or stopped): its own limits decide.
  const VerdictResult r = contention(launch_beside_stream(), 51.0, {});
  EXPECT_EQ(r.verdict, Verdict::latency_bound) << r.why;
  EXPECT_TRUE(r.evidence.others_active.empty());
  EXPECT_EQ(r.evidence.solo_level, 51.0);  // still in the evidence
}

TEST(ClassifierContention, NoSoloLevelIsNotContended) {
  const VerdictResult r = contention(launch_beside_stream(), std::nullopt, {"stream"});
  EXPECT_EQ(r.verdict, Verdict::latency_bound) << r.why;
  EXPECT_FALSE(r.evidence.below_solo.has_value());
  EXPECT_EQ(contention(launch_beside_stream(), 0.0, {"stream"}).verdict, Verdict::latency_bound);
}

TEST(ClassifierContention, ThresholdIsAQuarterBelowSolo) {
  const WindowStats w = launch_beside_stream();  // 19.5 launch/s
  // 19.5 = 0.76 x 25.66: 24% below, not "well below".
  EXPECT_EQ(contention(w, 19.5 / 0.76, {"stream"}).verdict, Verdict::latency_bound);
  // 19.5 = 0.74 x 26.35: 26% below, just past the threshold: low confidence.
  const VerdictResult just = contention(w, 19.5 / 0.74, {"stream"});
  EXPECT_EQ(just.verdict, Verdict::contended) << just.why;
  EXPECT_LT(just.confidence, 0.6);
  EXPECT_GE(just.confidence, 0.5);
  // Above its solo level: nothing was taken from it.
  EXPECT_EQ(contention(w, 15.0, {"stream"}).verdict, Verdict::latency_bound);
  EXPECT_DOUBLE_EQ(thresholds::kContendedDrop, 0.25);
}

TEST(ClassifierContention, ThrottledStillWins) {
  WindowStats w = launch_beside_stream();
  const DeviceTelemetry t{0.6, {"hw_thermal_slowdown"}};
  EXPECT_EQ(contention(w, 51.0, {"stream"}, &t).verdict, Verdict::throttled);
}

TEST(ClassifierContention, WinsOverOffGpuMisattributions) {
  // Idle device, submit thread in OpenCL calls: launch-bound alone, but far
  // below its solo level while stream runs (its calls wait for the cores).
  WindowStats w = window(11'000, 11'000 * 5e-6);
  w.api_wall_ns = static_cast<std::int64_t>(0.97 * 1e9);
  w.wait_wall_ns = static_cast<std::int64_t>(0.80 * 1e9);
  ContentionInput c{30'000.0, {"stream"}};
  EXPECT_EQ(classify(w, Metric::launches_per_s, kCeilings).verdict, Verdict::launch_bound);
  const VerdictResult r = classify(w, Metric::launches_per_s, kCeilings, nullptr, &c);
  EXPECT_EQ(r.verdict, Verdict::contended) << r.why;
  // Nothing completed: unknown, whatever the others do.
  WindowStats none = window(0, 0.0);
  EXPECT_EQ(classify(none, Metric::launches_per_s, kCeilings, nullptr, &c).verdict,
            Verdict::unknown);
}
