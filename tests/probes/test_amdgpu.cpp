#include <gtest/gtest.h>
#include <sys/stat.h>

#include "TestUtil.hpp"
#include "probes/DeviceProbes.hpp"
#include "probes/Registry.hpp"
#include "probes/Sysfs.hpp"

namespace p = clscope::probes;
namespace t = clscope::probes::test;

namespace {

constexpr const char* kGpu =
    "sys/devices/pci0000:00/0000:00:01.1/0000:01:00.0/0000:02:00.0/0000:03:00.0";

p::DrmCard amd_card(const p::FsRoot& root) {
  for (auto& c : p::list_drm_cards(root))
    if (c.driver == "amdgpu") return c;
  ADD_FAILURE() << "no amdgpu card";
  return {};
}

}  // namespace

TEST(Drm, ListsCardsNotConnectorsWithDriverAndAddress) {
  const auto cards = p::list_drm_cards(t::fixture_root("amdgpu"));
  ASSERT_EQ(cards.size(), 2u);
  EXPECT_EQ(cards[0].card, "card0");
  EXPECT_EQ(cards[0].driver, "ast");
  EXPECT_EQ(cards[0].pci->to_string(), "0000:c1:00.0");
  EXPECT_EQ(cards[1].card, "card1");
  EXPECT_EQ(cards[1].driver, "amdgpu");
  EXPECT_EQ(cards[1].pci->to_string(), "0000:03:00.0");
  ASSERT_TRUE(cards[1].hwmon_dir);
  EXPECT_EQ(cards[1].hwmon_dir->filename(), "hwmon3");
  EXPECT_TRUE(p::list_drm_cards(t::fixture_root("none")).empty());
}

TEST(Amdgpu, ExactValuesAndUnits) {
  const auto root = t::fixture_root("amdgpu");
  auto probe = p::make_amdgpu_probe(root, amd_card(root));
  EXPECT_EQ(probe->name(), "amdgpu:card1");
  EXPECT_EQ(probe->device(), "0000:03:00.0");
  ASSERT_NE(probe->device_info(), nullptr);
  EXPECT_EQ(probe->device_info()->vendor, "AMD");
  auto s = probe->sample();
  ASSERT_EQ(s.status, p::Status::ok);
  const auto& m = s.metrics;
  EXPECT_DOUBLE_EQ(m.at("core_clock_mhz"), 1850);
  EXPECT_DOUBLE_EQ(m.at("core_clock_max_mhz"), 2575);
  EXPECT_DOUBLE_EQ(m.at("mem_clock_mhz"), 1000);
  EXPECT_DOUBLE_EQ(m.at("mem_clock_max_mhz"), 1000);
  EXPECT_DOUBLE_EQ(m.at("util_pct"), 97);
  EXPECT_DOUBLE_EQ(m.at("mem_util_pct"), 38);
  EXPECT_DOUBLE_EQ(m.at("vram_used_bytes"), 4294967296.0);
  EXPECT_DOUBLE_EQ(m.at("vram_total_bytes"), 17163091968.0);
  EXPECT_DOUBLE_EQ(m.at("temp_c"), 54.0);          // 54000 m°C
  EXPECT_DOUBLE_EQ(m.at("power_w"), 187.0);        // 187000000 µW
  EXPECT_DOUBLE_EQ(m.at("power_limit_w"), 272.0);  // 272000000 µW
  EXPECT_NE(s.sources.at("power_w").find("power1_average"), std::string::npos);
  EXPECT_TRUE(s.unavailable.contains("energy_j"));
  EXPECT_TRUE(s.unavailable.contains("throttle"));
  EXPECT_TRUE(s.unavailable.contains("pcie_rx_mbps"));
}

TEST(Amdgpu, SlowestUpstreamLinkWinsOverTheOnPackageSwitch) {
  // The GPU and the switch's downstream port read 16 GT/s x16; the slot link
  // (switch upstream port and root port) runs 8 GT/s x8.
  const auto root = t::fixture_root("amdgpu");
  auto s = p::make_amdgpu_probe(root, amd_card(root))->sample();
  EXPECT_EQ(s.metrics.at("pcie_gen"), 3);
  EXPECT_EQ(s.metrics.at("pcie_width"), 8);
  EXPECT_EQ(s.metrics.at("pcie_max_gen"), 3);  // the root port tops out at 8 GT/s
  EXPECT_EQ(s.metrics.at("pcie_max_width"), 16);
  const auto& src = s.sources.at("pcie_gen");
  EXPECT_NE(src.find("slowest of 4 links"), std::string::npos) << src;
  EXPECT_NE(src.find("0000:01:00.0"), std::string::npos) << src;

  p::SysfsReader reader(root.fs);
  const auto link = p::read_pcie_link(root, reader, amd_card(root).device_dir);
  ASSERT_EQ(link.hops.size(), 4u);
  EXPECT_EQ(link.hops[0].bdf, "0000:03:00.0");
  EXPECT_EQ(link.hops[3].bdf, "0000:00:01.1");
  EXPECT_DOUBLE_EQ(*link.hops[0].speed_gts, 16.0);
}

