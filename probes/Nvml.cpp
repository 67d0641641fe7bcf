#include "probes/Nvml.hpp"

#include <dlfcn.h>

#include <chrono>
#include <cstdio>

#include "core/Time.hpp"
#include "probes/NvmlTable.hpp"

namespace clscope::probes {
using namespace nvml;

const std::vector<std::string>& default_nvml_library_paths() {
  static const std::vector<std::string> paths{"libnvidia-ml.so.1", "libnvidia-ml.so"};
  return paths;
}

std::string nvml_return_name(int code) {
  switch (code) {
    case 0: return "NVML_SUCCESS";
    case 1: return "NVML_ERROR_UNINITIALIZED";
    case 2: return "NVML_ERROR_INVALID_ARGUMENT";
    case 3: return "NVML_ERROR_NOT_SUPPORTED";
    case 4: return "NVML_ERROR_NO_PERMISSION";
    case 5: return "NVML_ERROR_ALREADY_INITIALIZED";
    case 6: return "NVML_ERROR_NOT_FOUND";
    case 7: return "NVML_ERROR_INSUFFICIENT_SIZE";
    case 8: return "NVML_ERROR_INSUFFICIENT_POWER";
    case 9: return "NVML_ERROR_DRIVER_NOT_LOADED";
    case 10: return "NVML_ERROR_TIMEOUT";
    case 12: return "NVML_ERROR_LIBRARY_NOT_FOUND";
    case 13: return "NVML_ERROR_FUNCTION_NOT_FOUND";
    case 15: return "NVML_ERROR_GPU_IS_LOST";
    case 999: return "NVML_ERROR_UNKNOWN";
    default: return "NVML_ERROR_" + std::to_string(code);
  }
}

std::vector<std::string> nvml_throttle_names(unsigned long long bits) {
  static constexpr std::pair<unsigned long long, const char*> kBits[] = {
      {0x1, "gpu_idle"},
      {0x2, "applications_clocks_setting"},
      {0x4, "sw_power_cap"},
      {0x8, "hw_slowdown"},
      {0x10, "sync_boost"},
      {0x20, "sw_thermal_slowdown"},
      {0x40, "hw_thermal_slowdown"},
      {0x80, "hw_power_brake_slowdown"},
      {0x100, "display_clock_setting"},
  };
  std::vector<std::string> names;
  unsigned long long known = 0;
  for (const auto& [bit, name] : kBits) {
    known |= bit;
    if (bits & bit) names.emplace_back(name);
  }
  if (const auto rest = bits & ~known) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llx", rest);
    names.emplace_back(buf);
  }
  return names;
}

namespace {

template <typename Fn>
void bind(void* h, Fn& out, std::initializer_list<const char*> names,
          std::string* chosen = nullptr) {
  for (const char* n : names) {
    if (void* p = ::dlsym(h, n)) {
      out = reinterpret_cast<Fn>(p);
      if (chosen) *chosen = n;
      return;
    }
  }
}

}  // namespace

