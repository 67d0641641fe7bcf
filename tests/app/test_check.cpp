// Judging a node sanity check from measurements (no device involved).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/check/Check.hpp"

namespace clscope::app {
namespace {

using ::testing::HasSubstr;

// A copy: callers pass judge()'s temporary result (a reference into it would dangle).
CheckItem item(const std::vector<CheckItem>& items, const std::string& name) {
  for (const auto& i : items)
    if (i.name == name) return i;
  throw std::runtime_error("no item " + name);
}

WorkloadOutcome workload(const std::string& name, const std::string& kind, const std::string& unit,
                         double median, std::map<std::string, std::string> params = {}) {
  WorkloadOutcome w;
  w.name = name;
  w.kind = kind;
  w.params = std::move(params);
  w.params["name"] = name;
  w.result = WorkloadOutcome::Result::ran;
  w.unit = unit;
  w.median = median;
  w.median_basis = "steady state";
  w.peak = median * 1.02;
  w.phase = "steady";
  w.steady_at_s = 0.5;
  w.ran_s = 8;
  return w;
}

/// A healthy GPU node: PCIe Gen4 x16, telemetry matching, everything in range.
CheckMeasurements healthy_gpu() {
  CheckMeasurements m;
  m.host = "node1";
  m.device = {{"name", "Test GPU"}, {"type", "GPU"}};
  m.opencl_pci = core::PciAddress::parse("0000:17:00.0");
  m.telemetry_devices = {{"nvml:0000:17:00.0", core::PciAddress::parse("0000:17:00.0"), false},
                         {"cpu", std::nullopt, true}};
  m.util_before_pct = 0;
  m.util_source = "nvml:0000:17:00.0 util_pct";
  m.workload_s = 8;
  m.workloads_ran = true;
  auto& t = m.telemetry;
  t.backend = "nvml:0000:17:00.0";
  t.readings = 40;
  t.pcie_gen.max = 4;
  t.pcie_width.max = 16;
  t.pcie_max_gen.max = 4;
  t.pcie_max_width.max = 16;
  t.core_clock_mhz.max = 1980;
  t.core_clock_max_mhz.max = 1980;
  t.throttle_read = true;
  m.locality.found = true;
  m.locality.numa_nodes = {1};
  m.locality.cpus = "8-15";
  m.locality.device_link_gbs = 31.5;
  m.locality.slowest_link_gbs = 31.5;
  m.locality.slowest_at = "0000:16:00.0";
  for (const char* w : {"stream", "compute", "h2d", "d2h", "launch"})
    m.bindings.push_back({w, "local", true, "8-15", ""});
  m.spec_compute_gflops = 60000;
  m.spec_compute_basis = "132 CUs x 1980 MHz x 128 lanes x 2";
  m.workloads = {workload("stream", "stream", "GB/s", 2900),
                 workload("compute", "compute", "GFLOP/s", 45000, {{"precision", "float"}}),
                 workload("h2d", "transfer", "GB/s", 25.5, {{"dir", "h2d"}, {"mode", "pinned"}}),
                 workload("d2h", "transfer", "GB/s", 26.0, {{"dir", "d2h"}, {"mode", "pinned"}}),
                 workload("launch", "launch", "launch/s", 150000, {{"in_flight", "8"}})};
  core::CeilingsRecord c;
  c.at(core::CeilingKey::memory).value = 3000;
  c.at(core::CeilingKey::compute).value = 50000;
  for (auto& e : c.entries) e.trusted = true;
  m.ceilings = c;
  return m;
}

config::CheckSettings thresholds() {
  config::CheckSettings t;
  t.memory_min_gbs = 2000;
  t.compute_min_spec_fraction = 0.5;
  t.launch_min_per_s = 50000;
  return t;
}

TEST(PcieTable, PerLaneRatesAndLinks) {
  EXPECT_DOUBLE_EQ(*pcie_lane_gbs(1), 0.25);
  EXPECT_DOUBLE_EQ(*pcie_lane_gbs(3), 0.985);
  EXPECT_DOUBLE_EQ(*pcie_lane_gbs(6), 7.56);
  EXPECT_FALSE(pcie_lane_gbs(0));
  EXPECT_FALSE(pcie_lane_gbs(7));
  EXPECT_NEAR(*pcie_link_gbs(4, 16), 31.5, 0.01);
  EXPECT_NEAR(*pcie_link_gbs(5, 16), 63.0, 0.01);
  EXPECT_FALSE(pcie_link_gbs(4, 0));
}

TEST(Judge, HealthyGpuPassesEveryItem) {
  const auto m = healthy_gpu();
  const auto items = judge(m, thresholds(), nullptr);
  std::vector<std::string> names;
  for (const auto& i : items) {
    names.push_back(i.name);
    ASSERT_TRUE(i.pass.has_value()) << i.name << ": " << i.detail;
    EXPECT_TRUE(*i.pass) << i.name << ": " << i.detail;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"device-idle", "opencl-telemetry-match",
                                             "numa-locality", "pcie-link", "h2d-bandwidth",
                                             "d2h-bandwidth", "memory-bandwidth", "compute",
                                             "launch-rate", "ceilings", "clocks", "throttle",
                                             "steady-state"}));
  EXPECT_EQ(overall_pass(m, items), true);
  EXPECT_EQ(check_exit_code(overall_pass(m, items)), ExitCode::kOk);
  // h2d is judged against 70% of Gen4 x16.
  EXPECT_NEAR(item(items, "h2d-bandwidth").threshold.get<double>(), 0.7 * 31.504, 0.01);
  EXPECT_NEAR(item(items, "compute").threshold.get<double>(), 30000, 1e-6);
}