TEST(Amdgpu, PowerInputFallbackAndMissingFilesGiveReasons) {
  t::TempTree tree("amdgpu");
  const std::string gpu = kGpu;
  tree.remove(gpu + "/hwmon/hwmon3/power1_average");
  tree.write(gpu + "/hwmon/hwmon3/power1_input", "150500000\n");
  tree.remove(gpu + "/pp_dpm_sclk");
  tree.remove(gpu + "/current_link_speed");  // the device's own files; ports still read
  const auto root = tree.root();
  auto s = p::make_amdgpu_probe(root, amd_card(root))->sample();
  EXPECT_DOUBLE_EQ(s.metrics.at("power_w"), 150.5);
  EXPECT_NE(s.sources.at("power_w").find("power1_input"), std::string::npos);
  EXPECT_FALSE(s.metrics.contains("core_clock_mhz"));
  const auto& why = s.unavailable.at("core_clock_mhz");
  EXPECT_EQ(why.status, p::Status::unavailable);
  EXPECT_NE(why.reason.find("pp_dpm_sclk: No such file or directory"), std::string::npos);
  EXPECT_TRUE(s.unavailable.contains("core_clock_max_mhz"));
  EXPECT_EQ(s.metrics.at("pcie_gen"), 3);  // from the upstream ports
}

TEST(Amdgpu, UnreadableFileIsPermissionDenied) {
  const auto root = t::with_denied(t::fixture_root("amdgpu"), {"/gpu_busy_percent"});
  auto s = p::make_amdgpu_probe(root, amd_card(root))->sample();
  EXPECT_EQ(s.status, p::Status::ok);
  EXPECT_FALSE(s.metrics.contains("util_pct"));
  const auto& why = s.unavailable.at("util_pct");
  EXPECT_EQ(why.status, p::Status::permission_denied);
  EXPECT_NE(why.text().find("permission denied: "), std::string::npos);
  EXPECT_NE(why.reason.find("gpu_busy_percent: Permission denied"), std::string::npos);
}

TEST(Amdgpu, Chmod000OnARealFile) {
  if (t::running_as_root())
    GTEST_SKIP() << "running as root: chmod 000 does not deny root (DenyingFileSystem covers EACCES)";
  t::TempTree tree("amdgpu");
  const auto file = tree.dir() / kGpu / "mem_busy_percent";
  ASSERT_EQ(::chmod(file.c_str(), 0), 0);
  const auto root = tree.root();
  auto s = p::make_amdgpu_probe(root, amd_card(root))->sample();
  EXPECT_EQ(s.unavailable.at("mem_util_pct").status, p::Status::permission_denied);
}

TEST(Amdgpu, NoHwmonMeansPowerAndTemperatureReasons) {
  t::TempTree tree("amdgpu");
  tree.remove(std::string(kGpu) + "/hwmon");
  const auto root = tree.root();
  auto s = p::make_amdgpu_probe(root, amd_card(root))->sample();
  for (const char* m : {"temp_c", "power_w", "power_limit_w", "energy_j"}) {
    ASSERT_TRUE(s.unavailable.contains(m)) << m;
    EXPECT_NE(s.unavailable.at(m).reason.find("no hwmon directory"), std::string::npos);
  }
}

TEST(Amdgpu, RegistryFindsOnlyTheAmdgpuCard) {
  p::ProbeOptions o;
  o.root = t::fixture_root("amdgpu");
  o.nvml_paths = {};
  auto d = p::discover_probes(o);
  int amd = 0;
  for (const auto& pr : d.probes) amd += pr->name().starts_with("amdgpu:") ? 1 : 0;
  EXPECT_EQ(amd, 1);
  bool i915_note = false;
  for (const auto& n : d.notes)
    i915_note = i915_note || (n.backend == "i915" && n.reason.find("no card driven by i915") != std::string::npos);
  EXPECT_TRUE(i915_note);
}
