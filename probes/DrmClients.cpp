#include "probes/DrmClients.hpp"

#include <algorithm>
#include <cerrno>
#include <set>

namespace clscope::probes {

struct DrmClientScanner::Totals {
  struct Device {
    std::string driver;
    std::set<std::int64_t> pids;
    std::map<ClientKey, std::map<std::string, EngineUse>> clients;  // each client once
  };
  std::map<std::string, Device> devices;
};

namespace {

void add_memory(std::vector<RegionMemory>& into, const RegionMemory& m) {
  auto it = std::find_if(into.begin(), into.end(), [&](const auto& r) { return r.region == m.region; });
  if (it == into.end()) {
    into.push_back(m);
    return;
  }
  auto add = [](std::optional<std::uint64_t>& a, const std::optional<std::uint64_t>& b) {
    if (b) a = a.value_or(0) + *b;
  };
  add(it->total_bytes, m.total_bytes);
  add(it->resident_bytes, m.resident_bytes);
  add(it->shared_bytes, m.shared_bytes);
  add(it->active_bytes, m.active_bytes);
  add(it->purgeable_bytes, m.purgeable_bytes);
}

// Adds one client's engine reading into a per-process or per-device list.
void add_engine(std::map<std::string, EngineUse>& into, const EngineUse& e) {
  auto [it, fresh] = into.try_emplace(e.engine, e);
  if (fresh) return;
  EngineUse& a = it->second;
  a.capacity = std::max(a.capacity, e.capacity);
  if (e.busy_ns) a.busy_ns = a.busy_ns.value_or(0) + *e.busy_ns;
  if (e.busy_fraction) a.busy_fraction = std::min(1.0, a.busy_fraction.value_or(0) + *e.busy_fraction);
  if (a.source.empty()) a.source = e.source;
}

std::vector<EngineUse> engine_list(const std::map<std::string, EngineUse>& m) {
  std::vector<EngineUse> v;
  for (const auto& [name, e] : m) v.push_back(e);
  return v;
}

bool needs_two_samples(const std::vector<EngineUse>& engines) {
  return std::any_of(engines.begin(), engines.end(), [](const auto& e) { return !e.busy_fraction; });
}

}  // namespace

std::string DrmClientScanner::command_of(const FsRoot& root, std::int64_t pid) {
  const auto dir = root.proc(std::to_string(pid));
  std::string text;
  if (root.fs->read(dir / "cmdline", text) == 0) {
    std::replace(text.begin(), text.end(), '\0', ' ');
    if (auto t = trim(text); !t.empty()) return std::string(t);
  }
  if (root.fs->read(dir / "comm", text) == 0) return std::string(trim(text));
  return {};
}

std::string DrmClientScanner::device_of(const DrmFdinfo& info, const std::string& node) {
  if (!info.pdev.empty()) return info.pdev;
  auto [it, fresh] = node_device_.try_emplace(node);
  if (fresh) {
    it->second = "dri:" + node;
    if (const auto dev = root_.fs->canonical(root_.sys("class/drm") / node / "device")) {
      if (core::PciAddress::parse(dev->filename().string())) it->second = dev->filename().string();
    }
  }
  return it->second;
}

DrmScan DrmClientScanner::scan(const std::vector<std::int64_t>& pids, std::int64_t t_ns) noexcept {
  DrmScan out;
  try {
    std::vector<std::int64_t> todo = pids;
    if (todo.empty()) {
      for (const auto& name : root_.fs->list(root_.procfs))
        if (const auto pid = parse_int(name); pid && *pid > 0) todo.push_back(*pid);
    }
    std::sort(todo.begin(), todo.end());
    todo.erase(std::unique(todo.begin(), todo.end()), todo.end());
    next_.clear();
    Totals totals;
    for (const auto pid : todo) scan_pid(pid, t_ns, out, totals);
    prev_.swap(next_);
    for (auto& [device, d] : totals.devices) {
      DeviceClients dc;
      dc.device = device;
      dc.driver = d.driver;
      dc.pids.assign(d.pids.begin(), d.pids.end());
      std::map<std::string, EngineUse> sum;
      for (const auto& [key, engines] : d.clients)
        for (const auto& [name, e] : engines) add_engine(sum, e);
      dc.engines = engine_list(sum);
      if (needs_two_samples(dc.engines))
        dc.unavailable["engines"] = {Status::unavailable,
                                     "busy share needs two scans of each client's counters"};
      out.devices.push_back(std::move(dc));
    }
  } catch (const std::exception& e) {
    // Keep what was read; the caller reports the rest as failed.
    out.failure = Missing{Status::failed, std::string("DRM client scan: ") + e.what()};
  }
  return out;
}

void DrmClientScanner::scan_pid(std::int64_t pid, std::int64_t t_ns, DrmScan& out, Totals& totals) {
  const auto dir = root_.proc(std::to_string(pid));
  std::vector<std::string> fds;
  auto deny = [&](const std::filesystem::path& path, int err) {
    InaccessibleProcess p;
    p.pid = pid;
    if (root_.fs->read(dir / "comm", text_) == 0) p.command = std::string(trim(text_));
    p.problem = {status_from_errno(err), describe_error(path, err)};
    if (p.problem.status == Status::permission_denied) p.problem.reason += " (" + std::string(kPtraceHint) + ")";
    out.inaccessible.push_back(std::move(p));
  };
  if (const int err = root_.fs->list_dir(dir / "fd", fds); err != 0) {
    if (status_from_errno(err) != Status::unavailable) deny(dir / "fd", err);
    return;  // ENOENT: the process ended
  }
  out.scanned_pids.push_back(pid);
  struct Client {
    DrmFdinfo info;
    std::string node;
    std::string fd;
  };
  std::map<ClientKey, Client> clients;  // this process's, de-duplicated
  for (const auto& fd : fds) {
    const auto target = root_.fs->read_link(dir / "fd" / fd);
    if (!target || !target->string().starts_with("/dev/dri/")) continue;
    const auto fdinfo = dir / "fdinfo" / fd;
    if (const int err = root_.fs->read(fdinfo, text_); err != 0) {
      if (status_from_errno(err) == Status::permission_denied) {
        deny(fdinfo, err);
        return;
      }
      continue;  // closed meanwhile
    }
    auto info = parse_drm_fdinfo(text_);
    if (!info) continue;  // a DRM node without usage stats (old driver, control node)
    const std::string node = target->filename().string();
    const std::string device = device_of(*info, node);
    const std::string id = info->client_id ? std::to_string(*info->client_id)
                                           : std::to_string(pid) + "/" + fd;
    clients.try_emplace(ClientKey{device, id}, Client{std::move(*info), node, fd});
  }

  std::map<std::string, ProcessDeviceUse> uses;  // by device
  std::map<std::string, std::map<std::string, EngineUse>> engines;  // device → engine → sum
  for (const auto& [key, c] : clients) {
    const auto& device = std::get<0>(key);
    auto& use = uses[device];
    if (use.device.empty()) {
      use.pid = pid;
      use.device = device;
      use.driver = c.info.driver;
    }
    if (c.info.client_id) use.drm_client_ids.push_back(*c.info.client_id);
    for (const auto& [region, m] : c.info.memory) add_memory(use.memory, m);

    const Prev* prev = nullptr;
    if (auto it = prev_.find(key); it != prev_.end()) prev = &it->second;
    auto& next = next_[key];
    next.t_ns = t_ns;
    auto& dev_totals = totals.devices[device];
    dev_totals.driver = c.info.driver;
    dev_totals.pids.insert(pid);
    const bool counted = dev_totals.clients.count(key) > 0;  // shared with an earlier process
    for (const auto& [name, counters] : c.info.engines) {
      next.engines[name] = counters;
      EngineUse e;
      e.engine = name;
      e.capacity = counters.capacity;
      e.busy_ns = counters.busy_ns;
      e.source = counters.cycles ? "drm-cycles/drm-total-cycles" : "drm-engine (ns)";
      if (prev) {
        if (auto pe = prev->engines.find(name); pe != prev->engines.end())
          e.busy_fraction = drm_busy_fraction(pe->second, counters, t_ns - prev->t_ns);
      }
      add_engine(engines[device], e);
      if (!counted) dev_totals.clients[key][name] = e;
    }
  }
  for (auto& [device, use] : uses) {
    use.engines = engine_list(engines[device]);
    std::sort(use.memory.begin(), use.memory.end(),
              [](const auto& a, const auto& b) { return a.region < b.region; });
    if (use.engines.empty())
      use.unavailable["engines"] = {Status::unavailable, "the driver prints no drm-engine-* counters"};
    else if (needs_two_samples(use.engines))
      use.unavailable["engines"] = {Status::unavailable,
                                    "busy share needs two scans of each client's counters"};
    if (use.memory.empty())
      use.unavailable["memory"] = {Status::unavailable, "the driver prints no drm-memory/drm-total keys"};
    out.processes.push_back(std::move(use));
  }
}

}  // namespace clscope::probes
