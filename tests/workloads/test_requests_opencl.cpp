// GEMM, pipeline and custom workloads on the OpenCL device present (POCL
// here): results against host references, the pipeline's request accounting
// through the Runner, custom-kernel error paths, and the Runner's
// start_after_s / stop_after_s / launch limit.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <regex>
#include <thread>

#include "core/Aggregator.hpp"
#include "core/RequestReport.hpp"
#include "core/Time.hpp"
#include "workloads/ClError.hpp"
#include "workloads/Custom.hpp"
#include "workloads/DeviceSelect.hpp"
#include "workloads/Gemm.hpp"
#include "workloads/Launch.hpp"
#include "workloads/Pipeline.hpp"
#include "workloads/Runner.hpp"
#include "tests/workloads/DeviceFixture.hpp"

using namespace clscope;
using namespace clscope::workloads;

namespace {

class RequestsOnDevice : public test::OnDevice {};

CommonOptions common(bool verify = true) {
  CommonOptions c;
  c.name = "t";
  c.verify = verify;
  c.in_flight = 1;
  return c;
}

void wait_for(const Runner& r, const std::function<bool(const RunnerStatus&)>& done,
              double timeout_s = 60) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (std::chrono::steady_clock::now() < until) {
    const RunnerStatus st = r.status();
    if (done(st) || st.state == RunState::failed) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string setup_error(const Device& device, CustomOptions o) {
  CustomWorkload w(common(false), std::move(o));
  cl::CommandQueue q = device.make_queue();
  ApiMeter m;
  try {
    w.setup(device, q, m);
  } catch (const UnsupportedError& e) {
    return e.what();
  }
  ADD_FAILURE() << "setup succeeded";
  return {};
}

CustomOptions scale_kernel(const std::string& source, const std::string& args) {
  CustomOptions o;
  o.source = source;
  o.origin = "mykernels/scale.cl";
  o.kernel = "scale";
  o.buffers.push_back({"x", 4096, BufferInit::sequence, BufferAccess::read_write, {}});
  o.global = {1024};
  std::size_t start = 0;
  for (;;) {  // args: comma-separated "x" or "float:2"
    const auto comma = args.find(',', start);
    std::string item = args.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    CustomArg a;
    a.text = item;
    if (item.rfind("float:", 0) == 0) {
      a.kind = CustomArg::Kind::scalar;
      a.type = "float";
      const float v = std::stof(item.substr(6));
      a.value.resize(4);
      std::memcpy(a.value.data(), &v, 4);
    } else if (item.rfind("int:", 0) == 0) {
      a.kind = CustomArg::Kind::scalar;
      a.type = "int";
      const int v = std::stoi(item.substr(4));
      a.value.resize(4);
      std::memcpy(a.value.data(), &v, 4);
    } else {
      a.kind = CustomArg::Kind::buffer;
      a.buffer = item;
    }
    o.args.push_back(a);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return o;
}

const char* kScaleSource =
    "__kernel void scale(__global float* x, const float factor) {\n"
    "  const size_t i = get_global_id(0);\n"
    "  x[i] = x[i] * factor;\n"
    "}\n";

}  // namespace

TEST_F(RequestsOnDevice, GemmMatchesTheHostReferenceForEveryTile) {
  for (int tile : {8, 16, 32}) {
    GemmOptions o;
    o.m = 100;  // rounded up to the tile
    o.n = 70;
    o.k = 50;
    o.tile = tile;
    GemmWorkload w(common(), o);
    cl::CommandQueue q = device_->make_queue();
    ApiMeter m;
    const SetupInfo info = w.setup(*device_, q, m);
    EXPECT_EQ(info.verification.rfind("ok:", 0), 0u) << info.verification;
    EXPECT_NE(info.verification.find("(all)"), std::string::npos);  // small: every entry checked
    const auto mm = gemm_round_up(100, tile), nn = gemm_round_up(70, tile), kk = gemm_round_up(50, tile);
    EXPECT_EQ(info.resolved["m"], mm);
    EXPECT_DOUBLE_EQ(info.ops_per_launch, 2.0 * static_cast<double>(mm * nn * kk));
    const Launch l = w.enqueue(q, m);
    l.event.wait();
    EXPECT_DOUBLE_EQ(l.ops, info.ops_per_launch);
    EXPECT_EQ(w.verify_after(q, 1).rfind("ok:", 0), 0u);
  }
}

TEST_F(RequestsOnDevice, GemmLargeSizeIsSampled) {
  GemmOptions o;
  o.m = o.n = o.k = 640;
  GemmWorkload w(common(), o);
  cl::CommandQueue q = device_->make_queue();
  ApiMeter m;
  const SetupInfo info = w.setup(*device_, q, m);
  EXPECT_NE(info.verification.find("sampled"), std::string::npos) << info.verification;
}

TEST(GemmCheck, CatchesAWrongEntry) {
  const std::uint64_t n = 16;
  std::vector<float> a(n * n, 0.5f), b(n * n, 2.0f), c(n * n, static_cast<float>(n));
  EXPECT_EQ(gemm_check(a, b, c, n, n, n, {}), n * n);
  c[37] += 0.01f;
  try {
    gemm_check(a, b, c, n, n, n, {});
    FAIL();
  } catch (const VerificationError& e) {
    EXPECT_NE(std::string(e.what()).find("C[2][5]"), std::string::npos) << e.what();
  }
  EXPECT_EQ(gemm_check(a, b, c, n, n, n, {1, 2, 3}), 3u);  // the sample avoids the bad entry
}

TEST_F(RequestsOnDevice, PipelineChainMatchesTheHostReference) {
  PipelineOptions o;
  o.dim = 40;      // rounded up to 48
  o.hidden = 70;   // rounded up to 80
  o.sizes.max = 64;
  o.batching.max_batch = 4;
  o.queues = 2;
  PipelineWorkload w(common(), o);
  cl::CommandQueue q = device_->make_queue();
  ApiMeter m;
  const SetupInfo info = w.setup(*device_, q, m);
  EXPECT_EQ(info.verification.rfind("ok:", 0), 0u) << info.verification;
  EXPECT_EQ(w.dim(), 48u);
  EXPECT_EQ(w.hidden(), 80u);
  // A batch of four requests of 1, 13, 64 and 30 rows on the second queue.
  std::vector<core::Request> batch{{5, 0, 1}, {6, 0, 13}, {7, 0, 64}, {8, 0, 30}};
  const std::vector<float> z = w.run_batch_sync(batch, 1);
  ASSERT_EQ(z.size(), (1u + 13 + 64 + 30) * 80);
  std::size_t row0 = 0;
  for (const auto& r : batch) {
    std::vector<float> x(r.rows * 48);
    pipeline_request_input(1, r.id, r.rows, 48, x.data());
    const auto ref = pipeline_reference(x, r.rows, w.weights(), w.gamma(), w.beta(), 48, 80);
    for (std::size_t i = 0; i < ref.size(); ++i)
      ASSERT_NEAR(z[row0 * 80 + i], ref[i], 1e-4 * std::fabs(ref[i]) + 1e-5)
          << "request " << r.id << " element " << i;
    row0 += r.rows;
  }
}

TEST_F(RequestsOnDevice, PipelineThroughTheRunnerAccountsEveryRequest) {
  PipelineOptions o;
  o.arrivals.kind = core::ArrivalKind::constant;
  o.arrivals.rate_hz = 200;
  o.sizes.kind = core::SizeKind::uniform;
  o.sizes.min = 1;
  o.sizes.max = 32;
  o.dim = 64;
  o.hidden = 64;
  o.batching.max_batch = 4;
  o.batching.max_wait_ns = 1'000'000;
  const std::int64_t origin = core::now_ns();
  core::Aggregator agg(1, origin);
  Runner r(*device_, std::make_unique<PipelineWorkload>(common(true), o), 0, agg);
  r.start();
  wait_for(r, [](const RunnerStatus& st) { return st.state == RunState::running; });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  r.request_stop();
  r.join();
  const RunnerStatus st = r.status();
  ASSERT_EQ(st.state, RunState::stopped) << st.error;
  EXPECT_EQ(st.verify_after_result.rfind("ok:", 0), 0u) << st.verify_after_result;
  const auto windows = agg.close_window(core::now_ns());
  ASSERT_TRUE(windows[0].request);
  const core::RequestWindow& rw = *windows[0].request;
  // About 300 arrivals in 1.5 s at 200/s (the run also spent a little time
  // before and after); nothing is dropped or times out with no limits.
  EXPECT_GT(rw.arrived, 200u);
  EXPECT_LT(rw.arrived, 500u);
  EXPECT_EQ(rw.dropped + rw.timed_out, 0u);
  EXPECT_LE(rw.completed(), rw.arrived);
  EXPECT_GE(rw.completed() + 8, rw.arrived);  // at most a batch or two left waiting
  EXPECT_EQ(windows[0].requests, rw.completed());
  EXPECT_EQ(windows[0].iterations, rw.batches() * 5);  // five commands per batch
  std::uint64_t in_batches = 0;
  for (std::size_t i = 0; i < rw.batch_counts.size(); ++i) {
    EXPECT_LE(i + 1, 4u);  // max_batch
    in_batches += (i + 1) * rw.batch_counts[i];
  }
  EXPECT_EQ(in_batches, rw.completed());
  EXPECT_GT(*rw.latency_ns.min(), 0);
  EXPECT_GT(windows[0].transfer_ns, 0);
  EXPECT_GT(windows[0].device_busy_ns, 0);
  EXPECT_GT(windows[0].ops, 0);
}

TEST_F(RequestsOnDevice, CustomKernelRunsAndReportsItsOutputs) {
  CustomOptions o = scale_kernel(kScaleSource, "x, float:2");
  o.bytes_per_item = 8;
  CustomWorkload w(common(false), std::move(o));
  EXPECT_EQ(w.metric(), core::Metric::bytes_per_s);
  cl::CommandQueue q = device_->make_queue();
  ApiMeter m;
  const SetupInfo info = w.setup(*device_, q, m);
  // x = 0, 1, 2, ... doubled: every word but x[0] changed.
  EXPECT_NE(info.verification.find("x: 1023 of 1024 words changed, 0 NaN/Inf"), std::string::npos)
      << info.verification;
  EXPECT_DOUBLE_EQ(info.bytes_per_launch, 8.0 * 1024);
}

TEST_F(RequestsOnDevice, CustomBuildErrorShowsTheUsersFileAndLine) {
  const std::string broken =
      "__kernel void scale(__global float* x, const float factor) {\n"
      "  x[get_global_id(0)] *= factor\n"
      "}\n";
  const std::string e = setup_error(*device_, scale_kernel(broken, "x, float:2"));
  EXPECT_NE(e.find("CL_BUILD_PROGRAM_FAILURE"), std::string::npos) << e;
  EXPECT_NE(e.find("mykernels/scale.cl:2:"), std::string::npos) << e;
  // No other source path (the compiler's temporary file) is left in the log.
  const std::regex other_path(R"((/[^\s:'"]+)+\.cl)");
  std::smatch m;
  for (auto it = e.cbegin(); std::regex_search(it, e.cend(), m, other_path); it = m[0].second)
    EXPECT_EQ(m.str(), "/scale.cl") << e;
}

