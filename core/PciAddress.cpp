#include "core/PciAddress.hpp"

#include <cctype>
#include <cstdio>

namespace clscope::core {
namespace {

// Parses exactly `digits_max` or fewer hex digits; returns false on anything else.
bool parse_hex(std::string_view s, std::size_t digits_max, std::uint32_t& out) {
  if (s.empty() || s.size() > digits_max) return false;
  std::uint32_t v = 0;
  for (char c : s) {
    const auto uc = static_cast<unsigned char>(c);
    if (!std::isxdigit(uc)) return false;
    const int d = std::isdigit(uc) ? c - '0' : std::tolower(uc) - 'a' + 10;
    v = v * 16 + static_cast<std::uint32_t>(d);
  }
  out = v;
  return true;
}

}  // namespace

std::string PciAddress::to_string() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04x:%02x:%02x.%x", domain, bus, device, function);
  return buf;
}

std::optional<PciAddress> PciAddress::parse(std::string_view text) {
  const auto dot = text.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto fn_text = text.substr(dot + 1);
  auto head = text.substr(0, dot);
  const auto c2 = head.rfind(':');
  if (c2 == std::string_view::npos) return std::nullopt;
  const auto dev_text = head.substr(c2 + 1);
  head = head.substr(0, c2);
  std::string_view dom_text;
  std::string_view bus_text = head;
  if (const auto c1 = head.rfind(':'); c1 != std::string_view::npos) {
    dom_text = head.substr(0, c1);
    bus_text = head.substr(c1 + 1);
  }
  std::uint32_t dom = 0, bus = 0, dev = 0, fn = 0;
  if (!dom_text.empty() && !parse_hex(dom_text, 8, dom)) return std::nullopt;
  if (!parse_hex(bus_text, 2, bus) || !parse_hex(dev_text, 2, dev) || !parse_hex(fn_text, 1, fn))
    return std::nullopt;
  if (dev > 31 || fn > 7) return std::nullopt;
  return PciAddress{dom, static_cast<std::uint8_t>(bus), static_cast<std::uint8_t>(dev),
                    static_cast<std::uint8_t>(fn)};
}

std::optional<PciAddress> pci_from_khr_bus_info(std::uint32_t domain, std::uint32_t bus,
                                                std::uint32_t device, std::uint32_t function) {
  if (domain > 0xffff || bus > 0xff || device > 31 || function > 7) return std::nullopt;
  return PciAddress{domain, static_cast<std::uint8_t>(bus), static_cast<std::uint8_t>(device),
                    static_cast<std::uint8_t>(function)};
}

std::optional<PciAddress> pci_from_amd_topology(
    const std::array<std::uint8_t, kAmdTopologyBytes>& raw) {
  // The type is a host-endian cl_uint at offset 0; bus/device/function are the
  // last three bytes, to be read as unsigned (cl_char is signed).
  std::uint32_t type = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    // Little-endian hosts are the only ones OpenCL drivers ship for; decode as such.
    type |= static_cast<std::uint32_t>(raw[i]) << (8 * i);
  }
  if (type != 1) return std::nullopt;
  const std::uint8_t device = raw[22];
  const std::uint8_t function = raw[23];
  if (device > 31 || function > 7) return std::nullopt;
  return PciAddress{0, raw[21], device, function};
}

std::optional<PciAddress> pci_from_nv(std::uint32_t bus_id, std::uint32_t slot_id,
                                      std::optional<std::uint32_t> domain_id) {
  const std::uint32_t domain = domain_id.value_or(0);
  if (domain > 0xffff) return std::nullopt;
  const std::uint32_t device = (slot_id >> 3) & 0x1f;
  if ((slot_id >> 3) > 31) return std::nullopt;
  return PciAddress{domain, static_cast<std::uint8_t>(bus_id & 0xff),
                    static_cast<std::uint8_t>(device), static_cast<std::uint8_t>(slot_id & 7)};
}

}  // namespace clscope::core
