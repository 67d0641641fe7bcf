#pragma once
// PCI addresses (domain:bus:device.function) and decoding of the raw values
// OpenCL drivers report for them. Pure functions, thread-safe.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clscope::core {

struct PciAddress {
  std::uint32_t domain = 0;    ///< 16 bits in practice; NVML prints 32
  std::uint8_t bus = 0;
  std::uint8_t device = 0;     ///< 0..31
  std::uint8_t function = 0;   ///< 0..7

  /// Canonical sysfs form, lowercase: "0000:03:00.0".
  std::string to_string() const;
  /// Accepts "0000:03:00.0", "03:00.0" (domain 0) and NVML's "00000000:03:00.0",
  /// case-insensitive. Returns nullopt for anything else.
  static std::optional<PciAddress> parse(std::string_view text);

  friend auto operator<=>(const PciAddress&, const PciAddress&) = default;
};

/// cl_khr_pci_bus_info: CL_DEVICE_PCI_BUS_INFO_KHR (0x410F) returns
/// {cl_uint domain, bus, device, function}. Values out of range give nullopt.
std::optional<PciAddress> pci_from_khr_bus_info(std::uint32_t domain, std::uint32_t bus,
                                                std::uint32_t device, std::uint32_t function);

/// AMD: CL_DEVICE_TOPOLOGY_AMD (0x4037) returns a 24-byte union
/// {cl_uint type; cl_char unused[17]; cl_char bus, device, function;}; type 1 is
/// PCIe. The domain is not reported (taken as 0). Type other than 1 gives nullopt.
inline constexpr std::size_t kAmdTopologyBytes = 24;
std::optional<PciAddress> pci_from_amd_topology(const std::array<std::uint8_t, kAmdTopologyBytes>& raw);

/// NVIDIA: CL_DEVICE_PCI_BUS_ID_NV (0x4008, bus = v & 0xff),
/// CL_DEVICE_PCI_SLOT_ID_NV (0x4009, device = v >> 3, function = v & 7),
/// CL_DEVICE_PCI_DOMAIN_ID_NV (0x400A, may be unsupported: nullopt means 0).
std::optional<PciAddress> pci_from_nv(std::uint32_t bus_id, std::uint32_t slot_id,
                                      std::optional<std::uint32_t> domain_id);

}  // namespace clscope::core