TEST_F(RequestsOnDevice, CustomWrongArgumentsNameTheArgument) {
  EXPECT_EQ(setup_error(*device_, scale_kernel(kScaleSource, "x, x")),
            "kernel 'scale' argument 1 ('factor'): expects float, got a buffer ('x')");
  EXPECT_EQ(setup_error(*device_, scale_kernel(kScaleSource, "x, int:2")),
            "kernel 'scale' argument 1 ('factor'): expects float, got int:2 (write float:VALUE)");
  EXPECT_EQ(setup_error(*device_, scale_kernel(kScaleSource, "float:2, x")),
            "kernel 'scale' argument 0 ('x'): expects a __global float* buffer, got float:2");
  const std::string count = setup_error(*device_, scale_kernel(kScaleSource, "x"));
  EXPECT_EQ(count, "kernel 'scale' takes 2 arguments (float* x, float factor) but args lists 1 (x)");
  CustomOptions wrong_name = scale_kernel(kScaleSource, "x, float:2");
  wrong_name.kernel = "scal";
  EXPECT_NE(setup_error(*device_, wrong_name).find("no kernel 'scal' in mykernels/scale.cl (it defines: scale)"),
            std::string::npos);
  CustomOptions bad_local = scale_kernel(kScaleSource, "x, float:2");
  bad_local.local = {100};
  EXPECT_NE(setup_error(*device_, bad_local).find("local size 100 does not divide global size 1024"),
            std::string::npos);
}

