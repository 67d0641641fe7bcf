// The busy-host guard's device part: NVML's process list of the GPU, less
// clscope itself (an OpenCL context on an NVIDIA GPU is a compute process).
#include <gtest/gtest.h>

#include "app/run/CalibrationWatch.hpp"

using namespace clscope;

TEST(CalibrationWatch, OtherProcessesOnTheDeviceMakeItBusy) {
  std::vector<probes::NvmlProcess> ps(3);
  ps[0].pid = 100;  // clscope
  ps[0].kind = "compute";
  ps[1].pid = 4242;
  ps[1].kind = "compute";
  ps[2].pid = 77;
  ps[2].kind = "utilization-only";  // gone from the lists: not a user now
  auto u = app::other_gpu_users(ps, 100);
  EXPECT_TRUE(u.busy);
  EXPECT_EQ(u.text, "pid 4242 (compute) on the device (NVML)");
  u = app::other_gpu_users({ps[0], ps[2]}, 100);
  EXPECT_FALSE(u.busy);
  EXPECT_EQ(u.text, "no other process on the device (NVML)");
}

TEST(CalibrationWatch, WithoutAPciAddressTheDeviceIsNotWatched) {
  probes::ProbeOptions o;
  o.root.procfs = std::string(CLSCOPE_SOURCE_DIR) + "/tests/fixtures/none/proc";
  auto finish = app::node_load_watch(o, std::nullopt)();
  const auto seen = finish();
  EXPECT_FALSE(seen.device_busy);
  EXPECT_EQ(seen.device, "device not watched: no PCI address");
}
