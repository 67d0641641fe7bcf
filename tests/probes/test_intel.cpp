#include <gtest/gtest.h>

#include <thread>

#include "TestUtil.hpp"
#include "probes/DeviceProbes.hpp"
#include "probes/Sysfs.hpp"

namespace p = clscope::probes;
namespace t = clscope::probes::test;

namespace {

p::DrmCard only_card(const p::FsRoot& root) {
  auto cards = p::list_drm_cards(root);
  EXPECT_EQ(cards.size(), 1u);
  return cards.empty() ? p::DrmCard{} : cards.front();
}

}  // namespace

TEST(I915, ParkedGtFallsBackToRequestedFrequency) {
  const auto root = t::fixture_root("i915");
  const auto card = only_card(root);
  EXPECT_EQ(card.driver, "i915");
  auto probe = p::make_intel_probe(root, card);
  EXPECT_EQ(probe->name(), "i915:card0");
  auto s = probe->sample();
  ASSERT_EQ(s.status, p::Status::ok);
  EXPECT_DOUBLE_EQ(s.metrics.at("core_clock_mhz"), 350);  // act = 0 → cur
  EXPECT_NE(s.sources.at("core_clock_mhz").find("GT parked"), std::string::npos);
  EXPECT_DOUBLE_EQ(s.metrics.at("core_clock_max_mhz"), 1300);
  EXPECT_EQ(s.lists.at("throttle"), std::vector<std::string>{"pl1"});
}

TEST(I915, IntegratedGpuReasons) {
  const auto root = t::fixture_root("i915");
  auto s = p::make_intel_probe(root, only_card(root))->sample();
  EXPECT_NE(s.unavailable.at("power_w").reason.find("no hwmon directory"), std::string::npos);
  EXPECT_NE(s.unavailable.at("pcie_gen").reason.find("current_link_speed: No such file"),
            std::string::npos);
  EXPECT_EQ(s.unavailable.at("vram_total_bytes").reason, "not exposed by i915 sysfs");
  EXPECT_NE(s.unavailable.at("util_pct").reason.find("fdinfo"), std::string::npos);
}

TEST(I915, ActiveGtUsesActualFrequency) {
  t::TempTree tree("i915");
  tree.write("sys/devices/pci0000:00/0000:00:02.0/drm/card0/gt_act_freq_mhz", "1250\n");
  tree.write("sys/devices/pci0000:00/0000:00:02.0/drm/card0/gt/gt0/throttle_reason_pl1", "0\n");
  const auto root = tree.root();
  auto s = p::make_intel_probe(root, only_card(root))->sample();
  EXPECT_DOUBLE_EQ(s.metrics.at("core_clock_mhz"), 1250);
  EXPECT_TRUE(s.lists.at("throttle").empty());  // read, nothing active
}

TEST(Xe, ExactValuesAndUnits) {
  const auto root = t::fixture_root("xe");
  const auto card = only_card(root);
  EXPECT_EQ(card.driver, "xe");
  auto probe = p::make_intel_probe(root, card);
  EXPECT_EQ(probe->name(), "xe:card0");
  auto s = probe->sample();
  ASSERT_EQ(s.status, p::Status::ok);
  EXPECT_DOUBLE_EQ(s.metrics.at("core_clock_mhz"), 2100);
  EXPECT_DOUBLE_EQ(s.metrics.at("core_clock_max_mhz"), 2850);
  EXPECT_EQ(s.lists.at("throttle"), std::vector<std::string>{"thermal"});
  EXPECT_DOUBLE_EQ(s.metrics.at("vram_total_bytes"), 12884901888.0);
  EXPECT_DOUBLE_EQ(s.metrics.at("energy_j"), 123456.789012);  // 123456789012 µJ
  EXPECT_DOUBLE_EQ(s.metrics.at("power_limit_w"), 190.0);      // 190000000 µW
  EXPECT_DOUBLE_EQ(s.metrics.at("temp_c"), 67.0);              // temp2_input, m°C
  EXPECT_EQ(s.unavailable.at("power_w").reason, "needs two samples");
  EXPECT_EQ(s.metrics.at("pcie_gen"), 4);
  EXPECT_EQ(s.metrics.at("pcie_width"), 8);
  EXPECT_EQ(s.metrics.at("pcie_max_gen"), 4);  // the card's own maximum
  EXPECT_EQ(s.metrics.at("pcie_max_width"), 8);
}

TEST(Xe, PowerFromEnergyDifferenceBetweenSamples) {
  t::TempTree tree("xe");
  const auto root = tree.root();
  auto probe = p::make_intel_probe(root, only_card(root));
  probe->sample();
  const auto t0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  tree.write("sys/devices/pci0000:00/0000:00:01.0/0000:03:00.0/hwmon/hwmon2/energy1_input",
             "123461789012\n");  // +5 J
  auto s = probe->sample();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(s.metrics.contains("power_w"));
  const double implied_s = 5.0 / s.metrics.at("power_w");  // seconds between the samples
  EXPECT_GE(implied_s, 0.1);
  EXPECT_LE(implied_s, elapsed + 0.5);
}