std::shared_ptr<NvmlLibrary> NvmlLibrary::load(const std::vector<std::string>& paths,
                                               std::string& error) {
  error.clear();
  void* h = nullptr;
  std::string path;
  for (const auto& p : paths) {
    h = ::dlopen(p.c_str(), RTLD_LAZY | RTLD_LOCAL);
    if (h) {
      path = p;
      break;
    }
    const char* e = ::dlerror();
    error += (error.empty() ? "" : "; ") + (e ? std::string(e) : p + ": cannot be loaded");
  }
  if (!h) {
    if (paths.empty()) error = "no NVML library path to try";
    return nullptr;
  }
  std::shared_ptr<NvmlLibrary> lib(new NvmlLibrary());
  lib->handle_ = h;
  lib->path_ = path;
  lib->table_ = std::make_unique<Table>();
  Table& t = *lib->table_;
  bind(h, t.init, {"nvmlInit_v2", "nvmlInit"});
  bind(h, t.shutdown, {"nvmlShutdown"});
  bind(h, t.error_string, {"nvmlErrorString"});
  bind(h, t.get_count, {"nvmlDeviceGetCount_v2", "nvmlDeviceGetCount"});
  bind(h, t.get_handle_by_index, {"nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex"});
  bind(h, t.get_handle_by_pci_bus_id,
       {"nvmlDeviceGetHandleByPciBusId_v2", "nvmlDeviceGetHandleByPciBusId"});
  bind(h, t.get_pci_info,
       {"nvmlDeviceGetPciInfo_v3", "nvmlDeviceGetPciInfo_v2", "nvmlDeviceGetPciInfo"});
  bind(h, t.get_name, {"nvmlDeviceGetName"});
  bind(h, t.get_clock_info, {"nvmlDeviceGetClockInfo"});
  bind(h, t.get_max_clock_info, {"nvmlDeviceGetMaxClockInfo"});
  bind(h, t.get_temperature_v, {"nvmlDeviceGetTemperatureV"});
  bind(h, t.get_temperature, {"nvmlDeviceGetTemperature"});
  bind(h, t.get_power_usage, {"nvmlDeviceGetPowerUsage"});
  bind(h, t.get_enforced_power_limit, {"nvmlDeviceGetEnforcedPowerLimit"});
  bind(h, t.get_total_energy, {"nvmlDeviceGetTotalEnergyConsumption"});
  bind(h, t.get_utilization, {"nvmlDeviceGetUtilizationRates"});
  bind(h, t.get_clock_reasons,
       {"nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetCurrentClocksThrottleReasons"},
       &t.name_of_reasons);
  bind(h, t.get_curr_pcie_gen, {"nvmlDeviceGetCurrPcieLinkGeneration"});
  bind(h, t.get_curr_pcie_width, {"nvmlDeviceGetCurrPcieLinkWidth"});
  bind(h, t.get_max_pcie_gen, {"nvmlDeviceGetMaxPcieLinkGeneration"});
  bind(h, t.get_max_pcie_width, {"nvmlDeviceGetMaxPcieLinkWidth"});
  bind(h, t.get_pcie_throughput, {"nvmlDeviceGetPcieThroughput"});
  bind(h, t.get_memory_info, {"nvmlDeviceGetMemoryInfo"});
  bind(h, t.get_compute_procs,
       {"nvmlDeviceGetComputeRunningProcesses_v3", "nvmlDeviceGetComputeRunningProcesses_v2",
        "nvmlDeviceGetComputeRunningProcesses"},
       &t.name_of_compute_procs);
  bind(h, t.get_graphics_procs,
       {"nvmlDeviceGetGraphicsRunningProcesses_v3", "nvmlDeviceGetGraphicsRunningProcesses_v2",
        "nvmlDeviceGetGraphicsRunningProcesses"},
       &t.name_of_graphics_procs);
  bind(h, t.get_process_utilization, {"nvmlDeviceGetProcessUtilization"});

  if (!t.init || !t.get_count || !t.get_handle_by_index) {
    error = path + ": not an NVML library (nvmlInit/nvmlDeviceGetCount/"
                   "nvmlDeviceGetHandleByIndex missing)";
    t.shutdown = nullptr;
    return nullptr;  // the destructor closes the handle; no init happened
  }
  const NvmlReturn r = t.init();
  if (r != kSuccess) {
    error = path + ": nvmlInit: " + nvml_return_name(r) +
            (t.error_string ? std::string(" (") + t.error_string(r) + ")" : "");
    t.shutdown = nullptr;  // nothing to shut down
    return nullptr;
  }
  return lib;
}

NvmlLibrary::~NvmlLibrary() {
  if (table_ && table_->shutdown) table_->shutdown();
  if (handle_) ::dlclose(handle_);
}

