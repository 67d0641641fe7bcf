// Each workload on the OpenCL device present (POCL here): setup checks the
// result against the host reference; the runner's timestamps are sane; the
// accounting matches what was launched; verify=true re-checks after the run.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/Aggregator.hpp"
#include "core/Time.hpp"
#include "workloads/ClError.hpp"
#include "workloads/Compute.hpp"
#include "workloads/DeviceSelect.hpp"
#include "workloads/Launch.hpp"
#include "workloads/Runner.hpp"
#include "workloads/Stream.hpp"
#include "workloads/Transfer.hpp"
#include "tests/workloads/DeviceFixture.hpp"

using namespace clscope;
using namespace clscope::workloads;

namespace {

class WorkloadsOnDevice : public test::OnDevice {};

CommonOptions common(int in_flight = 2, bool verify = true) {
  CommonOptions c;
  c.name = "t";
  c.in_flight = in_flight;
  c.verify = verify;
  return c;
}

void expect_sane(const core::WindowStats& w, std::uint64_t at_least) {
  EXPECT_GE(w.iterations, at_least);
  EXPECT_GT(w.span_ns, 0);
  EXPECT_GE(w.api_calls, w.iterations * 2);  // enqueue + wait at least
  EXPECT_GT(w.api_wall_ns, 0);
  EXPECT_GE(w.api_cpu_ns, 0);
}

}  // namespace

TEST_F(WorkloadsOnDevice, StreamEveryOpMatchesTheHostReference) {
  for (StreamOp op : {StreamOp::copy, StreamOp::scale, StreamOp::add, StreamOp::triad}) {
    for (int vec : {1, 4, 16}) {
      StreamOptions o{op, vec, 4u << 20};
      cl::CommandQueue q = device_->make_queue();
      ApiMeter m;
      StreamWorkload w(common(), o);
      SetupInfo info = w.setup(*device_, q, m);
      EXPECT_EQ(info.verification.rfind("ok:", 0), 0u) << info.verification;
      EXPECT_DOUBLE_EQ(info.bytes_per_launch, stream_bytes(op, (4u << 20) / 4));
      EXPECT_GT(info.build_ms, 0);
      EXPECT_GT(info.first_launch_ms, 0);
      // Five more launches leave the (idempotent) result unchanged.
      for (int i = 0; i < 5; ++i) w.enqueue(q, m).event.wait();
      EXPECT_EQ(w.verify_after(q, 5).rfind("ok:", 0), 0u);
    }
  }
}

TEST_F(WorkloadsOnDevice, StreamRetargetReusesTheArraysWithTheNewOp) {
  // The calibration tries several variants on one set of arrays.
  cl::CommandQueue q = device_->make_queue();
  ApiMeter m;
  StreamWorkload w(common(), StreamOptions{StreamOp::triad, 4, 4u << 20});
  w.setup(*device_, q, m);
  w.retarget(*device_, StreamOp::triad, 16);
  for (int i = 0; i < 3; ++i) w.enqueue(q, m).event.wait();
  EXPECT_EQ(w.verify_after(q, 3).rfind("ok:", 0), 0u);  // triad is idempotent
  w.retarget(*device_, StreamOp::copy, 16);
  const Launch l = w.enqueue(q, m);
  l.event.wait();
  EXPECT_DOUBLE_EQ(l.bytes, stream_bytes(StreamOp::copy, (4u << 20) / 4));
  StreamWorkload odd(common(), StreamOptions{StreamOp::triad, 1, 4 * 1001});
  odd.setup(*device_, q, m);
  EXPECT_THROW(odd.retarget(*device_, StreamOp::triad, 16), UnsupportedError);
}

TEST_F(WorkloadsOnDevice, RunnerTimestampsAreOrderedAndAccountingAddsUp) {
  core::Aggregator agg(1, core::now_ns());
  StreamOptions o{StreamOp::triad, 4, 8u << 20};
  Runner r(*device_, std::make_unique<StreamWorkload>(common(2), o), 0, agg);
  r.start();
  while (r.status().launches < 20 && r.status().state != RunState::failed)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  r.request_stop();
  r.join();
  ASSERT_EQ(r.status().state, RunState::stopped) << r.status().error;
  EXPECT_EQ(r.status().verify_after_result.rfind("ok:", 0), 0u);
  auto w = agg.close_window(core::now_ns()).at(0);
  expect_sane(w, 20);
  EXPECT_DOUBLE_EQ(w.bytes, static_cast<double>(w.iterations) * stream_bytes(StreamOp::triad, 2u << 20));
  EXPECT_GT(w.device_busy_ns, 0);
  EXPECT_EQ(w.transfer_ns, 0);
  ASSERT_TRUE(w.dispatch_us_p50.has_value());
  EXPECT_GE(*w.dispatch_us_p50, 0.0);
}

TEST_F(WorkloadsOnDevice, ProfilingTimestampsAreMonotonicPerLaunch) {
  cl::CommandQueue q = device_->make_queue();
  ApiMeter m;
  LaunchWorkload w(common(1), LaunchOptions{1});
  w.setup(*device_, q, m);
  for (int i = 0; i < 50; ++i) {
    Launch l = w.enqueue(q, m);
    l.event.wait();
    const auto queued = l.event.getProfilingInfo<CL_PROFILING_COMMAND_QUEUED>();
    const auto submit = l.event.getProfilingInfo<CL_PROFILING_COMMAND_SUBMIT>();
    const auto start = l.event.getProfilingInfo<CL_PROFILING_COMMAND_START>();
    const auto end = l.event.getProfilingInfo<CL_PROFILING_COMMAND_END>();
    EXPECT_LE(queued, submit);
    EXPECT_LE(submit, start);
    EXPECT_LE(start, end);
  }
  EXPECT_EQ(w.verify_after(q, 50), "ok: counter equals the 50 launches");
}

