#include "probes/NvmlProcesses.hpp"

#include <algorithm>
#include <cstring>

#include "probes/NvmlTable.hpp"

namespace clscope::probes {

using namespace nvml;

namespace {

using ProcsFn = NvmlReturn (*)(NvmlDevice, unsigned*, void*);
constexpr unsigned kMaxEntryBytes = 32;

Missing nvml_missing(const NvmlLibrary::Table& t, const std::string& fn, NvmlReturn r) {
  std::string why = fn + ": " + nvml_return_name(r);
  if (r == kNotSupported) return {Status::unavailable, why + " (not supported by this GPU/driver)"};
  if (r == kNoPermission) return {Status::permission_denied, why};
  if (r == kFunctionNotFound) return {Status::unavailable, why};
  if (t.error_string) why += std::string(" (") + t.error_string(r) + ")";
  return {Status::failed, why};
}

// The entry size of a _v3 call, from the highest byte NVML wrote into two
// buffers prefilled with 0x00 and 0xFF: a field is written if it differs from
// the fill in either buffer (a value of all 0xFF bytes, such as "memory not
// available", still differs from the 0x00 fill).
unsigned measured_entry_bytes(const std::vector<unsigned char>& zeros,
                              const std::vector<unsigned char>& ones, unsigned count) {
  std::size_t end = 0;
  const std::size_t limit = std::min<std::size_t>(zeros.size(), std::size_t{count} * kMaxEntryBytes);
  for (std::size_t i = 0; i < limit; ++i)
    if (zeros[i] != 0x00 || ones[i] != 0xFF) end = i + 1;
  if (end > std::size_t{count} * 24) return 32;
  if (end > std::size_t{count} * 16) return 24;
  return 16;
}

}  // namespace

struct NvmlProcessReader::Impl {
  const NvmlLibrary::Table& t;
  NvmlDevice dev = nullptr;
  std::string open_error;
  unsigned long long last_seen_us = 0;
  std::string lib_path;

  explicit Impl(const NvmlLibrary& lib) : t(lib.table()), lib_path(lib.path()) {}

  // One running-process call into `out` (pid → memory); returns the entry size.
  unsigned procs(ProcsFn fn, const std::string& name, const char* kind,
                 std::map<std::int64_t, NvmlProcess>& out, NvmlGpuProcesses& r,
                 const std::string& key) {
    if (!fn) {
      r.unavailable[key] = {Status::unavailable,
                            std::string("nvmlDeviceGet") + (kind[0] == 'c' ? "Compute" : "Graphics") +
                                "RunningProcesses not found in " + lib_path + " (driver too old?)"};
      return 0;
    }
    const bool measure = name.ends_with("_v3");
    const unsigned fixed = name.ends_with("_v2") ? 24 : 16;
    // Processes come and go between the sizing call and the reading call:
    // retry a few times when the count grew past the buffer.
    for (int attempt = 0; attempt < 4; ++attempt) {
      unsigned n = 0;
      NvmlReturn rc = fn(dev, &n, nullptr);
      if (rc == kSuccess) return measure ? 0 : fixed;  // no process
      if (rc != kInsufficientSize) {
        r.unavailable[key] = nvml_missing(t, name, rc);
        return 0;
      }
      const unsigned cap = n + 8;
      std::vector<unsigned char> zeros(std::size_t{cap} * kMaxEntryBytes, 0x00);
      std::vector<unsigned char> ones(zeros.size(), 0xFF);
      unsigned n0 = cap, n1 = cap;
      rc = fn(dev, &n0, zeros.data());
      if (rc == kInsufficientSize) continue;
      if (rc != kSuccess) {
        r.unavailable[key] = nvml_missing(t, name, rc);
        return 0;
      }
      unsigned stride = fixed;
      if (measure) {
        rc = fn(dev, &n1, ones.data());
        if (rc == kInsufficientSize || (rc == kSuccess && n1 != n0)) continue;
        if (rc != kSuccess) {
          r.unavailable[key] = nvml_missing(t, name, rc);
          return 0;
        }
        stride = measured_entry_bytes(zeros, ones, n0);
      }
      for (unsigned i = 0; i < std::min(n0, cap); ++i) {
        NvmlProcessInfoPrefix e{};
        std::memcpy(&e.pid, zeros.data() + std::size_t{i} * stride, sizeof e.pid);
        std::memcpy(&e.used_gpu_memory, zeros.data() + std::size_t{i} * stride + 8,
                    sizeof e.used_gpu_memory);
        auto& p = out[e.pid];
        p.pid = e.pid;
        if (p.kind.empty()) p.kind = kind;
        else if (p.kind.find(kind) == std::string::npos) p.kind += std::string("+") + kind;
        if (e.used_gpu_memory != kNvmlValueNotAvailable)
          p.gpu_memory_bytes = p.gpu_memory_bytes.value_or(0) + e.used_gpu_memory;
      }
      return stride;
    }
    r.unavailable[key] = {Status::failed, name + ": the process list kept changing while read"};
    return 0;
  }

