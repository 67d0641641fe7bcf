// Pure parsing and bookkeeping rules of the probes (no files involved).
#include <gtest/gtest.h>

#include <cerrno>

#include "probes/DeviceProbes.hpp"
#include "probes/Nvml.hpp"
#include "probes/ProcessProbes.hpp"
#include "probes/Sysfs.hpp"
#include "probes/Topology.hpp"

namespace p = clscope::probes;

TEST(PpDpm, TakesTheStarLineAndTheHighestLevel) {
  auto t = p::parse_pp_dpm("0: 500Mhz \n1: 1850Mhz *\n2: 2575Mhz \n");
  ASSERT_TRUE(t.current_mhz);
  EXPECT_DOUBLE_EQ(*t.current_mhz, 1850);
  EXPECT_DOUBLE_EQ(*t.max_mhz, 2575);
}

TEST(PpDpm, AcceptsSleepLevelAndUnlabelledLines) {
  auto s = p::parse_pp_dpm("S: 500Mhz *\n0: 700Mhz \n1: 2100Mhz \n");
  EXPECT_DOUBLE_EQ(*s.current_mhz, 500);
  EXPECT_DOUBLE_EQ(*s.max_mhz, 2100);
  auto u = p::parse_pp_dpm("   875Mhz *\n");
  EXPECT_DOUBLE_EQ(*u.current_mhz, 875);
}

TEST(PpDpm, NoStarMeansNoCurrentLevel) {
  auto t = p::parse_pp_dpm("0: 500Mhz\n1: 1000Mhz\n");
  EXPECT_FALSE(t.current_mhz);
  EXPECT_DOUBLE_EQ(*t.max_mhz, 1000);
  EXPECT_FALSE(p::parse_pp_dpm("garbage\n").max_mhz);
}

TEST(Pcie, GenerationFromTransferRate) {
  EXPECT_EQ(p::pcie_gen_from_gts(2.5), 1);
  EXPECT_EQ(p::pcie_gen_from_gts(5.0), 2);
  EXPECT_EQ(p::pcie_gen_from_gts(8.0), 3);
  EXPECT_EQ(p::pcie_gen_from_gts(16.0), 4);
  EXPECT_EQ(p::pcie_gen_from_gts(32.0), 5);
  EXPECT_EQ(p::pcie_gen_from_gts(64.0), 6);
  EXPECT_FALSE(p::pcie_gen_from_gts(7.0));
  EXPECT_NEAR(*p::pcie_lane_gbs(4) * 16, 31.504, 1e-9);
  EXPECT_FALSE(p::pcie_lane_gbs(0));
}

