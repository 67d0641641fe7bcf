#include "probes/ProcessScan.hpp"

#include <algorithm>
#include <set>

#include "core/Time.hpp"
#include "probes/DrmClients.hpp"
#include "probes/NvmlProcesses.hpp"
#include "probes/ProcessHost.hpp"
#include "probes/Topology.hpp"

namespace clscope::probes {

struct ProcessScan::Impl {
  ProcessScanOptions options;
  DrmClientScanner drm;
  ProcessHostSampler host;
  std::vector<std::unique_ptr<NvmlProcessReader>> nvml;
  std::string nvml_error;
  std::map<std::string, std::optional<int>> device_nodes;  // device → local node

  explicit Impl(ProcessScanOptions o)
      : options(std::move(o)), drm(options.root), host(options.root) {
    if (!options.nvml) return;
    const auto gpus = options.nvml->gpus(nvml_error);
    for (const auto& g : gpus) nvml.push_back(std::make_unique<NvmlProcessReader>(options.nvml, g));
  }

  std::optional<int> device_node(const std::string& device) {
    auto [it, fresh] = device_nodes.try_emplace(device);
    if (fresh) {
      if (const auto pci = core::PciAddress::parse(device)) {
        const auto loc = sysfs_pci_locality(options.root, *pci);
        if (loc.numa_node && *loc.numa_node >= 0) it->second = loc.numa_node;
      }
    }
    return it->second;
  }

  bool wanted(std::int64_t pid) const {
    return options.pids.empty() ||
           std::find(options.pids.begin(), options.pids.end(), pid) != options.pids.end();
  }

  void add_nvml(ProcessScanResult& r) {
    if (!options.nvml) return;
    if (!nvml_error.empty()) r.unavailable["nvml"] = {Status::failed, nvml_error};
    for (auto& reader : nvml) {
      const auto g = reader->read();
      const std::string device = reader->device();
      for (const auto& [key, why] : g.unavailable)
        r.unavailable.try_emplace("nvml:" + device + ":" + key, why);
      DeviceClients dc;
      dc.device = device;
      dc.driver = "nvidia";
      dc.unavailable["engines"] = {Status::unavailable,
                                   "NVML has no per-engine counters: see the processes' sm_util_pct "
                                   "and the NVML probe's util_pct"};
      for (const auto& p : g.processes)
        if (wanted(p.pid)) dc.pids.push_back(p.pid);
      r.devices.push_back(std::move(dc));
      for (const auto& p : g.processes) {
        if (!wanted(p.pid)) continue;
        auto it = std::find_if(r.processes.begin(), r.processes.end(),
                               [&](const auto& u) { return u.pid == p.pid && u.device == device; });
        if (it == r.processes.end()) {
          ProcessDeviceUse u;
          u.pid = p.pid;
          u.device = device;
          u.driver = "nvidia";
          r.processes.push_back(std::move(u));
          it = std::prev(r.processes.end());
        }
        it->nvml_index = reader->gpu().index;
        it->nvml_kind = p.kind;
        it->gpu_memory_bytes = p.gpu_memory_bytes;
        it->sm_util_pct = p.sm_util_pct;
        it->mem_util_pct = p.mem_util_pct;
        it->enc_util_pct = p.enc_util_pct;
        it->dec_util_pct = p.dec_util_pct;
        if (!p.sm_util_pct) {
          auto why = g.unavailable.count("process_utilization")
                         ? g.unavailable.at("process_utilization")
                         : Missing{Status::unavailable, "no utilisation sample for this process"};
          for (const char* f : {"sm_util_pct", "mem_util_pct", "enc_util_pct", "dec_util_pct"})
            it->unavailable.try_emplace(f, why);
        }
        if (!p.gpu_memory_bytes)
          it->unavailable.try_emplace("gpu_memory_bytes",
                                      Missing{Status::unavailable, "NVML reports it as not available"});
        it->unavailable.erase("engines");  // NVML gives utilisation instead
      }
    }
  }

  void add_host(ProcessScanResult& r) {
    std::set<std::int64_t> pids;
    for (const auto& u : r.processes) pids.insert(u.pid);
    std::map<std::int64_t, std::pair<std::optional<HostSide>, Missing>> per_pid;
    for (const auto pid : pids) {
      Missing why;
      auto h = host.sample(pid, r.t_ns, std::nullopt, why);
      per_pid[pid] = {std::move(h), why};
    }
    host.forget_others({pids.begin(), pids.end()});
    for (auto& u : r.processes) {
      const auto& [h, why] = per_pid[u.pid];
      if (!h) {
        u.unavailable["host"] = why;
        continue;
      }
      u.host = h;
      set_device_node(*u.host, device_node(u.device));
    }
  }

  ProcessScanResult sample(std::int64_t t_ns) {
    ProcessScanResult r;
    r.t_ns = t_ns;
    auto d = drm.scan(options.pids, r.t_ns);
    r.processes = std::move(d.processes);
    r.devices = std::move(d.devices);
    r.inaccessible = std::move(d.inaccessible);
    if (d.failure)
      r.unavailable["drm"] = *d.failure;
    else if (options.pids.empty() && d.scanned_pids.empty() && r.inaccessible.empty())
      r.unavailable["drm"] = {Status::unavailable,
                              options.root.procfs.string() + ": no process could be listed"};
    add_nvml(r);
    std::vector<std::int64_t> listed = options.pids;
    listed.insert(listed.end(), options.always_list.begin(), options.always_list.end());
    for (const auto pid : listed) {
      const bool found =
          std::any_of(r.processes.begin(), r.processes.end(), [&](const auto& u) { return u.pid == pid; }) ||
          std::any_of(r.inaccessible.begin(), r.inaccessible.end(), [&](const auto& p) { return p.pid == pid; });
      if (found) continue;
      ProcessDeviceUse u;
      u.pid = pid;
      u.unavailable["device"] = {Status::unavailable,
                                 "no DRM client fd with usage stats and not in NVML's process lists"};
      r.processes.push_back(std::move(u));
    }
    for (auto& u : r.processes) u.command = DrmClientScanner::command_of(options.root, u.pid);
    if (options.host_side) add_host(r);
    std::sort(r.processes.begin(), r.processes.end(), [](const auto& a, const auto& b) {
      return std::tie(a.pid, a.device) < std::tie(b.pid, b.device);
    });
    std::stable_sort(r.devices.begin(), r.devices.end(),
                     [](const auto& a, const auto& b) { return a.device < b.device; });
    std::sort(r.inaccessible.begin(), r.inaccessible.end(),
              [](const auto& a, const auto& b) { return a.pid < b.pid; });
    return r;
  }
};

ProcessScan::ProcessScan(ProcessScanOptions options) {
  try {
    impl_ = std::make_unique<Impl>(std::move(options));
  } catch (...) {
    impl_.reset();  // sample() reports it
  }
}

ProcessScan::~ProcessScan() = default;

ProcessScanResult ProcessScan::sample() noexcept { return sample_at(core::now_ns()); }

ProcessScanResult ProcessScan::sample_at(std::int64_t t_ns) noexcept {
  ProcessScanResult r;
  r.t_ns = t_ns;
  try {
    if (impl_) return impl_->sample(t_ns);
    r.unavailable["scan"] = {Status::failed, "the process scan could not be set up"};
  } catch (const std::exception& e) {
    r.unavailable["scan"] = {Status::failed, e.what()};
  }
  return r;
}

}  // namespace clscope::probes
