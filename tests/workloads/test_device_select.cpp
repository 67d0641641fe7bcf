#include <gtest/gtest.h>

#include "workloads/Device.hpp"
#include "workloads/DeviceSelect.hpp"

using namespace clscope::workloads;

namespace {
DeviceInfo dev(int p, int d, int g, std::string name, std::string type,
               std::optional<PciAddress> pci = std::nullopt) {
  DeviceInfo i;
  i.platform_index = p;
  i.device_index = d;
  i.global_index = g;
  i.name = std::move(name);
  i.type = std::move(type);
  i.pci = pci;
  return i;
}

std::vector<PlatformInfo> machine() {
  PlatformInfo cpu{0, "Portable Computing Language", "pocl", "3.0", "FULL", {}};
  cpu.devices.push_back(dev(0, 0, 0, "pthread-cpu", "CPU"));
  PlatformInfo gpu{1, "NVIDIA CUDA", "NVIDIA", "3.0", "FULL", {}};
  gpu.devices.push_back(dev(1, 0, 1, "NVIDIA H100 80GB HBM3", "GPU", PciAddress{0, 0x1b, 0, 0}));
  gpu.devices.push_back(dev(1, 1, 2, "NVIDIA A100-SXM4", "GPU", PciAddress{1, 0x3c, 0, 0}));
  return {cpu, gpu};
}

std::string pick(const std::string& spec, const std::vector<PlatformInfo>& m = machine()) {
  auto r = select_device(parse_device_spec(spec), m);
  if (auto* e = std::get_if<std::string>(&r)) return "error: " + *e;
  return std::get<DeviceInfo>(r).name;
}
}  // namespace

TEST(DeviceSpec, ParsesEveryForm) {
  EXPECT_EQ(parse_device_spec("auto").kind, DeviceSpec::Kind::automatic);
  EXPECT_EQ(parse_device_spec("").kind, DeviceSpec::Kind::automatic);
  auto i = parse_device_spec("2");
  EXPECT_EQ(i.kind, DeviceSpec::Kind::index);
  EXPECT_EQ(i.index, 2);
  auto pd = parse_device_spec("1:0");
  EXPECT_EQ(pd.kind, DeviceSpec::Kind::platform_device);
  EXPECT_EQ(pd.platform, 1);
  EXPECT_EQ(pd.index, 0);
  auto pci = parse_device_spec("0000:1b:00.0");
  EXPECT_EQ(pci.kind, DeviceSpec::Kind::pci);
  EXPECT_EQ(pci.pci, (PciAddress{0, 0x1b, 0, 0}));
  auto short_pci = parse_device_spec("3c:00.0");
  EXPECT_EQ(short_pci.kind, DeviceSpec::Kind::pci);
  EXPECT_EQ(short_pci.pci, (PciAddress{0, 0x3c, 0, 0}));
  auto name = parse_device_spec("h100");
  EXPECT_EQ(name.kind, DeviceSpec::Kind::name);
  EXPECT_EQ(name.name, "h100");
  EXPECT_EQ(parse_device_spec("-1").kind, DeviceSpec::Kind::name);
}

TEST(DeviceSpec, PciAddressRoundTrips) {
  PciAddress a{0x10, 0xab, 0x1f, 7};
  EXPECT_EQ(a.to_string(), "0010:ab:1f.7");
  EXPECT_EQ(PciAddress::parse(a.to_string()), a);
  EXPECT_FALSE(PciAddress::parse("1:2").has_value());
  EXPECT_FALSE(PciAddress::parse("0000:01:00").has_value());
  EXPECT_FALSE(PciAddress::parse("0000:01:00.9").has_value());
}

TEST(DeviceSelect, AutoPrefersAGpu) {
  EXPECT_EQ(pick("auto"), "NVIDIA H100 80GB HBM3");
  auto cpu_only = machine();
  cpu_only.pop_back();
  EXPECT_EQ(pick("auto", cpu_only), "pthread-cpu");
}

TEST(DeviceSelect, ByIndexPairPciAndName) {
  EXPECT_EQ(pick("0"), "pthread-cpu");
  EXPECT_EQ(pick("2"), "NVIDIA A100-SXM4");
  EXPECT_EQ(pick("1:1"), "NVIDIA A100-SXM4");
  EXPECT_EQ(pick("0001:3c:00.0"), "NVIDIA A100-SXM4");
  EXPECT_EQ(pick("a100"), "NVIDIA A100-SXM4");
  EXPECT_EQ(pick("PTHREAD"), "pthread-cpu");
  EXPECT_EQ(pick("nvidia"), "NVIDIA H100 80GB HBM3");  // several match: first GPU
}

TEST(DeviceSelect, ErrorsNameTheSpecAndListDevices) {
  const std::string e = pick("7");
  EXPECT_EQ(e.rfind("error: --device 7: no device with index 7", 0), 0u) << e;
  EXPECT_NE(e.find("NVIDIA A100-SXM4"), std::string::npos);
  EXPECT_NE(pick("0:3").find("no device 3 on platform 0"), std::string::npos);
  EXPECT_NE(pick("0000:99:00.0").find("no device at PCI address 0000:99:00.0"), std::string::npos);
  EXPECT_NE(pick("radeon").find("no device name contains 'radeon'"), std::string::npos);
  EXPECT_NE(pick("auto", {}).find("no OpenCL device found"), std::string::npos);
}

TEST(BuildLog, TempPathsAreStripped) {
  const std::string log =
      "/tmp/pocl_build_ab12/program.cl:3:5: error: use of undeclared identifier 'x'\n"
      "  /var/tmp/kcache/XY/program.cl:10:1: note: here";
  const std::string out = strip_temp_paths(log, "stream.cl");
  EXPECT_EQ(out,
            "stream.cl:3:5: error: use of undeclared identifier 'x'\n  stream.cl:10:1: note: here");
}
