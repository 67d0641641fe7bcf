#include <gtest/gtest.h>

#include <thread>

#include "TestUtil.hpp"
#include "probes/DeviceProbes.hpp"

namespace p = clscope::probes;
namespace t = clscope::probes::test;

TEST(CpuDevice, CpufreqRaplAndCoretemp) {
  const auto root = t::fixture_root("cpufreq");
  auto probe = p::make_cpu_device_probe(root);
  const auto* info = probe->device_info();
  ASSERT_NE(info, nullptr);
  EXPECT_TRUE(info->is_cpu);
  EXPECT_EQ(info->vendor, "Intel");
  EXPECT_EQ(info->name, "13th Gen Intel(R) Core(TM) i7-13700K");
  auto s = probe->sample();
  ASSERT_EQ(s.status, p::Status::ok);
  EXPECT_DOUBLE_EQ(s.metrics.at("core_clock_mhz"), 3300.0);  // mean of 3.4/3.6/2.2/4.0 GHz
  EXPECT_NE(s.sources.at("core_clock_mhz").find("cpufreq scaling_cur_freq, mean of 4"),
            std::string::npos);
  EXPECT_DOUBLE_EQ(s.metrics.at("core_clock_max_mhz"), 5100.0);
  EXPECT_DOUBLE_EQ(s.metrics.at("temp_c"), 48.0);
  EXPECT_DOUBLE_EQ(s.metrics.at("energy_j"), 8.0);  // package only, not the core subzone
  EXPECT_DOUBLE_EQ(s.metrics.at("power_limit_w"), 65.0);
  EXPECT_EQ(s.unavailable.at("power_w").reason, "needs two samples");
  EXPECT_EQ(s.unavailable.at("throttle").reason, "needs two samples");
  EXPECT_EQ(s.unavailable.at("pcie_gen").reason, "a CPU device has no PCIe link");
  auto s2 = probe->sample();
  EXPECT_TRUE(s2.lists.at("throttle").empty());
}

TEST(CpuDevice, RaplPowerAcrossACounterWrap) {
  t::TempTree tree("cpufreq");
  const std::string zone = "sys/devices/virtual/powercap/intel-rapl/intel-rapl:0/";
  tree.write(zone + "energy_uj", "262143000000\n");  // just below max_energy_range_uj
  tree.write("sys/devices/system/cpu/cpu1/thermal_throttle/package_throttle_count", "0\n");
  auto probe = p::make_cpu_device_probe(tree.root());
  probe->sample();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  tree.write(zone + "energy_uj", "671150\n");  // wrapped: 328850 + 671150 µJ = 1 J
  tree.write("sys/devices/system/cpu/cpu1/thermal_throttle/package_throttle_count", "3\n");
  auto s = probe->sample();
  ASSERT_TRUE(s.metrics.contains("power_w"));
  EXPECT_GT(s.metrics.at("power_w"), 0.0);
  EXPECT_LE(1.0 / s.metrics.at("power_w"), 30.0);  // 1 J over the real gap, not a negative jump
  EXPECT_EQ(s.lists.at("throttle"), std::vector<std::string>{"thermal"});
}

TEST(CpuDevice, RaplEaccesIsPermissionDenied) {
  const auto root = t::with_denied(t::fixture_root("cpufreq"), {"intel-rapl:0/energy_uj"});
  auto s = p::make_cpu_device_probe(root)->sample();
  EXPECT_EQ(s.status, p::Status::ok);  // clocks still read
  const auto& e = s.unavailable.at("energy_j");
  EXPECT_EQ(e.status, p::Status::permission_denied);
  EXPECT_NE(e.reason.find("energy_uj: Permission denied"), std::string::npos);
  EXPECT_NE(e.reason.find("root-only since Linux 5.10"), std::string::npos);
  EXPECT_EQ(s.unavailable.at("power_w").status, p::Status::permission_denied);
}

TEST(CpuDevice, BareMetalWithoutCpufreqUsesProcCpuinfo) {
  t::TempTree tree("cpufreq");
  for (int n = 0; n < 4; ++n) tree.remove("sys/devices/system/cpu/cpu" + std::to_string(n) + "/cpufreq");
  auto s = p::make_cpu_device_probe(tree.root())->sample();
  EXPECT_DOUBLE_EQ(s.metrics.at("core_clock_mhz"), 3300.0);
  EXPECT_NE(s.sources.at("core_clock_mhz").find("/proc/cpuinfo"), std::string::npos);
  EXPECT_NE(s.unavailable.at("core_clock_max_mhz").reason.find("no cpufreq driver"),
            std::string::npos);
}

TEST(CpuDevice, VirtualMachineWithNothingGivesOnlyReasons) {
  auto s = p::make_cpu_device_probe(t::fixture_root("none"))->sample();
  EXPECT_EQ(s.status, p::Status::unavailable);
  EXPECT_TRUE(s.metrics.empty());
  EXPECT_TRUE(s.lists.empty());
  EXPECT_NE(s.unavailable.at("core_clock_mhz").reason.find("hypervisor"), std::string::npos);
  EXPECT_NE(s.unavailable.at("energy_j").reason.find("no RAPL powercap interface"),
            std::string::npos);
  EXPECT_NE(s.unavailable.at("temp_c").reason.find("no coretemp/k10temp/zenpower"),
            std::string::npos);
  for (const auto& m : p::device_metric_names()) EXPECT_TRUE(s.unavailable.contains(m)) << m;
}
