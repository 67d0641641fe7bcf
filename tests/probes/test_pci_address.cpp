#include <gtest/gtest.h>

#include "probes/PciAddress.hpp"

using clscope::probes::PciAddress;
namespace p = clscope::probes;

TEST(PciAddress, ParsesSysfsNvmlAndShortForms) {
  auto a = PciAddress::parse("0000:03:00.0");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->to_string(), "0000:03:00.0");
  auto b = PciAddress::parse("00000000:65:00.0");  // NVML busId
  ASSERT_TRUE(b);
  EXPECT_EQ(b->to_string(), "0000:65:00.0");
  auto c = PciAddress::parse("c1:1f.7");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->domain, 0u);
  EXPECT_EQ(c->bus, 0xc1);
  EXPECT_EQ(c->device, 0x1f);
  EXPECT_EQ(c->function, 7);
  EXPECT_EQ(PciAddress::parse("0001:0A:1F.3")->to_string(), "0001:0a:1f.3");
}

TEST(PciAddress, RejectsMalformedAndOutOfRange) {
  for (const char* bad : {"", "0000:03:00", "zz:00.0", "0000:03:20.0", "0000:03:00.8",
                          "0000:103:00.0", "pci0000:00", "0000:03:00.0x"}) {
    EXPECT_FALSE(PciAddress::parse(bad)) << bad;
  }
}

TEST(PciAddress, KhrBusInfo) {
  auto a = p::pci_from_khr_bus_info(0, 0x43, 0, 0);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->to_string(), "0000:43:00.0");
  EXPECT_FALSE(p::pci_from_khr_bus_info(0x10000, 0, 0, 0));
  EXPECT_FALSE(p::pci_from_khr_bus_info(0, 256, 0, 0));
  EXPECT_FALSE(p::pci_from_khr_bus_info(0, 1, 32, 0));
  EXPECT_FALSE(p::pci_from_khr_bus_info(0, 1, 0, 8));
}

TEST(PciAddress, AmdTopologyReadsLastThreeBytesUnsigned) {
  std::array<std::uint8_t, p::kAmdTopologyBytes> raw{};
  raw[0] = 1;  // CL_DEVICE_TOPOLOGY_TYPE_PCIE_AMD, little-endian cl_uint
  raw[21] = 0xc3;  // would be negative as cl_char
  raw[22] = 0x00;
  raw[23] = 0x01;
  auto a = p::pci_from_amd_topology(raw);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->to_string(), "0000:c3:00.1");
  raw[0] = 2;
  EXPECT_FALSE(p::pci_from_amd_topology(raw));
}

TEST(PciAddress, NvidiaBusAndSlotIds) {
  auto a = p::pci_from_nv(0x165, (2u << 3) | 1u, std::nullopt);  // bus masked to 8 bits
  ASSERT_TRUE(a);
  EXPECT_EQ(a->to_string(), "0000:65:02.1");
  auto b = p::pci_from_nv(0xb3, 0, 1u);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->to_string(), "0001:b3:00.0");
  EXPECT_FALSE(p::pci_from_nv(0, 32u << 3, std::nullopt));
}

TEST(PciAddress, OrdersAndCompares) {
  EXPECT_EQ(*PciAddress::parse("0000:03:00.0"), *PciAddress::parse("03:00.0"));
  EXPECT_LT(*PciAddress::parse("0000:03:00.0"), *PciAddress::parse("0000:04:00.0"));
}