std::vector<NvmlLibrary::Gpu> NvmlLibrary::gpus(std::string& error) const {
  error.clear();
  std::vector<Gpu> out;
  unsigned n = 0;
  if (const NvmlReturn r = table_->get_count(&n); r != kSuccess) {
    error = "nvmlDeviceGetCount: " + nvml_return_name(r);
    return out;
  }
  for (unsigned i = 0; i < n; ++i) {
    NvmlDevice d = nullptr;
    if (table_->get_handle_by_index(i, &d) != kSuccess) continue;
    Gpu g;
    g.index = i;
    NvmlPciInfo pci{};
    if (table_->get_pci_info && table_->get_pci_info(d, &pci) == kSuccess)
      g.pci = pci_from_khr_bus_info(pci.domain, pci.bus, pci.device, 0);
    char name[96] = {};
    if (table_->get_name && table_->get_name(d, name, sizeof name) == kSuccess) g.name = name;
    out.push_back(std::move(g));
  }
  return out;
}

namespace {

class NvmlProbe final : public Probe {
 public:
  NvmlProbe(std::shared_ptr<const NvmlLibrary> lib, const NvmlLibrary::Gpu& gpu)
      : lib_(std::move(lib)), t_(lib_->table()), gpu_(gpu) {
    info_.pci = gpu.pci;
    info_.vendor = "NVIDIA";
    info_.driver = "nvidia";
    info_.name = gpu.name;
    // Resolve by PCI address: indices follow NVML's own order, which can differ
    // from OpenCL's and change with CUDA_VISIBLE_DEVICES-like settings.
    NvmlReturn r = kFunctionNotFound;
    if (gpu.pci && t_.get_handle_by_pci_bus_id)
      r = t_.get_handle_by_pci_bus_id(gpu.pci->to_string().c_str(), &dev_);
    if (r != kSuccess) r = t_.get_handle_by_index(gpu.index, &dev_);
    if (r != kSuccess) {
      dev_ = nullptr;
      open_error_ = "cannot get a handle for GPU " + device() + ": " + nvml_return_name(r);
    }
  }
  std::string name() const override { return "nvml:" + device(); }
  std::string device() const override {
    return gpu_.pci ? gpu_.pci->to_string() : "nvml-index-" + std::to_string(gpu_.index);
  }
  const DeviceInfo* device_info() const override { return &info_; }
  std::vector<std::string> measures() const override { return device_metric_names(); }

  Sample sample() noexcept override {
    if (!dev_) {
      Sample s;
      s.t_ns = core::now_ns();
      s.status = Status::failed;
      s.reason = open_error_;
      return s;
    }
    return guarded_sample([this](Sample& s) { read(s); });
  }

 private:
  // Records `metric` missing for return code `r` of `fn`; true on success.
  bool check(Sample& s, const std::string& metric, const char* fn, NvmlReturn r) {
    if (r == kSuccess) return true;
    std::string why = std::string(fn) + ": " + nvml_return_name(r);
    Status st = Status::failed;
    if (r == kNotSupported) {
      st = Status::unavailable;
      why += " (not supported by this GPU/driver)";
    } else if (r == kNoPermission) {
      st = Status::permission_denied;
    } else if (r == kFunctionNotFound) {
      st = Status::unavailable;
    } else if (t_.error_string) {
      why += std::string(" (") + t_.error_string(r) + ")";
    }
    s.miss(metric, st, why);
    return false;
  }

  bool present(Sample& s, const std::string& metric, const void* fn, const char* symbol) {
    if (fn) return true;
    s.miss(metric, Status::unavailable,
           std::string(symbol) + " not found in " + lib_->path() + " (driver too old?)");
    return false;
  }

  template <typename Fn, typename... Args>
  std::optional<unsigned> get_uint(Sample& s, const char* metric, Fn fn, const char* symbol,
                                   Args... args) {
    if (!present(s, metric, reinterpret_cast<const void*>(fn), symbol)) return std::nullopt;
    unsigned v = 0;
    if (!check(s, metric, symbol, fn(dev_, args..., &v))) return std::nullopt;
    s.sources[metric] = std::string("NVML ") + symbol;
    return v;
  }