TEST(Judge, CeilingsFromABusyHostAreSkippedWithTheReasonNeverFailed) {
  auto m = healthy_gpu();
  for (auto& e : m.ceilings->entries) {
    e.trusted = false;
    e.reason = "host 63% busy with other processes during calibration";
  }
  const auto items = judge(m, thresholds(), nullptr);
  const auto& c = item(items, "ceilings");
  EXPECT_FALSE(c.pass.has_value());
  EXPECT_NE(c.detail.find("skipped: host 63% busy with other processes during calibration"),
            std::string::npos) << c.detail;
  EXPECT_EQ(overall_pass(m, items), true) << "the other items still pass";
  m.ceilings.reset();
  EXPECT_FALSE(item(judge(m, thresholds(), nullptr), "ceilings").pass.has_value());
}

TEST(Judge, DownTrainedLinkFailsLinkAndBandwidth) {
  auto m = healthy_gpu();
  m.telemetry.pcie_gen.max = 3;
  m.telemetry.pcie_width.max = 8;
  m.workloads[2].median = 7.0;  // what a Gen3 x8 link gives
  const auto items = judge(m, thresholds(), nullptr);
  const auto& link = item(items, "pcie-link");
  EXPECT_EQ(link.pass, false);
  EXPECT_EQ(link.value, "Gen3 x8");
  EXPECT_EQ(link.threshold, "Gen4 x16");
  EXPECT_THAT(link.detail, HasSubstr("trained to Gen3 x8"));
  EXPECT_EQ(item(items, "h2d-bandwidth").pass, false);
  EXPECT_EQ(item(items, "d2h-bandwidth").pass, true);
  EXPECT_EQ(overall_pass(m, items), false);
  EXPECT_EQ(check_exit_code(overall_pass(m, items)), ExitCode::kCheckFailed);
}

TEST(Judge, SlowLinkOnThePathFailsPcieLink) {
  auto m = healthy_gpu();
  m.locality.slowest_link_gbs = 15.75;
  m.locality.slowest_at = "0000:15:01.0";
  const auto& link = item(judge(m, thresholds(), nullptr), "pcie-link");
  EXPECT_EQ(link.pass, false);
  EXPECT_THAT(link.detail, HasSubstr("0000:15:01.0"));
}

TEST(Judge, ClocksBelowMaximumAndThrottleReasonsFail) {
  auto m = healthy_gpu();
  m.telemetry.core_clock_mhz.max = 1400;
  m.telemetry.throttle_reasons = {"hw_thermal_slowdown"};
  const auto items = judge(m, thresholds(), nullptr);
  EXPECT_EQ(item(items, "clocks").pass, false);
  EXPECT_DOUBLE_EQ(item(items, "clocks").value.get<double>(), 1400);
  EXPECT_EQ(item(items, "throttle").pass, false);
  EXPECT_EQ(item(items, "throttle").value, "hw_thermal_slowdown");
}

