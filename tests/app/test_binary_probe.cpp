// `clscope probe --json` pointed at fixture trees shows their values exactly,
// and on a tree without telemetry gives reasons, never numbers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "RunBinary.hpp"

using nlohmann::json;

namespace {
json probe(const std::string& sysroot, const std::string& procroot = "") {
  std::string args = "probe --json --sysfs-root " + std::string(CLSCOPE_SOURCE_DIR) +
                     "/tests/fixtures/" + sysroot;
  if (!procroot.empty())
    args += " --procfs-root " + std::string(CLSCOPE_SOURCE_DIR) + "/tests/fixtures/" + procroot;
  auto r = run_clscope(args);
  EXPECT_EQ(r.exit_code, 0);
  return json::parse(r.out);
}

const json* device_with_driver(const json& report, const std::string& driver) {
  for (const auto& d : report["devices"])
    if (d.value("driver", "") == driver) return &d;
  return nullptr;
}
}  // namespace

TEST(BinaryProbe, AmdgpuFixtureValuesAndTheSlowestLink) {
  const json r = probe("amdgpu/sys");
  const json* d = device_with_driver(r, "amdgpu");
  ASSERT_NE(d, nullptr) << r["devices"].dump();
  EXPECT_EQ((*d)["pci"], "0000:03:00.0");
  const json& m = (*d)["metrics"];
  EXPECT_DOUBLE_EQ(m["core_clock_mhz"].get<double>(), 1850);
  EXPECT_DOUBLE_EQ(m["core_clock_max_mhz"].get<double>(), 2575);
  EXPECT_DOUBLE_EQ(m["temp_c"].get<double>(), 54);
  EXPECT_DOUBLE_EQ(m["power_w"].get<double>(), 187);
  EXPECT_DOUBLE_EQ(m["power_limit_w"].get<double>(), 272);
  // The card's own link reads faster than the slot: the slot's Gen3 x8 wins.
  EXPECT_DOUBLE_EQ(m["pcie_gen"].get<double>(), 3);
  EXPECT_DOUBLE_EQ(m["pcie_width"].get<double>(), 8);
  EXPECT_TRUE((*d)["unavailable"].contains("throttle"));
  EXPECT_FALSE(m.contains("throttle"));
}

TEST(BinaryProbe, NoTelemetryMeansReasonsNotNumbers) {
  const json r = probe("none/sys", "none/proc");
  for (const auto& d : r["devices"]) {
    for (const char* k : {"core_clock_mhz", "temp_c", "power_w"}) {
      EXPECT_FALSE(d["metrics"].contains(k)) << d.dump();
      EXPECT_TRUE(d["unavailable"].contains(k)) << d.dump();
      EXPECT_FALSE(d["unavailable"][k].get<std::string>().empty());
    }
  }
  EXPECT_TRUE(r.contains("host"));
  EXPECT_TRUE(r.contains("topology"));
}