  void put(Sample& s, const char* metric, std::optional<unsigned> v, double scale = 1.0) {
    if (v) s.metrics[metric] = static_cast<double>(*v) * scale;
  }

  void read(Sample& s) {
    put(s, metric::kCoreClockMhz,
        get_uint(s, metric::kCoreClockMhz, t_.get_clock_info, "nvmlDeviceGetClockInfo",
                 kClockGraphics));
    put(s, metric::kCoreClockMaxMhz,
        get_uint(s, metric::kCoreClockMaxMhz, t_.get_max_clock_info, "nvmlDeviceGetMaxClockInfo",
                 kClockGraphics));
    put(s, metric::kMemClockMhz,
        get_uint(s, metric::kMemClockMhz, t_.get_clock_info, "nvmlDeviceGetClockInfo", kClockMem));
    put(s, metric::kMemClockMaxMhz,
        get_uint(s, metric::kMemClockMaxMhz, t_.get_max_clock_info, "nvmlDeviceGetMaxClockInfo",
                 kClockMem));
    temperature(s);
    put(s, metric::kPowerW,
        get_uint(s, metric::kPowerW, t_.get_power_usage, "nvmlDeviceGetPowerUsage"), 1e-3);
    put(s, metric::kPowerLimitW,
        get_uint(s, metric::kPowerLimitW, t_.get_enforced_power_limit,
                 "nvmlDeviceGetEnforcedPowerLimit"),
        1e-3);
    if (present(s, metric::kEnergyJ, reinterpret_cast<const void*>(t_.get_total_energy),
                "nvmlDeviceGetTotalEnergyConsumption")) {
      unsigned long long mj = 0;
      if (check(s, metric::kEnergyJ, "nvmlDeviceGetTotalEnergyConsumption",
                t_.get_total_energy(dev_, &mj))) {
        s.metrics[metric::kEnergyJ] = static_cast<double>(mj) * 1e-3;
        s.sources[metric::kEnergyJ] = "NVML nvmlDeviceGetTotalEnergyConsumption";
      }
    }
    if (present(s, metric::kUtilPct, reinterpret_cast<const void*>(t_.get_utilization),
                "nvmlDeviceGetUtilizationRates")) {
      NvmlUtilization u{};
      if (check(s, metric::kUtilPct, "nvmlDeviceGetUtilizationRates", t_.get_utilization(dev_, &u))) {
        s.metrics[metric::kUtilPct] = u.gpu;
        s.metrics[metric::kMemUtilPct] = u.memory;
        s.sources[metric::kUtilPct] = "NVML nvmlDeviceGetUtilizationRates (time a kernel ran)";
        s.sources[metric::kMemUtilPct] =
            "NVML nvmlDeviceGetUtilizationRates (time memory was busy, not bandwidth)";
      } else {
        s.miss(metric::kMemUtilPct, s.unavailable[metric::kUtilPct].status,
               s.unavailable[metric::kUtilPct].reason);
      }
    } else {
      s.miss(metric::kMemUtilPct, Status::unavailable, s.unavailable[metric::kUtilPct].reason);
    }
    if (present(s, metric::kThrottle, reinterpret_cast<const void*>(t_.get_clock_reasons),
                "nvmlDeviceGetCurrentClocksEventReasons (or ...ThrottleReasons)")) {
      unsigned long long bits = 0;
      if (check(s, metric::kThrottle, t_.name_of_reasons.c_str(), t_.get_clock_reasons(dev_, &bits))) {
        s.lists[metric::kThrottle] = nvml_throttle_names(bits);
        s.sources[metric::kThrottle] = "NVML " + t_.name_of_reasons;
      }
    }
    put(s, metric::kPcieGen,
        get_uint(s, metric::kPcieGen, t_.get_curr_pcie_gen, "nvmlDeviceGetCurrPcieLinkGeneration"));
    put(s, metric::kPcieWidth,
        get_uint(s, metric::kPcieWidth, t_.get_curr_pcie_width, "nvmlDeviceGetCurrPcieLinkWidth"));
    put(s, metric::kPcieMaxGen,
        get_uint(s, metric::kPcieMaxGen, t_.get_max_pcie_gen, "nvmlDeviceGetMaxPcieLinkGeneration"));
    put(s, metric::kPcieMaxWidth,
        get_uint(s, metric::kPcieMaxWidth, t_.get_max_pcie_width, "nvmlDeviceGetMaxPcieLinkWidth"));
    pcie_throughput(s);
    if (present(s, metric::kVramUsedBytes, reinterpret_cast<const void*>(t_.get_memory_info),
                "nvmlDeviceGetMemoryInfo")) {
      NvmlMemory m{};
      if (check(s, metric::kVramUsedBytes, "nvmlDeviceGetMemoryInfo", t_.get_memory_info(dev_, &m))) {
        s.metrics[metric::kVramUsedBytes] = static_cast<double>(m.used);
        s.metrics[metric::kVramTotalBytes] = static_cast<double>(m.total);
        s.sources[metric::kVramUsedBytes] = s.sources[metric::kVramTotalBytes] =
            "NVML nvmlDeviceGetMemoryInfo";
        return;
      }
    }
    s.miss(metric::kVramTotalBytes, s.unavailable[metric::kVramUsedBytes].status,
           s.unavailable[metric::kVramUsedBytes].reason);
  }