TEST(Judge, TelemetryOfAnotherDeviceIsAMismatch) {
  auto m = healthy_gpu();
  m.telemetry_devices = {{"nvml:0000:65:00.0", core::PciAddress::parse("0000:65:00.0"), false}};
  const auto& match = item(judge(m, thresholds(), nullptr), "opencl-telemetry-match");
  EXPECT_EQ(match.pass, false);
  EXPECT_THAT(match.detail, HasSubstr("0000:65:00.0"));
  m.telemetry_devices.clear();
  EXPECT_FALSE(item(judge(m, thresholds(), nullptr), "opencl-telemetry-match").pass.has_value());
  m.opencl_pci.reset();
  m.opencl_pci_source = "no PCI query supported";
  const auto& none = item(judge(m, thresholds(), nullptr), "opencl-telemetry-match");
  EXPECT_FALSE(none.pass.has_value());
  EXPECT_THAT(none.detail, HasSubstr("no PCI query supported"));
}

TEST(Judge, ThreadsOffTheDeviceNodeFailLocality) {
  auto m = healthy_gpu();
  m.bindings[1].cpus = "0-7";
  EXPECT_EQ(item(judge(m, thresholds(), nullptr), "numa-locality").pass, false);
  m = healthy_gpu();
  m.bindings[0].applied = false;
  m.bindings[0].reason = "hwloc_set_cpubind: Operation not permitted";
  const auto& loc = item(judge(m, thresholds(), nullptr), "numa-locality");
  EXPECT_EQ(loc.pass, false);
  EXPECT_THAT(loc.detail, HasSubstr("Operation not permitted"));
  for (auto& b : m.bindings) b.bind = "none";
  EXPECT_FALSE(item(judge(m, thresholds(), nullptr), "numa-locality").pass.has_value());
  m.locality.found = false;
  m.locality.reason = "no PCI object for 0000:17:00.0";
  const auto& unknown = item(judge(m, thresholds(), nullptr), "numa-locality");
  EXPECT_FALSE(unknown.pass.has_value());
  EXPECT_THAT(unknown.detail, HasSubstr("no PCI object"));
}

TEST(Judge, BusyDeviceIsRefusedNotFailed) {
  auto m = healthy_gpu();
  m.util_before_pct = 93;
  m.workloads_ran = false;
  m.bindings.clear();
  for (auto& w : m.workloads) {
    w.result = WorkloadOutcome::Result::not_run;
    w.median.reset();
  }
  const auto items = judge(m, thresholds(), nullptr);
  const auto& idle = item(items, "device-idle");
  EXPECT_FALSE(idle.pass.has_value());
  EXPECT_THAT(idle.detail, HasSubstr("refused"));
  for (const char* n : {"memory-bandwidth", "compute", "launch-rate", "pcie-link", "clocks",
                        "throttle", "steady-state"}) {
    EXPECT_FALSE(item(items, n).pass.has_value()) << n;
    EXPECT_FALSE(item(items, n).detail.empty()) << n;
  }
  EXPECT_FALSE(overall_pass(m, items).has_value());
  EXPECT_EQ(check_exit_code(overall_pass(m, items)), ExitCode::kOk);
  EXPECT_TRUE(check_json(m, items, nullptr)["pass"].is_null());
}