TEST_F(WorkloadsOnDevice, LaunchCountsEveryTimedLaunch) {
  core::Aggregator agg(1, core::now_ns());
  Runner r(*device_, std::make_unique<LaunchWorkload>(common(4), LaunchOptions{1}), 0, agg);
  r.start();
  while (r.status().launches < 200 && r.status().state != RunState::failed)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  r.request_stop();
  r.join();
  ASSERT_EQ(r.status().state, RunState::stopped) << r.status().error;
  // verify_after compares the device counter with the runner's launch count.
  EXPECT_EQ(r.status().verify_after_result.rfind("ok:", 0), 0u) << r.status().verify_after_result;
  auto w = agg.close_window(core::now_ns()).at(0);
  EXPECT_EQ(w.iterations, r.status().launches);
  ASSERT_TRUE(w.round_trip_us_p50 && w.dispatch_us_p50);
  EXPECT_GT(*w.round_trip_us_p50, 0.0);
  EXPECT_DOUBLE_EQ(w.ops, static_cast<double>(w.iterations));
}

TEST_F(WorkloadsOnDevice, ComputeEveryVectorWidthMatchesTheReference) {
  for (int vec : {1, 2, 4, 8, 16}) {
    cl::CommandQueue q = device_->make_queue();
    ApiMeter m;
    ComputeWorkload w(common(), ComputeOptions{Precision::f32, vec, 4096, 64});
    SetupInfo info = w.setup(*device_, q, m);
    EXPECT_EQ(info.verification.rfind("ok:", 0), 0u) << info.verification;
    EXPECT_DOUBLE_EQ(info.ops_per_launch, compute_ops(4096, 64, vec));
  }
}

TEST_F(WorkloadsOnDevice, ComputeChainCountsMatchTheReference) {
  for (int chains : {4, 8, 16}) {
    cl::CommandQueue q = device_->make_queue();
    ApiMeter m;
    ComputeWorkload w(common(), ComputeOptions{Precision::f32, 8, 4096, 64, chains});
    SetupInfo info = w.setup(*device_, q, m);
    EXPECT_EQ(info.verification.rfind("ok:", 0), 0u) << chains << ": " << info.verification;
    EXPECT_DOUBLE_EQ(info.ops_per_launch, compute_ops(4096, 64, 8, chains));
    EXPECT_NE(info.description.find(std::to_string(chains) + " chains"), std::string::npos);
  }
  ComputeWorkload bad(common(), ComputeOptions{Precision::f32, 8, 4096, 64, 5});
  cl::CommandQueue q = device_->make_queue();
  ApiMeter m;
  EXPECT_THROW(bad.setup(*device_, q, m), UnsupportedError);
}

TEST_F(WorkloadsOnDevice, ComputeDoubleWhenSupportedElseAClearError) {
  cl::CommandQueue q = device_->make_queue();
  ApiMeter m;
  ComputeWorkload dbl(common(), ComputeOptions{Precision::f64, 4, 2048, 64});
  if (device_->info().fp64) {
    EXPECT_EQ(dbl.setup(*device_, q, m).verification.rfind("ok:", 0), 0u);
  } else {
    EXPECT_THROW(dbl.setup(*device_, q, m), UnsupportedError);
  }
  ComputeWorkload half(common(), ComputeOptions{Precision::f16, 4, 2048, 16});
  if (device_->info().fp16) {
    EXPECT_EQ(half.setup(*device_, q, m).verification.rfind("ok:", 0), 0u);
  } else {
    try {
      half.setup(*device_, q, m);
      FAIL() << "expected UnsupportedError";
    } catch (const UnsupportedError& e) {
      EXPECT_NE(std::string(e.what()).find("cl_khr_fp16"), std::string::npos);
    }
  }
}

TEST_F(WorkloadsOnDevice, TransferEveryDirectionAndModeMovesTheRightBytes) {
  for (TransferDir dir : {TransferDir::h2d, TransferDir::d2h, TransferDir::both}) {
    for (TransferMode mode : {TransferMode::pageable, TransferMode::pinned}) {
      cl::CommandQueue q = device_->make_queue();
      ApiMeter m;
      TransferWorkload w(common(), TransferOptions{dir, mode, 1u << 20});
      SetupInfo info = w.setup(*device_, q, m);
      EXPECT_EQ(info.verification.rfind("ok:", 0), 0u) << info.verification;
      EXPECT_FALSE(info.zero_copy);
      EXPECT_EQ(w.metric(), core::Metric::bytes_per_s);
      Launch l = w.enqueue(q, m);
      l.event.wait();
      EXPECT_TRUE(l.transfer);
      EXPECT_DOUBLE_EQ(l.bytes, 1u << 20);
      EXPECT_EQ(w.verify_after(q, 1).rfind("ok:", 0), 0u);
    }
  }
}

TEST_F(WorkloadsOnDevice, MappedOnASharedMemoryDeviceIsZeroCopyNotBandwidth) {
  cl::CommandQueue q = device_->make_queue();
  ApiMeter m;
  TransferWorkload w(common(), TransferOptions{TransferDir::h2d, TransferMode::mapped, 1u << 20});
  SetupInfo info = w.setup(*device_, q, m);
  const bool shared = device_->info().host_unified_memory || device_->info().is_cpu();
  EXPECT_EQ(info.zero_copy, shared);
  if (shared) {
    EXPECT_EQ(w.metric(), core::Metric::maps_per_s);
    EXPECT_DOUBLE_EQ(info.bytes_per_launch, 0);
    EXPECT_NE(info.description.find("zero-copy"), std::string::npos);
  }
}
