#pragma once
// --device SPEC: auto | INDEX | PLATFORM:DEVICE | PCI-ADDRESS | NAME-SUBSTRING.
// Pure functions over discovered devices.
#include <string>
#include <variant>
#include <vector>

#include "workloads/Discovery.hpp"

namespace clscope::workloads {

struct DeviceSpec {
  enum class Kind { automatic, index, platform_device, pci, name };
  Kind kind = Kind::automatic;
  int index = -1;     ///< index: global index; platform_device: device index
  int platform = -1;  ///< platform_device
  PciAddress pci;
  std::string name;  ///< name substring (case-insensitive)
  std::string text;  ///< as the user wrote it
};

/// Parses a spec. Never fails: anything that is not auto, a number, P:D or a
/// PCI address is a name substring.
DeviceSpec parse_device_spec(const std::string& text);

/// Picks a device. `auto` prefers the first GPU, else the first device.
/// Returns the chosen device, or an error message naming what was asked and
/// listing what exists.
std::variant<DeviceInfo, std::string> select_device(const DeviceSpec& spec,
                                                    const std::vector<PlatformInfo>& platforms);

}  // namespace clscope::workloads