TEST(EnergyRate, FirstSampleHasNoPowerThenJoulesPerSecond) {
  p::EnergyRate r;
  EXPECT_FALSE(r.update(100.0, 1'000'000'000));
  auto w = r.update(110.0, 3'000'000'000);  // 10 J over 2 s
  ASSERT_TRUE(w);
  EXPECT_DOUBLE_EQ(*w, 5.0);
}

TEST(EnergyRate, HandlesOneWrapOfTheCounter) {
  p::EnergyRate r;
  const double wrap = 262143.328850;  // RAPL max_energy_range_uj in J
  r.update(wrap - 3.0, 0);
  auto w = r.update(1.0, 500'000'000, wrap);  // 3 J before the wrap + 1 J after, in 0.5 s
  ASSERT_TRUE(w);
  EXPECT_NEAR(*w, 8.0, 1e-6);
}

TEST(EnergyRate, CounterResetWithoutWrapGivesNothing) {
  p::EnergyRate r;
  r.update(50.0, 0);
  EXPECT_FALSE(r.update(10.0, 1'000'000'000));
  EXPECT_TRUE(r.update(20.0, 2'000'000'000));
}

TEST(ProcStat, FieldsAreCountedAfterTheLastParenthesis) {
  const std::string line =
      "4243 (cl:a) b (c) R 1 4242 4242 0 -1 4194560 10 0 0 0 40 5 0 0 20 0 3 0 100 200000000 "
      "5000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
  auto st = p::parse_proc_stat(line);
  ASSERT_TRUE(st);
  EXPECT_EQ(st->comm, "cl:a) b (c");
  EXPECT_EQ(st->state, 'R');
  EXPECT_EQ(st->utime_ticks, 40);
  EXPECT_EQ(st->stime_ticks, 5);
  EXPECT_EQ(st->num_threads, 3);
  EXPECT_EQ(st->rss_pages, 5000);
  EXPECT_FALSE(p::parse_proc_stat("4243 (short) R 1 2"));
  EXPECT_FALSE(p::parse_proc_stat("no parens at all"));
}

TEST(Nvml, ThrottleBitsToNames) {
  EXPECT_EQ(p::nvml_throttle_names(0), std::vector<std::string>{});
  EXPECT_EQ(p::nvml_throttle_names(0x4 | 0x40),
            (std::vector<std::string>{"sw_power_cap", "hw_thermal_slowdown"}));
  EXPECT_EQ(p::nvml_throttle_names(0x1 | 0x100),
            (std::vector<std::string>{"gpu_idle", "display_clock_setting"}));
  EXPECT_EQ(p::nvml_throttle_names(0x10000), std::vector<std::string>{"0x10000"});
}

TEST(Nvml, ReturnCodeNames) {
  EXPECT_EQ(p::nvml_return_name(3), "NVML_ERROR_NOT_SUPPORTED");
  EXPECT_EQ(p::nvml_return_name(4), "NVML_ERROR_NO_PERMISSION");
  EXPECT_EQ(p::nvml_return_name(999), "NVML_ERROR_UNKNOWN");
  EXPECT_EQ(p::nvml_return_name(77), "NVML_ERROR_77");
}

TEST(Sample, ErrnoMapsToStatus) {
  EXPECT_EQ(p::status_from_errno(ENOENT), p::Status::unavailable);
  EXPECT_EQ(p::status_from_errno(ENODEV), p::Status::unavailable);
  EXPECT_EQ(p::status_from_errno(EACCES), p::Status::permission_denied);
  EXPECT_EQ(p::status_from_errno(EPERM), p::Status::permission_denied);
  EXPECT_EQ(p::status_from_errno(EIO), p::Status::failed);
}

TEST(Sample, SettleIsOkWhenAnythingWasRead) {
  p::Sample s;
  s.miss("a", p::Status::permission_denied, "x");
  s.metrics["b"] = 1;
  s.settle("");
  EXPECT_EQ(s.status, p::Status::ok);
  EXPECT_TRUE(s.reason.empty());
}

TEST(Sample, SettlePrefersTheMostActionableProblem) {
  p::Sample s;
  s.miss("a", p::Status::unavailable, "absent");
  s.miss("b", p::Status::permission_denied, "denied");
  s.settle("");
  EXPECT_EQ(s.status, p::Status::permission_denied);
  EXPECT_EQ(s.reason, "denied");
  p::Sample e;
  e.settle("");
  EXPECT_EQ(e.status, p::Status::unavailable);
  EXPECT_FALSE(e.reason.empty());
}

TEST(Sample, FirstReasonForAMetricIsKept) {
  p::Sample s;
  s.miss("a", p::Status::unavailable, "first");
  s.miss("a", p::Status::failed, "second");
  EXPECT_EQ(s.unavailable.at("a").reason, "first");
  EXPECT_EQ((p::Missing{p::Status::permission_denied, "x"}.text()), "permission denied: x");
}

TEST(BindSpec, ParsesLocalNoneAndCpuLists) {
  std::string err;
  EXPECT_EQ(p::BindSpec::parse("local", err)->kind, p::BindSpec::Kind::local);
  EXPECT_EQ(p::BindSpec::parse("none", err)->kind, p::BindSpec::Kind::none);
  auto l = p::BindSpec::parse("0-3,8", err);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->kind, p::BindSpec::Kind::cpulist);
  EXPECT_EQ(l->cpulist, "0-3,8");
  EXPECT_FALSE(p::BindSpec::parse("nearest", err));
  EXPECT_NE(err.find("expected local, none or a CPU list"), std::string::npos);
  EXPECT_FALSE(p::BindSpec::parse("0-", err));
  EXPECT_FALSE(p::BindSpec::parse("", err));
}

TEST(Metrics, TheStandardDeviceMetricNames) {
  const auto& names = p::device_metric_names();
  EXPECT_EQ(names.size(), 19u);
  EXPECT_EQ(names.front(), "core_clock_mhz");
  EXPECT_EQ(names.back(), "throttle");
}
