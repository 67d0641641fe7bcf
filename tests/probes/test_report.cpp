#include <gtest/gtest.h>

#include "TestUtil.hpp"
#include "probes/Report.hpp"

namespace p = clscope::probes;
namespace t = clscope::probes::test;

namespace {

p::ReportOptions options_for(const std::string& fixture) {
  p::ReportOptions o;
  o.probes.root = t::fixture_root(fixture);
  o.probes.nvml_paths = {};
  o.interval = std::chrono::milliseconds(10);
  o.topology_xml = t::fixture_dir("hwloc") / "two-node-gpu-switch.xml";
  return o;
}

void expect_every_metric_accounted(const nlohmann::json& dev) {
  for (const auto& m : p::device_metric_names()) {
    const bool read = dev["metrics"].contains(m);
    const bool missing = dev["unavailable"].contains(m);
    EXPECT_TRUE(read != missing) << dev.value("probe", "?") << " " << m;
  }
}

}  // namespace

TEST(ProbeReport, MachineWithoutGpuGivesHostFiguresAndDeviceReasons) {
  auto o = options_for("none");
  p::DeviceIdentity cpu;
  cpu.is_cpu = true;
  cpu.name = "cpu-AMD EPYC";
  o.devices.push_back(cpu);
  const auto j = p::probe_report_json(o);
  EXPECT_EQ(j["roots"]["sysfs"], (t::fixture_dir("none") / "sys").string());
  EXPECT_DOUBLE_EQ(j["host"]["memory"]["metrics"]["mem_total_bytes"].get<double>(), 8192000000.0);
  EXPECT_EQ(j["host"]["pressure"]["status"], "unavailable");
  EXPECT_EQ(j["host"]["threads"].size(), 3u);
  EXPECT_EQ(j["host"]["threads"][1]["name"], "cl:stream");
  ASSERT_EQ(j["devices"].size(), 1u);
  const auto& dev = j["devices"][0];
  EXPECT_EQ(dev["driver"], "cpu");
  EXPECT_TRUE(dev["pci"].is_null());
  EXPECT_EQ(dev["opencl_name"], "cpu-AMD EPYC");
  EXPECT_TRUE(dev["metrics"].empty());
  expect_every_metric_accounted(dev);
  ASSERT_TRUE(j.contains("no_gpu_telemetry"));
  const auto why = j["no_gpu_telemetry"].get<std::string>();
  EXPECT_NE(why.find("amdgpu: "), std::string::npos) << why;
  EXPECT_NE(why.find("class/drm: absent"), std::string::npos) << why;
  EXPECT_NE(why.find("nvml: disabled"), std::string::npos) << why;

  const auto text = p::probe_report_text(j);
  EXPECT_NE(text.find("no GPU telemetry: "), std::string::npos);
  EXPECT_NE(text.find("mem_total_bytes"), std::string::npos);
  EXPECT_NE(text.find("cl:stream"), std::string::npos);
  EXPECT_NE(text.find("core_clock_mhz"), std::string::npos);
  EXPECT_NE(text.find("unavailable ("), std::string::npos);
}

TEST(ProbeReport, AmdgpuTreeShowsItsValuesAndMatchesOpenclDevices) {
  auto o = options_for("amdgpu");
  o.devices.push_back({p::PciAddress::parse("0000:03:00.0"), "Advanced Micro Devices, Inc.",
                       "gfx1030", false});
  o.devices.push_back({p::PciAddress::parse("0000:09:00.0"), "Other", "mystery", false});
  o.devices.push_back({p::PciAddress::parse("0000:43:00.0"), "AMD", "xml gpu", false});
  const auto j = p::probe_report_json(o);
  const nlohmann::json* amd = nullptr;
  const nlohmann::json* mystery = nullptr;
  for (const auto& d : j["devices"]) {
    if (d["pci"] == "0000:03:00.0") amd = &d;
    if (d["pci"] == "0000:09:00.0") mystery = &d;
  }
  ASSERT_NE(amd, nullptr);
  EXPECT_EQ((*amd)["opencl_name"], "gfx1030");
  EXPECT_EQ((*amd)["driver"], "amdgpu");
  EXPECT_EQ((*amd)["metrics"]["core_clock_mhz"], 1850.0);
  EXPECT_EQ((*amd)["metrics"]["temp_c"], 54.0);
  EXPECT_EQ((*amd)["metrics"]["power_w"], 187.0);
  EXPECT_EQ((*amd)["metrics"]["pcie_gen"], 3.0);
  EXPECT_EQ((*amd)["metrics"]["pcie_width"], 8.0);
  expect_every_metric_accounted(*amd);
  ASSERT_NE(mystery, nullptr);
  EXPECT_EQ((*mystery)["status"], "unavailable");
  EXPECT_NE((*mystery)["reason"].get<std::string>().find("no telemetry backend found PCI device 0000:09:00.0"),
            std::string::npos);
  expect_every_metric_accounted(*mystery);
  EXPECT_FALSE(j.contains("no_gpu_telemetry"));

  // Topology from the XML fixture: the third identity is its GPU on node 1.
  const auto& topo = j["topology"];
  EXPECT_EQ(topo["packages"], 2);
  ASSERT_EQ(topo["devices"].size(), 3u);
  EXPECT_EQ(topo["devices"][2]["numa_nodes"], nlohmann::json::array({1}));
  EXPECT_NEAR(topo["devices"][2]["slowest_link_gbs"].get<double>(), 7.876923, 1e-5);
  EXPECT_EQ(topo["devices"][0]["sysfs_numa_node"], 1);  // amdgpu fixture's numa_node file
  const auto& link = topo["devices"][0]["sysfs_link"];  // slowest hop, from sysfs
  EXPECT_EQ(link["gen"], 3);
  EXPECT_EQ(link["width"], 8);
  EXPECT_EQ(link["slowest_at"], "0000:01:00.0");
  EXPECT_NEAR(link["link_gbs"].get<double>(), 7.88, 1e-9);
  EXPECT_FALSE(topo["devices"][1].contains("sysfs_link"));

  const auto text = p::probe_report_text(j);
  EXPECT_NE(text.find("1850"), std::string::npos);
  EXPECT_NE(text.find("slowest link"), std::string::npos);
  EXPECT_NE(text.find("Gen3 x8 = 7.88 GB/s"), std::string::npos) << text;
}

TEST(ProbeReport, ListJsonHasOneEntryPerProbeAndPerEmptyBackend) {
  p::ProbeOptions o;
  o.root = t::fixture_root("none");
  o.nvml_paths = {};
  const auto arr = p::probe_list_json(o);
  ASSERT_TRUE(arr.is_array());
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& e : arr) {
    ASSERT_TRUE(e.contains("name") && e.contains("device") && e.contains("status") &&
                e.contains("reason"));
    by_name[e["name"].get<std::string>()] = e;
  }
  EXPECT_EQ(by_name.at("host.memory")["status"], "ok");
  EXPECT_TRUE(by_name.at("host.memory")["reason"].is_null());
  EXPECT_EQ(by_name.at("host.pressure")["status"], "unavailable");
  EXPECT_EQ(by_name.at("cpu")["status"], "unavailable");
  EXPECT_TRUE(by_name.at("amdgpu")["device"].is_null());
  EXPECT_EQ(by_name.at("nvml")["status"], "unavailable");
}