TEST_F(RequestsOnDevice, RunnerHonoursStartAfterAndStopAfter) {
  const std::int64_t origin = core::now_ns();
  core::Aggregator agg(1, origin);
  CommonOptions c = common(false);
  c.start_after_s = 0.8;
  c.stop_after_s = 1.6;
  Runner r(*device_, std::make_unique<LaunchWorkload>(c, LaunchOptions{}), 0, agg);
  r.start();
  wait_for(r, [](const RunnerStatus& st) { return st.state == RunState::waiting; });
  EXPECT_EQ(r.status().state, RunState::waiting) << r.status().error;
  // Before the start time nothing is timed (setup may still be finishing).
  while (core::now_ns() < origin + 600'000'000) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto early = agg.close_window(core::now_ns());
  EXPECT_EQ(early[0].iterations, 0u);
  // It stops by itself at stop_after_s.
  wait_for(r, [](const RunnerStatus& st) { return st.state == RunState::stopped; }, 30);
  ASSERT_EQ(r.status().state, RunState::stopped) << r.status().error;
  EXPECT_GE(core::now_ns(), origin + 1'600'000'000);
  const auto later = agg.close_window(core::now_ns());
  EXPECT_GT(later[0].iterations, 0u);
  r.join();
}

TEST_F(RequestsOnDevice, RunnerStopsAfterMaxLaunches) {
  core::Aggregator agg(1, core::now_ns());
  CommonOptions c = common(false);
  c.max_launches = 7;
  c.in_flight = 3;
  Runner r(*device_, std::make_unique<LaunchWorkload>(c, LaunchOptions{}), 0, agg);
  r.start();
  wait_for(r, [](const RunnerStatus& st) { return st.state == RunState::stopped; }, 30);
  ASSERT_EQ(r.status().state, RunState::stopped) << r.status().error;
  EXPECT_EQ(r.status().launches, 7u);
  EXPECT_EQ(agg.close_window(core::now_ns())[0].iterations, 7u);
  r.join();
}
