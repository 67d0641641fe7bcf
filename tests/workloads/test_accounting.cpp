// Bytes and operations each workload accounts per launch (documented in the
// workload headers and the man page).
#include <gtest/gtest.h>

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
