// The spec table reproduces vendors' published FP32 peaks from what the
// devices report through OpenCL (compute units, max clock, compute
// capability or gfx target).
#include <gtest/gtest.h>

#include "workloads/Calibration.hpp"
#include "workloads/SpecTable.hpp"

using namespace clscope::workloads;

namespace {
DeviceInfo gpu(const std::string& name, const std::string& vendor, unsigned cus, unsigned mhz,
               std::optional<int> cc = std::nullopt) {
  DeviceInfo d;
  d.type = "GPU";
  d.name = name;
  d.vendor = vendor;
  d.compute_units = cus;
  d.max_clock_mhz = mhz;
  d.nv_compute_capability = cc;
  return d;
}
double tflops(const DeviceInfo& d) {
  auto e = spec_estimates(d);
  EXPECT_TRUE(e.compute_gflops.has_value()) << d.name << ": " << e.compute_basis;
  return e.compute_gflops.value_or(0) / 1000.0;
}
}  // namespace

// Published figures (FP32, non-tensor): NVIDIA H100 SXM5 67 TFLOP/s, A100
// 19.5, Tesla P100 SXM2 10.6, GTX 1080 8.873; AMD MI300X 163.4, MI250X 47.9,
// RX 7900 XTX 61.4; Intel Arc A770 19.66, HD Graphics 530 (Gen9) 0.4416.
TEST(SpecTable, ReproducesPublishedNvidiaPeaks) {
  EXPECT_NEAR(tflops(gpu("NVIDIA H100 80GB HBM3", "NVIDIA Corporation", 132, 1980, 90)), 67.0, 0.2);
  EXPECT_NEAR(tflops(gpu("NVIDIA A100-SXM4-40GB", "NVIDIA Corporation", 108, 1410, 80)), 19.5, 0.05);
  EXPECT_NEAR(tflops(gpu("Tesla P100-SXM2-16GB", "NVIDIA Corporation", 56, 1480, 60)), 10.6, 0.05);
  EXPECT_NEAR(tflops(gpu("NVIDIA GeForce GTX 1080", "NVIDIA Corporation", 20, 1733, 61)), 8.873, 0.01);
}

TEST(SpecTable, ReproducesPublishedAmdPeaks) {
  const std::string amd = "Advanced Micro Devices, Inc.";
  EXPECT_NEAR(tflops(gpu("gfx942:sramecc+:xnack-", amd, 304, 2100)), 163.4, 0.1);
  EXPECT_NEAR(tflops(gpu("gfx90a:sramecc+:xnack-", amd, 220, 1700)), 47.9, 0.05);
  EXPECT_NEAR(tflops(gpu("gfx1100", amd, 96, 2500)), 61.4, 0.05);
}

TEST(SpecTable, ReproducesPublishedIntelPeaks) {
  const std::string intel = "Intel(R) Corporation";
  EXPECT_NEAR(tflops(gpu("Intel(R) Arc(TM) A770 Graphics", intel, 512, 2400)), 19.66, 0.01);
  EXPECT_NEAR(tflops(gpu("Intel(R) HD Graphics 530", intel, 24, 1150)), 0.4416, 0.0005);
}

TEST(SpecTable, PascalConsumerAndDatacenterDiffer) {
  EXPECT_EQ(nvidia_lanes(60)->lanes, 64);
  EXPECT_EQ(nvidia_lanes(61)->lanes, 128);
  EXPECT_FALSE(nvidia_lanes(20).has_value());
}

TEST(SpecTable, AmdDualIssueIsStatedInTheBasis) {
  auto r = amd_lanes("gfx1100");
  ASSERT_TRUE(r.has_value());
  EXPECT_NE(r->basis.find("dual issue"), std::string::npos);
  EXPECT_FALSE(amd_lanes("Radeon something").has_value());
}

TEST(SpecTable, UnknownDeviceHasNoEstimate) {
  DeviceInfo d;
  d.type = "accelerator";
  d.compute_units = 4;
  d.max_clock_mhz = 1000;
  EXPECT_FALSE(spec_estimates(d).compute_gflops.has_value());
}