  void temperature(Sample& s) {
    if (t_.get_temperature_v) {
      NvmlTemperatureV tv{kTemperatureV1, 0, 0};
      if (t_.get_temperature_v(dev_, &tv) == kSuccess) {
        s.metrics[metric::kTempC] = tv.temperature;
        s.sources[metric::kTempC] = "NVML nvmlDeviceGetTemperatureV";
        return;
      }
    }
    put(s, metric::kTempC,
        get_uint(s, metric::kTempC, t_.get_temperature, "nvmlDeviceGetTemperature", 0));
  }

  void pcie_throughput(Sample& s) {
    // Each call blocks ~20 ms inside NVML: refresh at most once a second.
    if (s.t_ns - pcie_t_ns_ >= 1'000'000'000 || pcie_t_ns_ == 0) {
      pcie_ = Sample{};
      put(pcie_, metric::kPcieRxMbps,
          get_uint(pcie_, metric::kPcieRxMbps, t_.get_pcie_throughput,
                   "nvmlDeviceGetPcieThroughput", kPcieRx),
          1e-3);
      put(pcie_, metric::kPcieTxMbps,
          get_uint(pcie_, metric::kPcieTxMbps, t_.get_pcie_throughput,
                   "nvmlDeviceGetPcieThroughput", kPcieTx),
          1e-3);
      pcie_t_ns_ = s.t_ns;
    }
    for (const auto& [k, v] : pcie_.metrics) s.metrics[k] = v;
    for (const auto& [k, v] : pcie_.sources) s.sources[k] = v + " (refreshed once a second)";
    for (const auto& [k, v] : pcie_.unavailable) s.unavailable[k] = v;
  }

  std::shared_ptr<const NvmlLibrary> lib_;
  const NvmlLibrary::Table& t_;
  NvmlLibrary::Gpu gpu_;
  DeviceInfo info_;
  NvmlDevice dev_ = nullptr;
  std::string open_error_;
  Sample pcie_;
  std::int64_t pcie_t_ns_ = 0;
};

}  // namespace

ProbePtr make_nvml_probe(std::shared_ptr<const NvmlLibrary> lib, const NvmlLibrary::Gpu& gpu) {
  return std::make_unique<NvmlProbe>(std::move(lib), gpu);
}

}  // namespace clscope::probes