  void utilization(std::map<std::int64_t, NvmlProcess>& procs, NvmlGpuProcesses& r) {
    const std::string key = "process_utilization";
    if (!t.get_process_utilization) {
      r.unavailable[key] = {Status::unavailable,
                            "nvmlDeviceGetProcessUtilization not found in " + lib_path};
      return;
    }
    unsigned n = 0;
    NvmlReturn rc = t.get_process_utilization(dev, nullptr, &n, last_seen_us);
    if (rc == kSuccess && n == 0) rc = kNotFound;
    if (rc == kInsufficientSize) {
      std::vector<NvmlProcessUtilizationSample> buf(n + 8);
      n = static_cast<unsigned>(buf.size());
      rc = t.get_process_utilization(dev, buf.data(), &n, last_seen_us);
      if (rc == kSuccess) {
        struct Sum {
          double sm = 0, mem = 0, enc = 0, dec = 0;
          int n = 0;
        };
        std::map<std::int64_t, Sum> sums;
        unsigned long long newest = last_seen_us;
        for (unsigned i = 0; i < std::min<std::size_t>(n, buf.size()); ++i) {
          const auto& s = buf[i];
          if (s.time_stamp_us <= last_seen_us) continue;
          newest = std::max(newest, s.time_stamp_us);
          auto& sum = sums[s.pid];
          sum.sm += s.sm_util;
          sum.mem += s.mem_util;
          sum.enc += s.enc_util;
          sum.dec += s.dec_util;
          ++sum.n;
        }
        last_seen_us = newest;
        for (const auto& [pid, sum] : sums) {
          auto& p = procs[pid];
          p.pid = pid;
          p.sm_util_pct = sum.sm / sum.n;
          p.mem_util_pct = sum.mem / sum.n;
          p.enc_util_pct = sum.enc / sum.n;
          p.dec_util_pct = sum.dec / sum.n;
        }
        return;
      }
    }
    if (rc == kNotFound) {
      r.unavailable[key] = {Status::unavailable,
                            "nvmlDeviceGetProcessUtilization: no sample since the last read "
                            "(NVML_ERROR_NOT_FOUND)"};
      return;
    }
    r.unavailable[key] = nvml_missing(t, "nvmlDeviceGetProcessUtilization", rc);
  }
};

NvmlProcessReader::NvmlProcessReader(std::shared_ptr<const NvmlLibrary> lib,
                                     const NvmlLibrary::Gpu& gpu)
    : lib_(std::move(lib)), gpu_(gpu), impl_(std::make_unique<Impl>(*lib_)) {
  const auto& t = lib_->table();
  NvmlReturn r = kFunctionNotFound;
  if (gpu.pci && t.get_handle_by_pci_bus_id)
    r = t.get_handle_by_pci_bus_id(gpu.pci->to_string().c_str(), &impl_->dev);
  if (r != kSuccess) r = t.get_handle_by_index(gpu.index, &impl_->dev);
  if (r != kSuccess) {
    impl_->dev = nullptr;
    impl_->open_error = "cannot get a handle for GPU " + device() + ": " + nvml_return_name(r);
  }
}

NvmlProcessReader::~NvmlProcessReader() = default;

std::string NvmlProcessReader::device() const {
  return gpu_.pci ? gpu_.pci->to_string() : "nvml:" + std::to_string(gpu_.index);
}

NvmlGpuProcesses NvmlProcessReader::read() noexcept {
  NvmlGpuProcesses r;
  try {
    if (!impl_->dev) {
      for (const char* k : {"compute_processes", "graphics_processes", "process_utilization"})
        r.unavailable[k] = {Status::failed, impl_->open_error};
      return r;
    }
    const auto& t = lib_->table();
    std::map<std::int64_t, NvmlProcess> procs;
    const unsigned c = impl_->procs(t.get_compute_procs, t.name_of_compute_procs, "compute", procs, r,
                                    "compute_processes");
    const unsigned g = impl_->procs(t.get_graphics_procs, t.name_of_graphics_procs, "graphics", procs,
                                    r, "graphics_processes");
    r.entry_bytes = std::max(c, g);
    impl_->utilization(procs, r);
    for (auto& [pid, p] : procs) {
      if (p.kind.empty()) p.kind = "utilization-only";  // sampled, but no longer listed
      r.processes.push_back(std::move(p));
    }
  } catch (const std::exception& e) {
    r.unavailable["compute_processes"] = {Status::failed, e.what()};
  }
  return r;
}

}  // namespace clscope::probes
