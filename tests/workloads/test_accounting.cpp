// Bytes and operations each workload accounts per launch (documented in the
// workload headers and the man page).
#include <gtest/gtest.h>

#include <vector>

#include "workloads/Buffers.hpp"
#include "workloads/Compute.hpp"
#include "workloads/Stream.hpp"

using namespace clscope::workloads;

TEST(Accounting, StreamCountsArraysTouchedAsStreamDoes) {
  const std::uint64_t n = 1000;
  EXPECT_DOUBLE_EQ(stream_bytes(StreamOp::copy, n), 8000);
  EXPECT_DOUBLE_EQ(stream_bytes(StreamOp::scale, n), 8000);
  EXPECT_DOUBLE_EQ(stream_bytes(StreamOp::add, n), 12000);
  EXPECT_DOUBLE_EQ(stream_bytes(StreamOp::triad, n), 12000);
  EXPECT_DOUBLE_EQ(stream_ops(StreamOp::copy, n), 0);
  EXPECT_DOUBLE_EQ(stream_ops(StreamOp::scale, n), 1000);
  EXPECT_DOUBLE_EQ(stream_ops(StreamOp::add, n), 1000);
  EXPECT_DOUBLE_EQ(stream_ops(StreamOp::triad, n), 2000);
}

TEST(Accounting, ComputeCountsTwoOpsPerFmaPerLane) {
  // 1024 work-items x 256 rounds x 8 chains x 2 x 4 lanes.
  EXPECT_DOUBLE_EQ(compute_ops(1024, 256, 4), 1024.0 * 256 * 8 * 2 * 4);
  EXPECT_DOUBLE_EQ(compute_ops(1, 1, 1), 16);
  EXPECT_DOUBLE_EQ(compute_ops(1, 1, 1, 16), 32);  // the calibration's 16-chain variant
  EXPECT_DOUBLE_EQ(compute_ops(1, 1, 1, 4), 8);
}

TEST(Accounting, ComputeReferenceFollowsTheRecurrence) {
  // x <- x*a + b, eight chains starting at x0 + k/8, summed.
  double expect = 0;
  for (int k = 0; k < 8; ++k) {
    double x = 0.5 + 0.125 * k;
    x = x * 0.5 + 1.0;
    x = x * 0.5 + 1.0;
    expect += x;
  }
  EXPECT_DOUBLE_EQ(compute_reference(0.5, 0.5, 1.0, 2), expect);
}

#include "workloads/Calibration.hpp"

TEST(SpecEstimates, PcieLinkRatePerGenerationTimesWidth) {
  EXPECT_NEAR(*pcie_link_gbs(3, 16), 15.76, 1e-9);
  EXPECT_NEAR(*pcie_link_gbs(4, 16), 31.504, 1e-9);
  EXPECT_NEAR(*pcie_link_gbs(5, 8), 31.504, 1e-9);
  EXPECT_FALSE(pcie_link_gbs(0, 16).has_value());
  EXPECT_FALSE(pcie_link_gbs(7, 16).has_value());
  EXPECT_FALSE(pcie_link_gbs(4, 0).has_value());
}

TEST(SpecEstimates, ComputeFromUnitsClockAndLanes) {
  DeviceInfo cpu;
  cpu.type = "CPU";
  cpu.compute_units = 2;
  cpu.max_clock_mhz = 2500;
  cpu.native_vector_width_float = 16;
  auto e = spec_estimates(cpu);
  ASSERT_TRUE(e.compute_gflops.has_value());
  EXPECT_DOUBLE_EQ(*e.compute_gflops, 2 * 2500 * 32 * 2 / 1000.0);
  DeviceInfo h100;
  h100.type = "GPU";
  h100.compute_units = 132;
  h100.max_clock_mhz = 1980;
  h100.nv_compute_capability = 90;
  e = spec_estimates(h100);
  EXPECT_NEAR(*e.compute_gflops, 132 * 1980 * 128 * 2 / 1000.0, 1e-6);
  DeviceInfo unknown;
  unknown.type = "accelerator";
  EXPECT_FALSE(spec_estimates(unknown).compute_gflops.has_value());
}

TEST(Accounting, RandomSlicesMatchTheWholeArray) {
  // Stream fills and checks its arrays slice by slice; every slice, aligned
  // to a generator block or not, must equal the same span of the whole fill.
  const std::size_t n = 3 * 64 * 1024 + 123;
  std::vector<float> whole(n);
  fill_random(whole.data(), n, 42);
  for (std::size_t first : {std::size_t{0}, std::size_t{1}, std::size_t{65536}, std::size_t{70000}}) {
    const std::size_t len = n - first - 7;
    std::vector<float> slice(len);
    fill_random_at(slice.data(), first, len, 42);
    for (std::size_t i = 0; i < len; i += 997) ASSERT_EQ(slice[i], whole[first + i]) << first;
    ASSERT_EQ(slice[len - 1], whole[first + len - 1]);
  }
}