TEST(Judge, CpuDeviceSkipsWhatItCannotMeasureAndNeverPassesIt) {
  CheckMeasurements m;
  m.host = "vm";
  m.device = {{"name", "pocl"}};
  m.device_is_cpu = true;
  m.util_missing = "util_pct: not reported by cpu";
  m.workloads_ran = true;
  m.workload_s = 2.5;
  m.telemetry.backend = "cpu";
  m.telemetry.core_clock_mhz.missing = "no cpufreq driver";
  m.telemetry.core_clock_max_mhz.missing = "no cpufreq driver";
  m.telemetry.throttle_missing = "no thermal throttle counters";
  m.locality.found = true;
  m.locality.numa_nodes = {0};
  m.locality.cpus = "0-1";
  m.bindings = {{"h2d", "local", true, "0-1", ""}};
  m.workloads = {workload("h2d", "transfer", "GB/s", 12, {{"dir", "h2d"}, {"mode", "pinned"}})};
  const auto items = judge(m, thresholds(), nullptr);
  for (const char* n : {"device-idle", "opencl-telemetry-match", "pcie-link", "h2d-bandwidth",
                        "clocks", "throttle", "d2h-bandwidth"}) {
    const auto& i = item(items, n);
    EXPECT_FALSE(i.pass.has_value()) << n;
    EXPECT_FALSE(i.detail.empty()) << n;
  }
  EXPECT_THAT(item(items, "clocks").detail, HasSubstr("no cpufreq driver"));
  EXPECT_THAT(item(items, "h2d-bandwidth").detail, HasSubstr("no PCIe link"));
  EXPECT_DOUBLE_EQ(item(items, "h2d-bandwidth").value.get<double>(), 12);  // shown, not judged
  EXPECT_THAT(item(items, "d2h-bandwidth").detail, HasSubstr("no transfer dir=d2h workload"));
  EXPECT_EQ(item(items, "numa-locality").pass, true);
  // An absolute threshold judges it even without a link.
  auto t = thresholds();
  t.h2d_min_gbs = 10;
  EXPECT_EQ(item(judge(m, t, nullptr), "h2d-bandwidth").pass, true);
}

TEST(Judge, FailedWorkloadFailsUnsupportedIsSkipped) {
  auto m = healthy_gpu();
  m.workloads[1].result = WorkloadOutcome::Result::unsupported;
  m.workloads[1].error = "double precision is not supported";
  m.workloads[0].result = WorkloadOutcome::Result::failed;
  m.workloads[0].error = "clEnqueueNDRangeKernel: CL_OUT_OF_RESOURCES (-5)";
  const auto items = judge(m, thresholds(), nullptr);
  EXPECT_EQ(item(items, "memory-bandwidth").pass, false);
  EXPECT_THAT(item(items, "memory-bandwidth").detail, HasSubstr("CL_OUT_OF_RESOURCES"));
  EXPECT_FALSE(item(items, "compute").pass.has_value());
  EXPECT_THAT(item(items, "compute").detail, HasSubstr("not supported"));
}

TEST(Judge, SteadyStateMustComeWithinTheAllowedTime) {
  auto m = healthy_gpu();
  m.workloads[1].steady_at_s = 6.5;
  m.workloads[3].steady_at_s.reset();
  m.workloads[3].phase = "unsettled";
  auto items = judge(m, thresholds(), nullptr);
  const auto& s = item(items, "steady-state");
  EXPECT_EQ(s.pass, false);
  EXPECT_THAT(s.detail, HasSubstr("compute only at 6.50 s"));
  EXPECT_THAT(s.detail, HasSubstr("d2h not steady (unsettled)"));
  // Quick runs shorter than steady_within_s: the limit is the run time, and
  // a workload that had not settled when its short run ended is not judged
  // (skipped), rather than failed.
  m = healthy_gpu();
  for (auto& w : m.workloads) w.ran_s = 2.5;
  m.workloads[0].steady_at_s = 2.6;
  const auto quick = item(judge(m, thresholds(), nullptr), "steady-state");
  EXPECT_FALSE(quick.pass.has_value());
  EXPECT_THAT(quick.detail, HasSubstr("not judged"));
  EXPECT_DOUBLE_EQ(quick.threshold.get<double>(), 2.5);
  // ... but one that ran as long as allowed and never settled still fails.
  m.workloads[1].ran_s = 10;
  m.workloads[1].steady_at_s.reset();
  m.workloads[1].phase = "unsettled";
  EXPECT_EQ(item(judge(m, thresholds(), nullptr), "steady-state").pass, false);
}

TEST(Judge, NoThresholdMeansSkippedWithAHint) {
  auto m = healthy_gpu();
  const auto& mem = item(judge(m, config::CheckSettings{}, nullptr), "memory-bandwidth");
  EXPECT_FALSE(mem.pass.has_value());
  EXPECT_THAT(mem.detail, HasSubstr("memory_min_gbs"));
  EXPECT_DOUBLE_EQ(mem.value.get<double>(), 2900);
}

