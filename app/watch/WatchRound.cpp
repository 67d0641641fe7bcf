#include "app/watch/WatchRound.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace clscope::app::watch {

WatchRound make_round(const probes::ProcessScanResult& scan, const RoundContext& ctx,
                      double t_begin_s, double t_end_s) {
  WatchRound r;
  r.t_begin_s = t_begin_s;
  r.t_end_s = t_end_s;
  r.inaccessible = scan.inaccessible;
  r.unavailable = scan.unavailable;
  for (const auto& u : scan.processes) {
    ProcessRow row;
    row.pid = u.pid;
    row.command = u.command;
    row.device = u.device;
    row.driver = u.driver;
    row.unavailable = u.unavailable;
    const CpuDevice* cpu = nullptr;
    if (u.device.empty() && ctx.cpu_device) {
      // With --pid on a CPU device, the process itself is the device's user:
      // its worker threads' CPU is the device's work.
      cpu = &*ctx.cpu_device;
      row.device = "cpu:" + cpu->name;
      row.driver = "cpu";
      row.unavailable.erase("device");
    }
    if (!ctx.device_filter.empty() && row.device != ctx.device_filter) continue;
    const auto sig = ctx.signals.find(row.device);
    row.evidence = evidence_for(u, cpu, sig == ctx.signals.end() ? nullptr : &sig->second);
    row.verdict = decide(row.evidence);
    if (u.host) row.threads = u.host->threads;
    row.use = u;
    r.processes.push_back(std::move(row));
  }
  return r;
}

namespace {
nlohmann::json round3(double v) { return std::round(v * 1000) / 1000; }
}  // namespace

nlohmann::json row_json(const ProcessRow& row) {
  nlohmann::json threads = nlohmann::json::array();
  for (const auto& t : row.threads)
    threads.push_back({{"tid", t.tid},
                       {"name", t.name},
                       {"cpu_pct", t.cpu_pct ? round3(*t.cpu_pct) : nlohmann::json(nullptr)},
                       {"state", std::string(1, t.state)}});
  nlohmann::json unavailable = nlohmann::json::object();
  for (const auto& [k, why] : row.unavailable) unavailable[k] = why.text();
  return {{"pid", row.pid},
          {"command", row.command},
          {"device", row.device},
          {"driver", row.driver},
          {"verdict", core::verdict_name(row.verdict.verdict)},
          {"confidence", round3(row.verdict.confidence)},
          {"why", row.verdict.why},
          {"evidence", evidence_json(row.evidence)},
          {"threads", threads},
          {"unavailable", unavailable}};
}

nlohmann::json inaccessible_json(const probes::InaccessibleProcess& p) {
  return {{"pid", p.pid}, {"command", p.command}, {"problem", p.problem.text()}};
}

nlohmann::json round_json(const WatchRound& round) {
  nlohmann::json procs = nlohmann::json::array();
  for (const auto& p : round.processes) procs.push_back(row_json(p));
  nlohmann::json denied = nlohmann::json::array();
  for (const auto& p : round.inaccessible) denied.push_back(inaccessible_json(p));
  return {{"type", "window"},
          {"t_s", round3(round.t_end_s)},
          {"processes", procs},
          {"inaccessible", denied}};
}

std::string row_text(const ProcessRow& row, double t_s) {
  std::string line = fmt::format("{:.1f}s  {} {}  {}  {}", t_s, row.pid,
                                 row.command.empty() ? "?" : row.command.substr(0, 40),
                                 row.device.empty() ? "(no device)" : row.device,
                                 core::verdict_name(row.verdict.verdict));
  line += "  (" + row.verdict.why;
  int shown = 0;
  std::vector<const probes::ThreadUse*> hot;
  for (const auto& t : row.threads)
    if (t.cpu_pct && *t.cpu_pct >= 1.0) hot.push_back(&t);
  std::sort(hot.begin(), hot.end(), [](auto* a, auto* b) { return *a->cpu_pct > *b->cpu_pct; });
  for (const auto* t : hot) {
    if (shown++ == 4) break;
    line += fmt::format("{}{} {} {:.0f}% {}", shown == 1 ? "; threads: " : ", ", t->tid, t->name,
                        *t->cpu_pct, t->state);
  }
  return line + ")";
}

}  // namespace clscope::app::watch
