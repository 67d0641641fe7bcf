#include "app/watch/WatchConsoleSink.hpp"

#include <fmt/format.h>

#include "app/output/ConsoleSink.hpp"

namespace clscope::app::watch {

namespace {
constexpr std::size_t kListedDenied = 5;  // more are summarised in one line
}  // namespace

void WatchConsoleSink::on_update(const RunUpdate& u) {
  if (!u.watch) return;
  const WatchRound& r = *u.watch;
  auto once = [&](const std::string& key, const std::string& line) {
    if (said_.insert(key).second) err_ << line << "\n";
  };
  for (const auto& [source, why] : r.unavailable)
    once("source:" + source, fmt::format("clscope: watch: {}: {}", source, why.text()));
  // A full scan by an unprivileged user meets every other user's process:
  // one line for them all, the pids being in the JSON summary.
  if (r.inaccessible.size() > kListedDenied) {
    once("denied:many", fmt::format("clscope: watch: {} processes could not be inspected: {}",
                                    r.inaccessible.size(), r.inaccessible.front().problem.text()));
  } else {
    for (const auto& p : r.inaccessible)
      once(fmt::format("denied:{}", p.pid),
           fmt::format("clscope: watch: pid {} ({}): {}", p.pid,
                       p.command.empty() ? "?" : p.command, p.problem.text()));
  }
  for (const auto& p : r.processes) {
    if (const auto it = p.unavailable.find("device"); it != p.unavailable.end())
      once(fmt::format("nodevice:{}", p.pid),
           fmt::format("clscope: watch: pid {}: uses no device clscope can see: {}", p.pid,
                       it->second.text()));
    if (const auto it = p.unavailable.find("host"); it != p.unavailable.end())
      once(fmt::format("nohost:{}", p.pid),
           fmt::format("clscope: watch: pid {}: threads not read: {}", p.pid, it->second.text()));
  }
  if (json_) {
    out_ << round_json(r).dump() << "\n";
  } else {
    for (const auto& p : r.processes) out_ << row_text(p, r.t_end_s) << "\n";
    if (r.processes.empty()) out_ << fmt::format("{:.1f}s  no process using a device\n", r.t_end_s);
  }
  for (const auto& e : u.events) err_ << event_line(e) << "\n";
  out_.flush();
}

}  // namespace clscope::app::watch
