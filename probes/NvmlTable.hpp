#pragma once
// Private to the NVML backend (Nvml.cpp, NvmlProcesses.cpp): the NVML types
// we need, declared from the documented ABI of nvml.h (no NVIDIA header), and
// the table of entry points NvmlLibrary::load fills with dlsym. An entry is
// nullptr when the library lacks every name it was looked up by.
#include <string>

#include "probes/Nvml.hpp"

namespace clscope::probes::nvml {

using NvmlDevice = struct NvmlDeviceOpaque*;
using NvmlReturn = int;
struct NvmlPciInfo {  // nvmlPciInfo_t (68 bytes); older versions share the prefix
  char bus_id_legacy[16];
  unsigned domain, bus, device, pci_device_id, pci_subsystem_id;
  char bus_id[32];
};
struct NvmlUtilization {
  unsigned gpu, memory;
};
struct NvmlMemory {
  unsigned long long total, free, used;
};
struct NvmlTemperatureV {  // nvmlTemperature_v1_t
  unsigned version;
  int sensor_type;
  int temperature;
};
constexpr unsigned kTemperatureV1 = 0x0100000C;  // sizeof | 1 << 24

// Running processes. Every layout starts {unsigned pid; unsigned long long
// usedGpuMemory;}; the entry size differs:
//   nvmlDeviceGet*RunningProcesses (unversioned)  nvmlProcessInfo_v1_t, 16 bytes
//   ..._v2 and ..._v3 (R470-R530, R550+)          nvmlProcessInfo_v2_t, 24 bytes
//                                                 {+ gpuInstanceId, computeInstanceId}
//   ..._v3 on R535-R545                           32 bytes {+ usedGpuCcProtectedMemory}
// so the v3 stride is measured at run time (NvmlProcesses.cpp).
struct NvmlProcessInfoPrefix {
  unsigned pid;
  unsigned long long used_gpu_memory;  // bytes; kNvmlValueNotAvailable when unknown
};
constexpr unsigned long long kNvmlValueNotAvailable = ~0ull;
struct NvmlProcessUtilizationSample {  // nvmlProcessUtilizationSample_t, 32 bytes
  unsigned pid;
  unsigned long long time_stamp_us;  // CPU timestamp, µs
  unsigned sm_util, mem_util, enc_util, dec_util;  // percent
};

constexpr NvmlReturn kSuccess = 0;
constexpr NvmlReturn kNotSupported = 3;
constexpr NvmlReturn kNoPermission = 4;
constexpr NvmlReturn kNotFound = 6;
constexpr NvmlReturn kInsufficientSize = 7;
constexpr NvmlReturn kFunctionNotFound = 13;
constexpr int kClockGraphics = 0;
constexpr int kClockMem = 2;
constexpr int kPcieTx = 0;
constexpr int kPcieRx = 1;

}  // namespace clscope::probes::nvml

namespace clscope::probes {

struct NvmlLibrary::Table {
  using NvmlDevice = nvml::NvmlDevice;
  using NvmlReturn = nvml::NvmlReturn;
  NvmlReturn (*init)() = nullptr;
  NvmlReturn (*shutdown)() = nullptr;
  const char* (*error_string)(NvmlReturn) = nullptr;
  NvmlReturn (*get_count)(unsigned*) = nullptr;
  NvmlReturn (*get_handle_by_index)(unsigned, NvmlDevice*) = nullptr;
  NvmlReturn (*get_handle_by_pci_bus_id)(const char*, NvmlDevice*) = nullptr;
  NvmlReturn (*get_pci_info)(NvmlDevice, nvml::NvmlPciInfo*) = nullptr;
  NvmlReturn (*get_name)(NvmlDevice, char*, unsigned) = nullptr;
  NvmlReturn (*get_clock_info)(NvmlDevice, int, unsigned*) = nullptr;
  NvmlReturn (*get_max_clock_info)(NvmlDevice, int, unsigned*) = nullptr;
  NvmlReturn (*get_temperature_v)(NvmlDevice, nvml::NvmlTemperatureV*) = nullptr;
  NvmlReturn (*get_temperature)(NvmlDevice, int, unsigned*) = nullptr;
  NvmlReturn (*get_power_usage)(NvmlDevice, unsigned*) = nullptr;
  NvmlReturn (*get_enforced_power_limit)(NvmlDevice, unsigned*) = nullptr;
  NvmlReturn (*get_total_energy)(NvmlDevice, unsigned long long*) = nullptr;
  NvmlReturn (*get_utilization)(NvmlDevice, nvml::NvmlUtilization*) = nullptr;
  NvmlReturn (*get_clock_reasons)(NvmlDevice, unsigned long long*) = nullptr;
  NvmlReturn (*get_curr_pcie_gen)(NvmlDevice, unsigned*) = nullptr;
  NvmlReturn (*get_curr_pcie_width)(NvmlDevice, unsigned*) = nullptr;
  NvmlReturn (*get_max_pcie_gen)(NvmlDevice, unsigned*) = nullptr;
  NvmlReturn (*get_max_pcie_width)(NvmlDevice, unsigned*) = nullptr;
  NvmlReturn (*get_pcie_throughput)(NvmlDevice, int, unsigned*) = nullptr;
  NvmlReturn (*get_memory_info)(NvmlDevice, nvml::NvmlMemory*) = nullptr;
  // Running processes: entries of an NVML-version-dependent size (see above).
  NvmlReturn (*get_compute_procs)(NvmlDevice, unsigned*, void*) = nullptr;
  NvmlReturn (*get_graphics_procs)(NvmlDevice, unsigned*, void*) = nullptr;
  NvmlReturn (*get_process_utilization)(NvmlDevice, nvml::NvmlProcessUtilizationSample*,
                                        unsigned*, unsigned long long) = nullptr;
  // Which symbol each entry resolved to, for reasons ("… not found").
  std::string name_of_reasons, name_of_energy = "nvmlDeviceGetTotalEnergyConsumption";
  std::string name_of_compute_procs, name_of_graphics_procs;
};

}  // namespace clscope::probes
