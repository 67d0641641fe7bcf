// NVML through the real dlopen path, against the fake library built by the
// tests (see fake_nvml.cpp for what it deliberately lacks or refuses).
#include <dlfcn.h>
#include <gtest/gtest.h>

#include "TestUtil.hpp"
#include "probes/Nvml.hpp"
#include "probes/Registry.hpp"

namespace p = clscope::probes;
namespace t = clscope::probes::test;

namespace {

std::shared_ptr<p::NvmlLibrary> load_fake() {
  std::string error;
  auto lib = p::NvmlLibrary::load({"/nonexistent/libnvidia-ml.so.1", FAKE_NVML_PATH}, error);
  EXPECT_NE(lib, nullptr) << error;
  return lib;
}

// The fake's own control functions, reached through the same loaded image.
template <typename Fn>
Fn fake_symbol(const char* name) {
  void* h = ::dlopen(FAKE_NVML_PATH, RTLD_LAZY | RTLD_NOLOAD);
  if (!h) h = ::dlopen(FAKE_NVML_PATH, RTLD_LAZY);
  return reinterpret_cast<Fn>(::dlsym(h, name));
}

}  // namespace

TEST(Nvml, LoadsTheFirstPathThatOpensAndEnumeratesByPci) {
  auto lib = load_fake();
  ASSERT_NE(lib, nullptr);
  EXPECT_EQ(lib->path(), FAKE_NVML_PATH);
  std::string error;
  const auto gpus = lib->gpus(error);
  EXPECT_TRUE(error.empty()) << error;
  ASSERT_EQ(gpus.size(), 2u);
  EXPECT_EQ(gpus[0].pci->to_string(), "0000:65:00.0");
  EXPECT_EQ(gpus[0].name, "NVIDIA Fake H100");
  EXPECT_EQ(gpus[1].pci->to_string(), "0000:b3:00.0");
}

TEST(Nvml, ExactValuesUnitsAndReasons) {
  auto lib = load_fake();
  ASSERT_NE(lib, nullptr);
  std::string error;
  auto probe = p::make_nvml_probe(lib, lib->gpus(error).at(0));
  EXPECT_EQ(probe->name(), "nvml:0000:65:00.0");
  auto s = probe->sample();
  ASSERT_EQ(s.status, p::Status::ok) << s.reason;
  const auto& m = s.metrics;
  EXPECT_DOUBLE_EQ(m.at("core_clock_mhz"), 1410);
  EXPECT_DOUBLE_EQ(m.at("core_clock_max_mhz"), 1980);
  EXPECT_DOUBLE_EQ(m.at("mem_clock_mhz"), 1593);
  EXPECT_DOUBLE_EQ(m.at("mem_clock_max_mhz"), 2619);
  EXPECT_DOUBLE_EQ(m.at("temp_c"), 67);
  EXPECT_EQ(s.sources.at("temp_c"), "NVML nvmlDeviceGetTemperature");  // TemperatureV absent
  EXPECT_DOUBLE_EQ(m.at("power_limit_w"), 350.0);  // 350000 mW
  EXPECT_DOUBLE_EQ(m.at("util_pct"), 87);
  EXPECT_DOUBLE_EQ(m.at("mem_util_pct"), 41);
  EXPECT_DOUBLE_EQ(m.at("pcie_gen"), 4);
  EXPECT_DOUBLE_EQ(m.at("pcie_width"), 8);
  EXPECT_DOUBLE_EQ(m.at("pcie_max_gen"), 5);
  EXPECT_DOUBLE_EQ(m.at("pcie_max_width"), 16);
  EXPECT_DOUBLE_EQ(m.at("pcie_tx_mbps"), 2048.0);  // 2048000 KB/s
  EXPECT_DOUBLE_EQ(m.at("vram_used_bytes"), 1073741824.0);
  EXPECT_DOUBLE_EQ(m.at("vram_total_bytes"), 85899345920.0);
  // Fallback to the older symbol name for clock event reasons.
  EXPECT_EQ(s.lists.at("throttle"),
            (std::vector<std::string>{"sw_power_cap", "hw_thermal_slowdown"}));
  EXPECT_EQ(s.sources.at("throttle"), "NVML nvmlDeviceGetCurrentClocksThrottleReasons");

  const auto& power = s.unavailable.at("power_w");  // NOT_SUPPORTED
  EXPECT_EQ(power.status, p::Status::unavailable);
  EXPECT_EQ(power.reason,
            "nvmlDeviceGetPowerUsage: NVML_ERROR_NOT_SUPPORTED (not supported by this GPU/driver)");
  const auto& rx = s.unavailable.at("pcie_rx_mbps");  // NO_PERMISSION
  EXPECT_EQ(rx.status, p::Status::permission_denied);
  EXPECT_NE(rx.reason.find("NVML_ERROR_NO_PERMISSION"), std::string::npos);
  const auto& energy = s.unavailable.at("energy_j");  // symbol missing
  EXPECT_EQ(energy.status, p::Status::unavailable);
  EXPECT_NE(energy.reason.find("nvmlDeviceGetTotalEnergyConsumption not found in"),
            std::string::npos);
  EXPECT_FALSE(m.contains("power_w"));
  EXPECT_FALSE(m.contains("energy_j"));
}

TEST(Nvml, InitFailureIsReportedWithNvmlsWords) {
  auto set_init = fake_symbol<void (*)(int)>("fake_nvml_set_init_result");
  ASSERT_NE(set_init, nullptr);
  set_init(9);  // DRIVER_NOT_LOADED
  std::string error;
  auto lib = p::NvmlLibrary::load({FAKE_NVML_PATH}, error);
  set_init(0);
  EXPECT_EQ(lib, nullptr);
  EXPECT_NE(error.find("nvmlInit: NVML_ERROR_DRIVER_NOT_LOADED (Driver Not Loaded)"),
            std::string::npos)
      << error;
}

TEST(Nvml, MissingLibraryListsEveryPathTried) {
  std::string error;
  auto lib = p::NvmlLibrary::load({"/nonexistent/a.so", "/nonexistent/b.so"}, error);
  EXPECT_EQ(lib, nullptr);
  EXPECT_NE(error.find("/nonexistent/a.so"), std::string::npos);
  EXPECT_NE(error.find("/nonexistent/b.so"), std::string::npos);
}

TEST(Nvml, ShutdownOnceWhenTheLastUserGoes) {
  auto shutdowns = fake_symbol<int (*)()>("fake_nvml_shutdown_calls");
  ASSERT_NE(shutdowns, nullptr);
  const int before = shutdowns();
  {
    auto lib = load_fake();
    std::string error;
    auto probe = p::make_nvml_probe(lib, lib->gpus(error).at(1));
    lib.reset();  // the probe keeps the library alive
    EXPECT_EQ(shutdowns(), before);
    EXPECT_EQ(probe->sample().metrics.at("temp_c"), 67);
  }
  EXPECT_EQ(shutdowns(), before + 1);
}

TEST(Nvml, RegistryAddsOneProbePerGpu) {
  p::ProbeOptions o;
  o.root = t::fixture_root("none");
  o.nvml_paths = {FAKE_NVML_PATH};
  auto d = p::discover_probes(o);
  int n = 0;
  for (const auto& pr : d.probes) n += pr->name().starts_with("nvml:") ? 1 : 0;
  EXPECT_EQ(n, 2);
  for (const auto& note : d.notes) EXPECT_NE(note.backend, "nvml") << note.reason;
}
