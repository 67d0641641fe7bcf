#include "workloads/Discovery.hpp"

#include <cstdio>
#include <array>
#include <cstring>
#include <sstream>

#include "workloads/ClError.hpp"
#include "workloads/OpenCL.hpp"

namespace clscope::workloads {

namespace {

const char* type_name(cl_device_type t) {
  if (t & CL_DEVICE_TYPE_GPU) return "GPU";
  if (t & CL_DEVICE_TYPE_CPU) return "CPU";
  if (t & CL_DEVICE_TYPE_ACCELERATOR) return "accelerator";
  return "custom";
}

template <typename T>
bool raw_info(cl_device_id id, cl_device_info param, T& out) {
  return clGetDeviceInfo(id, param, sizeof(T), &out, nullptr) == CL_SUCCESS;
}

bool has_ext(const std::string& exts, const std::string& name) {
  std::istringstream in(exts);
  std::string e;
  while (in >> e)
    if (e == name) return true;
  return false;
}

// Query order as hwloc does it: KHR bus info, AMD topology, NVIDIA attributes.
void query_pci(cl_device_id id, const std::string& exts, DeviceInfo& d) {
  if (has_ext(exts, "cl_khr_pci_bus_info")) {
    struct {
      cl_uint domain, bus, device, function;
    } info{};
    if (raw_info(id, CL_DEVICE_PCI_BUS_INFO_KHR, info)) {
      d.pci = core::pci_from_khr_bus_info(info.domain, info.bus, info.device, info.function);
      d.pci_source = "cl_khr_pci_bus_info";
      if (d.pci) return;
    }
  }
  if (has_ext(exts, "cl_amd_device_attribute_query")) {
    std::array<std::uint8_t, core::kAmdTopologyBytes> topo{};
    if (clGetDeviceInfo(id, CL_DEVICE_TOPOLOGY_AMD, topo.size(), topo.data(), nullptr) ==
        CL_SUCCESS) {
      d.pci = core::pci_from_amd_topology(topo);
      d.pci_source = "CL_DEVICE_TOPOLOGY_AMD";
      if (d.pci) return;
    }
  }
  if (has_ext(exts, "cl_nv_device_attribute_query")) {
    cl_uint bus = 0, slot = 0, domain = 0;
    if (raw_info(id, CL_DEVICE_PCI_BUS_ID_NV, bus) && raw_info(id, CL_DEVICE_PCI_SLOT_ID_NV, slot)) {
      const bool has_domain = raw_info(id, CL_DEVICE_PCI_DOMAIN_ID_NV, domain);
      d.pci = core::pci_from_nv(bus, slot, has_domain ? std::optional<std::uint32_t>(domain)
                                                     : std::nullopt);
      d.pci_source = "cl_nv_device_attribute_query";
      cl_uint major = 0, minor = 0;
      if (raw_info(id, CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV, major) &&
          raw_info(id, CL_DEVICE_COMPUTE_CAPABILITY_MINOR_NV, minor))
        d.nv_compute_capability = static_cast<int>(major * 10 + minor);
      return;
    }
  }
  d.pci_source = d.type == "CPU" ? "a CPU device has no PCI address"
                                 : "the driver exposes no PCI bus query";
}

DeviceInfo describe(const cl::Device& dev, int platform_index, int device_index, int global) {
  DeviceInfo d;
  d.platform_index = platform_index;
  d.device_index = device_index;
  d.global_index = global;
  d.name = dev.getInfo<CL_DEVICE_NAME>();
  d.vendor = dev.getInfo<CL_DEVICE_VENDOR>();
  d.type = type_name(dev.getInfo<CL_DEVICE_TYPE>());
  d.driver_version = dev.getInfo<CL_DRIVER_VERSION>();
  d.device_version = dev.getInfo<CL_DEVICE_VERSION>();
  d.opencl_c_version = dev.getInfo<CL_DEVICE_OPENCL_C_VERSION>();
  d.vendor_id = dev.getInfo<CL_DEVICE_VENDOR_ID>();
  d.compute_units = dev.getInfo<CL_DEVICE_MAX_COMPUTE_UNITS>();
  d.max_clock_mhz = dev.getInfo<CL_DEVICE_MAX_CLOCK_FREQUENCY>();
  d.global_mem_bytes = dev.getInfo<CL_DEVICE_GLOBAL_MEM_SIZE>();
  d.max_alloc_bytes = dev.getInfo<CL_DEVICE_MAX_MEM_ALLOC_SIZE>();
  d.local_mem_bytes = dev.getInfo<CL_DEVICE_LOCAL_MEM_SIZE>();
  d.global_cache_bytes = dev.getInfo<CL_DEVICE_GLOBAL_MEM_CACHE_SIZE>();
  d.max_work_group_size = dev.getInfo<CL_DEVICE_MAX_WORK_GROUP_SIZE>();
  d.preferred_vector_width_float = dev.getInfo<CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT>();
  d.native_vector_width_float = dev.getInfo<CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT>();
  d.timer_resolution_ns = dev.getInfo<CL_DEVICE_PROFILING_TIMER_RESOLUTION>();
  cl_bool unified = CL_FALSE;
  if (raw_info(dev(), CL_DEVICE_HOST_UNIFIED_MEMORY, unified)) d.host_unified_memory = unified;
  const std::string exts = dev.getInfo<CL_DEVICE_EXTENSIONS>();
  d.fp64 = has_ext(exts, "cl_khr_fp64");
  d.fp16 = has_ext(exts, "cl_khr_fp16");
  for (const char* e : {"cl_khr_pci_bus_info", "cl_khr_fp64", "cl_khr_fp16",
                        "cl_amd_device_attribute_query", "cl_nv_device_attribute_query",
                        "cl_khr_device_uuid", "cl_intel_required_subgroup_size"})
    if (has_ext(exts, e)) d.extensions_of_interest.emplace_back(e);
  query_pci(dev(), exts, d);
  return d;
}

}  // namespace

std::vector<PlatformInfo> discover() {
  std::vector<cl::Platform> platforms;
  try {
    cl::Platform::get(&platforms);
  } catch (const cl::Error& e) {
    if (e.err() == CL_PLATFORM_NOT_FOUND_KHR) return {};
    throw from_cl_error(e);
  }
  std::vector<PlatformInfo> out;
  int global = 0;
  try {
    for (std::size_t pi = 0; pi < platforms.size(); ++pi) {
      PlatformInfo p;
      p.index = static_cast<int>(pi);
      p.name = platforms[pi].getInfo<CL_PLATFORM_NAME>();
      p.vendor = platforms[pi].getInfo<CL_PLATFORM_VENDOR>();
      p.version = platforms[pi].getInfo<CL_PLATFORM_VERSION>();
      p.profile = platforms[pi].getInfo<CL_PLATFORM_PROFILE>();
      std::vector<cl::Device> devices;
      try {
        platforms[pi].getDevices(CL_DEVICE_TYPE_ALL, &devices);
      } catch (const cl::Error& e) {
        if (e.err() != CL_DEVICE_NOT_FOUND) throw;
      }
      for (std::size_t di = 0; di < devices.size(); ++di)
        p.devices.push_back(describe(devices[di], p.index, static_cast<int>(di), global++));
      out.push_back(std::move(p));
    }
  } catch (const cl::Error& e) {
    throw from_cl_error(e);
  }
  return out;
}

nlohmann::json to_json(const DeviceInfo& d) {
  nlohmann::json j{{"index", d.global_index},
                   {"platform_index", d.platform_index},
                   {"device_index", d.device_index},
                   {"name", d.name},
                   {"vendor", d.vendor},
                   {"type", d.type},
                   {"driver_version", d.driver_version},
                   {"device_version", d.device_version},
                   {"opencl_c_version", d.opencl_c_version},
                   {"compute_units", d.compute_units},
                   {"max_clock_mhz", d.max_clock_mhz},
                   {"global_mem_bytes", d.global_mem_bytes},
                   {"max_alloc_bytes", d.max_alloc_bytes},
                   {"local_mem_bytes", d.local_mem_bytes},
                   {"global_cache_bytes", d.global_cache_bytes},
                   {"max_work_group_size", d.max_work_group_size},
                   {"native_vector_width_float", d.native_vector_width_float},
                   {"fp64", d.fp64},
                   {"fp16", d.fp16},
                   {"host_unified_memory", d.host_unified_memory},
                   {"extensions", d.extensions_of_interest}};
  j["pci"] = d.pci ? nlohmann::json(d.pci->to_string()) : nlohmann::json(nullptr);
  j["pci_source"] = d.pci_source;
  if (d.nv_compute_capability) j["nv_compute_capability"] = *d.nv_compute_capability;
  return j;
}

nlohmann::json to_json(const PlatformInfo& p) {
  nlohmann::json devices = nlohmann::json::array();
  for (const auto& d : p.devices) devices.push_back(to_json(d));
  return {{"index", p.index},     {"name", p.name},       {"vendor", p.vendor},
          {"version", p.version}, {"profile", p.profile}, {"devices", devices}};
}

std::string icd_loader_version() {
  // ocl-icd's loader query (as clinfo uses it): CL_ICDL_VERSION = 2, CL_ICDL_NAME = 3.
  constexpr cl_uint kIcdLoaderName = 3, kIcdLoaderVersion = 2;
  using Fn = cl_int (*)(cl_uint, size_t, void*, size_t*);
  auto fn = reinterpret_cast<Fn>(clGetExtensionFunctionAddress("clGetICDLoaderInfoOCLICD"));
  if (!fn) return {};
  char name[128] = {}, version[64] = {};
  if (fn(kIcdLoaderName, sizeof name - 1, name, nullptr) != CL_SUCCESS) return {};
  if (fn(kIcdLoaderVersion, sizeof version - 1, version, nullptr) != CL_SUCCESS) return name;
  return std::string(name) + " " + version;
}

}  // namespace clscope::workloads
