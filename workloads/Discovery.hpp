#pragma once
// OpenCL platform and device discovery, as plain data (no OpenCL types), so
// selection, listing and manifests can be tested and serialised.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/PciAddress.hpp"

namespace clscope::workloads {

using core::PciAddress;


struct DeviceInfo {
  int platform_index = 0;
  int device_index = 0;  ///< within its platform
  int global_index = 0;  ///< across all platforms, in discovery order
  std::string name, vendor, type;  ///< type: "GPU", "CPU", "accelerator", "custom"
  std::string driver_version, device_version, opencl_c_version;
  std::uint32_t vendor_id = 0;
  std::uint32_t compute_units = 0;
  std::uint32_t max_clock_mhz = 0;
  std::uint64_t global_mem_bytes = 0, max_alloc_bytes = 0, local_mem_bytes = 0;
  std::uint64_t global_cache_bytes = 0;
  std::size_t max_work_group_size = 0;
  std::uint32_t preferred_vector_width_float = 0;
  std::uint32_t native_vector_width_float = 0;
  bool fp64 = false, fp16 = false;
  bool host_unified_memory = false;
  bool profiling_timer_ok = true;
  std::uint64_t timer_resolution_ns = 0;
  std::optional<PciAddress> pci;
  std::string pci_source;  ///< which query gave the PCI address, or why there is none
  std::optional<int> nv_compute_capability;  ///< major*10+minor
  std::vector<std::string> extensions_of_interest;

  bool is_gpu() const { return type == "GPU"; }
  bool is_cpu() const { return type == "CPU"; }
};

struct PlatformInfo {
  int index = 0;
  std::string name, vendor, version, profile;
  std::vector<DeviceInfo> devices;
};

/// Enumerates every platform and device. No platform (CL_PLATFORM_NOT_FOUND_KHR)
/// gives an empty vector; other failures throw ClError.
std::vector<PlatformInfo> discover();

nlohmann::json to_json(const DeviceInfo& d);
nlohmann::json to_json(const PlatformInfo& p);

/// The ICD loader's name and version ("ocl-icd 2.3.1"), or empty.
std::string icd_loader_version();

}  // namespace clscope::workloads
