#include "probes/ProcessHost.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>

#include "probes/NumaNodes.hpp"
#include "probes/ProcessProbes.hpp"

namespace clscope::probes {

ProcessHostSampler::ProcessHostSampler(FsRoot root)
    : root_(std::move(root)), cpu_nodes_(read_cpu_nodes(root_)) {
  const long t = ::sysconf(_SC_CLK_TCK);
  tick_s_ = 1.0 / (t > 0 ? static_cast<double>(t) : 100.0);
}

std::optional<HostSide> ProcessHostSampler::sample(std::int64_t pid, std::int64_t t_ns,
                                                   std::optional<int> device_node,
                                                   Missing& why) noexcept {
  try {
    why = Missing{};
    HostSide h = read(pid, t_ns, device_node, why);
    if (!why.reason.empty()) return std::nullopt;
    return h;
  } catch (const std::exception& e) {
    why = Missing{Status::failed, e.what()};
    return std::nullopt;
  }
}

void ProcessHostSampler::forget_others(const std::vector<std::int64_t>& alive) {
  const std::set<std::int64_t> keep(alive.begin(), alive.end());
  std::erase_if(prev_, [&](const auto& kv) { return !keep.count(kv.first.first); });
}

HostSide ProcessHostSampler::read(std::int64_t pid, std::int64_t t_ns,
                                  std::optional<int> device_node, Missing& why) {
  HostSide h;
  const auto task_dir = root_.proc(std::to_string(pid)) / "task";
  std::vector<std::string> tids;
  if (const int err = root_.fs->list_dir(task_dir, tids); err != 0) {
    why = Missing{status_from_errno(err), describe_error(task_dir, err)};
    return h;
  }
  std::set<std::int64_t> seen;
  std::set<int> all_nodes, busy_nodes;
  bool any_cpu_pct = false;
  double busiest_pct = -1;
  for (const auto& tid_text : tids) {
    const auto tid = parse_int(tid_text);
    if (!tid) continue;
    if (root_.fs->read(task_dir / tid_text / "stat", text_) != 0) continue;  // ended meanwhile
    const auto st = parse_proc_stat(text_);
    if (!st) continue;
    ThreadUse t;
    t.tid = *tid;
    t.name = st->comm;
    t.state = st->state;
    t.last_cpu = st->processor;
    if (st->processor) {
      if (auto it = cpu_nodes_.find(*st->processor); it != cpu_nodes_.end()) t.numa_node = it->second;
    }
    const std::int64_t ticks = st->utime_ticks + st->stime_ticks;
    seen.insert(*tid);
    auto& prev = prev_[{pid, *tid}];
    if (prev.t_ns > 0 && t_ns > prev.t_ns && ticks >= prev.ticks) {
      t.cpu_pct = static_cast<double>(ticks - prev.ticks) * tick_s_ * 1e11 /
                  static_cast<double>(t_ns - prev.t_ns);
    }
    std::optional<std::int64_t> sched_ns;
    if (root_.fs->read(task_dir / tid_text / "schedstat", text_) == 0) {
      const auto f = split_ws(text_);
      const auto run = f.size() >= 2 ? parse_int(f[0]) : std::nullopt;
      const auto wait = f.size() >= 2 ? parse_int(f[1]) : std::nullopt;
      if (run && wait) sched_ns = *run + *wait;
    }
    if (sched_ns && prev.sched_ns && prev.t_ns > 0 && t_ns > prev.t_ns && *sched_ns >= *prev.sched_ns)
      t.runnable_pct = std::min(100.0, static_cast<double>(*sched_ns - *prev.sched_ns) * 100.0 /
                                           static_cast<double>(t_ns - prev.t_ns));
    prev = Prev{ticks, t_ns, sched_ns};
    if (root_.fs->read(task_dir / tid_text / "status", text_) == 0) {
      t.voluntary_ctxt = parse_status_field(text_, "voluntary_ctxt_switches:");
      t.nonvoluntary_ctxt = parse_status_field(text_, "nonvoluntary_ctxt_switches:");
    }
    if (t.numa_node) {
      all_nodes.insert(*t.numa_node);
      if (t.cpu_pct && *t.cpu_pct > 0) busy_nodes.insert(*t.numa_node);
    }
    if (t.cpu_pct) {
      any_cpu_pct = true;
      if (*t.cpu_pct >= kPinnedCorePct && *t.cpu_pct > busiest_pct) {
        busiest_pct = *t.cpu_pct;
        h.pinned_tid = t.tid;
      }
    }
    h.threads.push_back(std::move(t));
  }
  std::erase_if(prev_, [&](const auto& kv) { return kv.first.first == pid && !seen.count(kv.first.second); });
  if (h.threads.empty()) {
    why = Missing{Status::unavailable, task_dir.string() + ": no readable thread (process ended?)"};
    return h;
  }
  // Where the working threads ran; an idle process (or a first sample) is
  // placed by all its threads' last CPUs.
  const auto& nodes = any_cpu_pct && !busy_nodes.empty() ? busy_nodes : all_nodes;
  h.numa_nodes.assign(nodes.begin(), nodes.end());
  set_device_node(h, device_node);
  return h;
}

void set_device_node(HostSide& h, std::optional<int> device_node) {
  h.device_numa_node = device_node;
  h.runs_off_device_node.reset();
  if (device_node && !h.numa_nodes.empty()) {
    h.runs_off_device_node = std::any_of(h.numa_nodes.begin(), h.numa_nodes.end(),
                                         [&](int n) { return n != *device_node; });
  }
}

}  // namespace clscope::probes