TEST(Baseline, WorseLaunchRateFailsOnlyThatItem) {
  const auto good = healthy_gpu();
  const auto t = thresholds();
  const auto good_items = judge(good, t, nullptr);
  const Baseline base = parse_baseline(check_json(good, good_items, nullptr), "good.json");
  EXPECT_EQ(base.host, "node1");
  EXPECT_EQ(base.device, "Test GPU");
  EXPECT_EQ(base.items.at("launch-rate").params.at("in_flight"), "8");

  auto worse = healthy_gpu();
  worse.workloads[4].median = 30000;  // in_flight 1
  worse.workloads[4].params["in_flight"] = "1";
  worse.workloads[0].median = 2800;  // within 15% of 2900
  auto items = judge(worse, t, &base);
  for (const auto& i : items) {
    if (i.name == "launch-rate") continue;
    EXPECT_EQ(i.pass, true) << i.name << ": " << i.detail;
  }
  const auto& launch = item(items, "launch-rate");
  EXPECT_EQ(launch.pass, false);
  EXPECT_NEAR(launch.threshold.get<double>(), 150000 * 0.85, 1e-6);
  EXPECT_THAT(launch.detail, HasSubstr("baseline"));
  EXPECT_THAT(launch.detail, HasSubstr("in_flight 8 -> 1"));
  bool baseline_failed = false;
  for (const auto& c : launch.criteria)
    baseline_failed = baseline_failed || (c.basis == "baseline" && c.pass == false);
  EXPECT_TRUE(baseline_failed);
}

TEST(Baseline, UnusableBaselineEntriesAreNotEvaluated) {
  auto good = healthy_gpu();
  auto j = check_json(good, judge(good, thresholds(), nullptr), nullptr);
  for (auto& c : j["checks"]) {
    if (c["name"] == "memory-bandwidth") c["value"] = nullptr;
    if (c["name"] == "compute") c["unit"] = "TFLOP/s";
  }
  j["checks"].erase(std::remove_if(j["checks"].begin(), j["checks"].end(),
                                   [](const nlohmann::json& c) { return c["name"] == "launch-rate"; }),
                    j["checks"].end());
  const Baseline base = parse_baseline(j, "b.json");
  const auto items = judge(good, config::CheckSettings{}, &base);
  for (const char* n : {"memory-bandwidth", "compute", "launch-rate"}) {
    const auto& i = item(items, n);
    EXPECT_FALSE(i.pass.has_value()) << n << ": " << i.detail;
    EXPECT_THAT(i.detail, HasSubstr("baseline not evaluated")) << n;
  }
  EXPECT_EQ(item(items, "h2d-bandwidth").pass, true);  // link criterion still applies
}

TEST(Baseline, RejectsOtherFiles) {
  EXPECT_THROW(parse_baseline({{"schema", "clscope.report/1"}}, "r.json"), CheckInputError);
  EXPECT_THROW(parse_baseline({{"schema", "clscope.check/1"}, {"checks", 3}}, "r.json"),
               CheckInputError);
  EXPECT_THROW(load_baseline("/nonexistent/base.json"), CheckInputError);
}

TEST(CheckJson, ContractShape) {
  auto m = healthy_gpu();
  m.telemetry.core_clock_mhz = {};
  m.telemetry.core_clock_mhz.missing = "not supported";
  const auto items = judge(m, thresholds(), nullptr);
  const auto j = check_json(m, items, nullptr);
  EXPECT_EQ(j["schema"], "clscope.check/1");
  EXPECT_EQ(j["host"], "node1");
  EXPECT_EQ(j["device"]["name"], "Test GPU");
  EXPECT_EQ(j["pass"], true);  // a skipped item does not fail the check
  ASSERT_EQ(j["checks"].size(), items.size());
  for (const auto& c : j["checks"]) {
    for (const char* k : {"name", "pass", "value", "threshold", "unit", "detail"})
      EXPECT_TRUE(c.contains(k)) << k;
    EXPECT_TRUE(c["pass"].is_boolean() || c["pass"].is_null());
  }
  const auto& clocks = j["checks"][10];
  EXPECT_EQ(clocks["name"], "clocks");
  EXPECT_TRUE(clocks["pass"].is_null());
  EXPECT_THAT(clocks["detail"].get<std::string>(), HasSubstr("not supported"));
  const std::string table = check_table(m, items, nullptr);
  EXPECT_THAT(table, HasSubstr("ITEM"));
  EXPECT_THAT(table, HasSubstr("clocks"));
  EXPECT_THAT(table, HasSubstr("result: PASS - 12 passed, 0 failed, 1 skipped"));
}

}  // namespace
}  // namespace clscope::app
