#pragma once
// NVIDIA telemetry through NVML, loaded at run time with dlopen (no header, no
// build dependency). The library is found by trying each path of a list in
// order (default: "libnvidia-ml.so.1", then "libnvidia-ml.so"); tests load a
// fake library through the same code. Each entry point is looked up by its
// newest name with fallbacks (nvmlInit_v2 → nvmlInit, ..._v3 → _v2 → plain,
// CurrentClocksEventReasons → CurrentClocksThrottleReasons, TemperatureV →
// Temperature). GPUs are matched by PCI address, never by index.
//
// Units: clocks MHz; temp °C; power and limit mW → W; energy mJ → J; PCIe
// throughput KB/s → MB/s (÷1000), sampled at most once a second (NVML itself
// averages over 20 ms and blocks that long); memory bytes.
// Return codes: NOT_SUPPORTED → unavailable "not supported by this GPU/driver",
// NO_PERMISSION → permission_denied, a missing symbol → unavailable, anything
// else → failed with NVML's name and text for the code.
//
// Thread safety: NVML is thread-safe; an NvmlLibrary may be shared by probes on
// different threads. Each probe: one caller at a time.
#include <memory>
#include <string>
#include <vector>

#include "probes/PciAddress.hpp"
#include "probes/Probe.hpp"

namespace clscope::probes {

/// {"libnvidia-ml.so.1", "libnvidia-ml.so"}.
const std::vector<std::string>& default_nvml_library_paths();

/// "NVML_ERROR_NOT_SUPPORTED" etc.; "NVML_ERROR_<code>" for unknown codes.
std::string nvml_return_name(int code);
/// Clock event (throttle) bits → names: gpu_idle, applications_clocks_setting,
/// sw_power_cap, hw_slowdown, sync_boost, sw_thermal_slowdown,
/// hw_thermal_slowdown, hw_power_brake_slowdown, display_clock_setting;
/// unknown bits as "0x...".
std::vector<std::string> nvml_throttle_names(unsigned long long bits);

class NvmlLibrary {
 public:
  struct Gpu {
    unsigned index = 0;
    std::optional<PciAddress> pci;  ///< from nvmlDeviceGetPciInfo (function 0)
    std::string name;
  };

  /// Loads the first path that dlopen accepts and initialises NVML. On failure
  /// returns nullptr and sets `error` (every path's dlerror, or the init code).
  static std::shared_ptr<NvmlLibrary> load(const std::vector<std::string>& paths,
                                           std::string& error);
  ~NvmlLibrary();
  NvmlLibrary(const NvmlLibrary&) = delete;
  NvmlLibrary& operator=(const NvmlLibrary&) = delete;

  const std::string& path() const { return path_; }
  /// GPUs NVML sees. `error` is set when enumeration failed.
  std::vector<Gpu> gpus(std::string& error) const;

  struct Table;  // the function pointers (defined in Nvml.cpp)
  const Table& table() const { return *table_; }

 private:
  NvmlLibrary() = default;
  void* handle_ = nullptr;
  std::string path_;
  std::unique_ptr<Table> table_;
};

/// A probe of one GPU, found by PCI address (nvmlDeviceGetHandleByPciBusId).
ProbePtr make_nvml_probe(std::shared_ptr<const NvmlLibrary> lib, const NvmlLibrary::Gpu& gpu);

}  // namespace clscope::probes
