#include "app/dashboard/ProcessesFeed.hpp"

#include <algorithm>

#include "core/Classifier.hpp"

namespace clscope::app {
namespace {

constexpr const char* kTwoScans = "needs two scans (about 1 s)";

std::string reason_of(const watch::ProcessRow& row, std::initializer_list<const char*> fields) {
  for (const char* f : fields)
    if (const auto it = row.unavailable.find(f); it != row.unavailable.end()) return it->second.text();
  return "";
}

bool on_cpu_device(const watch::ProcessRow& row) { return row.device.rfind("cpu:", 0) == 0; }

void device_use(const watch::ProcessRow& row, tui::ProcessEntry& e) {
  const auto& ev = row.evidence;
  if (ev.device_busy) {
    e.device_pct = *ev.device_busy * 100.0;
    e.device_pct_estimate = ev.busy_is_estimate;
    return;
  }
  e.device_pct_reason = reason_of(row, {"device", "engines", "sm_util_pct", "host"});
  if (e.device_pct_reason.empty())
    e.device_pct_reason = on_cpu_device(row) ? std::string(kTwoScans) + " of its worker threads"
                          : row.use.engines.empty() ? "the driver reports no engine counters"
                                                    : kTwoScans;
}

void device_memory(const watch::ProcessRow& row, tui::ProcessEntry& e) {
  const auto& u = row.use;
  if (u.gpu_memory_bytes) {
    e.device_mem_bytes = static_cast<double>(*u.gpu_memory_bytes);
    return;
  }
  // VRAM regions when the driver has any (amdgpu "vram", xe "vram0"), else all.
  const bool vram = std::any_of(u.memory.begin(), u.memory.end(),
                                [](const auto& m) { return m.region.rfind("vram", 0) == 0; });
  std::optional<double> sum;
  for (const auto& m : u.memory) {
    if (vram && m.region.rfind("vram", 0) != 0) continue;
    const auto b = m.resident_bytes ? m.resident_bytes : m.total_bytes;
    if (b) sum = sum.value_or(0) + static_cast<double>(*b);
  }
  if (sum) {
    e.device_mem_bytes = sum;
    return;
  }
  e.device_mem_reason = on_cpu_device(row) ? "a CPU device's memory is the process's host memory"
                                           : reason_of(row, {"device", "gpu_memory_bytes", "memory"});
  if (e.device_mem_reason.empty()) e.device_mem_reason = "the driver reports no memory per client";
}

void host_side(const watch::ProcessRow& row, tui::ProcessEntry& e) {
  const auto& ev = row.evidence;
  if (ev.process_cpu_pct) e.cpu_pct = *ev.process_cpu_pct;
  else e.cpu_reason = row.use.host ? kTwoScans : reason_of(row, {"host"});
  if (!row.use.host && row.threads.empty()) return;
  e.threads = static_cast<int>(row.threads.size());
  for (const auto& t : row.threads)
    if (t.cpu_pct && (!e.busiest_thread_pct || *t.cpu_pct > *e.busiest_thread_pct)) {
      e.busiest_thread_pct = t.cpu_pct;
      e.busiest_thread = t.name;
    }
  std::map<char, int> states = ev.thread_states;
  if (states.empty())
    for (const auto& t : row.threads) ++states[t.state];
  for (const char c : {'R', 'S', 'D'})
    if (const auto it = states.find(c); it != states.end() && it->second > 0)
      e.states += (e.states.empty() ? "" : " ") + std::string(1, c) + std::to_string(it->second);
  for (const auto& [c, n] : states)
    if (c != 'R' && c != 'S' && c != 'D' && n > 0)
      e.states += (e.states.empty() ? "" : " ") + std::string(1, c) + std::to_string(n);
  if (const auto& h = row.use.host) {
    for (const int n : h->numa_nodes) e.numa_nodes += (e.numa_nodes.empty() ? "" : ",") + std::to_string(n);
    e.device_numa_node = h->device_numa_node;
    e.off_device_node = h->runs_off_device_node.value_or(false);
  }
}

std::string inaccessible_note(const std::vector<probes::InaccessibleProcess>& procs) {
  std::string pids;
  for (std::size_t i = 0; i < procs.size() && i < 5; ++i)
    pids += (i == 0 ? "" : ", ") + std::to_string(procs[i].pid);
  if (procs.size() > 5) pids += ", ...";
  return std::to_string(procs.size()) + (procs.size() == 1 ? " process" : " processes") +
         " not readable (" + pids + "): " + procs.front().problem.text();
}

}  // namespace

tui::ProcessEntry process_entry(const watch::ProcessRow& row) {
  tui::ProcessEntry e;
  e.pid = row.pid;
  e.command = row.command;
  device_use(row, e);
  device_memory(row, e);
  host_side(row, e);
  e.verdict = core::verdict_name(row.verdict.verdict);
  e.evidence = row.verdict.why;
  return e;
}

tui::ProcessesInfo processes_info(const watch::WatchRound* round, const ProcessesContext& ctx) {
  tui::ProcessesInfo info;
  info.scope = ctx.scope;
  info.show_who = ctx.run;
  info.show_verdicts = ctx.verdicts;
  if (!ctx.note.empty()) info.notes.push_back(ctx.note);
  if (!round) {
    info.empty_reason = "scanning the processes (the first figures take two scans, about 1 s)";
    return info;
  }
  for (const auto& row : round->processes) {
    tui::ProcessEntry e = process_entry(row);
    if (ctx.run) {
      e.this_run = row.pid == ctx.self_pid;
      e.other_user = !e.this_run;
    }
    info.rows.push_back(std::move(e));
  }
  if (!round->inaccessible.empty()) info.notes.push_back(inaccessible_note(round->inaccessible));
  for (const auto& [source, why] : round->unavailable) info.notes.push_back(source + ": " + why.text());
  if (info.rows.empty())
    info.empty_reason = round->unavailable.empty()
                            ? ctx.nobody
                            : "nothing could be read: " + round->unavailable.begin()->second.text();
  return info;
}

}  // namespace clscope::app
