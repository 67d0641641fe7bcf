#include "workloads/DeviceSelect.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace clscope::workloads {
namespace {

std::optional<int> parse_int(const std::string& s) {
  if (s.empty()) return std::nullopt;
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string describe_all(const std::vector<PlatformInfo>& platforms) {
  std::string out;
  for (const auto& p : platforms)
    for (const auto& d : p.devices) {
      out += "\n  " + std::to_string(d.global_index) + " (" + std::to_string(p.index) + ":" +
             std::to_string(d.device_index) + ") " + d.name + " [" + d.type + "]";
      if (d.pci) out += " " + d.pci->to_string();
    }
  return out.empty() ? "\n  (no OpenCL devices)" : out;
}

}  // namespace

DeviceSpec parse_device_spec(const std::string& text) {
  DeviceSpec s;
  s.text = text;
  if (text.empty() || text == "auto") return s;
  if (auto i = parse_int(text)) {
    s.kind = DeviceSpec::Kind::index;
    s.index = *i;
    return s;
  }
  if (auto pci = PciAddress::parse(text)) {
    s.kind = DeviceSpec::Kind::pci;
    s.pci = *pci;
    return s;
  }
  if (auto colon = text.find(':'); colon != std::string::npos && text.find(':', colon + 1) ==
                                                                      std::string::npos) {
    auto p = parse_int(text.substr(0, colon));
    auto d = parse_int(text.substr(colon + 1));
    if (p && d) {
      s.kind = DeviceSpec::Kind::platform_device;
      s.platform = *p;
      s.index = *d;
      return s;
    }
  }
  s.kind = DeviceSpec::Kind::name;
  s.name = text;
  return s;
}

std::variant<DeviceInfo, std::string> select_device(const DeviceSpec& spec,
                                                    const std::vector<PlatformInfo>& platforms) {
  std::vector<const DeviceInfo*> all;
  for (const auto& p : platforms)
    for (const auto& d : p.devices) all.push_back(&d);
  if (all.empty()) return std::string("no OpenCL device found (is an ICD installed?)");
  const std::string avail = "; available devices:" + describe_all(platforms);
  switch (spec.kind) {
    case DeviceSpec::Kind::automatic: {
      for (const auto* d : all)
        if (d->is_gpu()) return *d;
      return *all.front();
    }
    case DeviceSpec::Kind::index:
      for (const auto* d : all)
        if (d->global_index == spec.index) return *d;
      return "--device " + spec.text + ": no device with index " + std::to_string(spec.index) +
             avail;
    case DeviceSpec::Kind::platform_device:
      for (const auto* d : all)
        if (d->platform_index == spec.platform && d->device_index == spec.index) return *d;
      return "--device " + spec.text + ": no device " + std::to_string(spec.index) +
             " on platform " + std::to_string(spec.platform) + avail;
    case DeviceSpec::Kind::pci:
      for (const auto* d : all)
        if (d->pci && *d->pci == spec.pci) return *d;
      return "--device " + spec.text + ": no device at PCI address " + spec.pci.to_string() +
             avail;
    case DeviceSpec::Kind::name: {
      const std::string needle = lower(spec.name);
      std::vector<const DeviceInfo*> hits;
      for (const auto* d : all)
        if (lower(d->name).find(needle) != std::string::npos) hits.push_back(d);
      if (hits.size() == 1) return *hits.front();
      if (hits.empty()) return "--device " + spec.text + ": no device name contains '" +
                               spec.name + "'" + avail;
      // Several match: prefer a GPU among them, else the first, like auto.
      for (const auto* d : hits)
        if (d->is_gpu()) return *d;
      return *hits.front();
    }
  }
  return std::string("unreachable");
}

}  // namespace clscope::workloads
