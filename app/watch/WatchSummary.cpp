#include "app/watch/WatchSummary.hpp"

#include <fmt/format.h>

#include <cmath>

namespace clscope::app::watch {

void WatchSummary::add(const WatchRound& round) {
  ++windows_;
  t_end_s_ = round.t_end_s;
  for (const auto& row : round.processes) {
    Acc& a = rows_[row.key()];
    a.latest = row;
    ++a.windows;
    ++a.counts[row.verdict.verdict];
    a.last_of[row.verdict.verdict] = row;
    a.last_at[row.verdict.verdict] = round.t_end_s;
  }
  for (const auto& p : round.inaccessible) denied_[p.pid] = p;
  for (const auto& [k, why] : round.unavailable) unavailable_.try_emplace(k, why);
}

core::Verdict WatchSummary::dominant(const Acc& a) {
  core::Verdict best = core::Verdict::unknown;
  int best_n = 0;
  double best_at = -1;
  for (const auto& [v, n] : a.counts) {
    if (v == core::Verdict::unknown) continue;
    const double at = a.last_at.at(v);
    if (n > best_n || (n == best_n && at > best_at)) {
      best = v;
      best_n = n;
      best_at = at;
    }
  }
  return best;
}

nlohmann::json WatchSummary::json() const {
  nlohmann::json procs = nlohmann::json::array();
  for (const auto& [key, a] : rows_) {
    const core::Verdict v = dominant(a);
    const auto it = a.last_of.find(v);
    const ProcessRow& basis = it != a.last_of.end() ? it->second : a.latest;
    nlohmann::json j = row_json(basis);
    j["threads"] = row_json(a.latest)["threads"];
    j["windows"] = a.windows;
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& [verdict, n] : a.counts) counts[core::verdict_name(verdict)] = n;
    j["verdicts"] = counts;
    procs.push_back(j);
  }
  nlohmann::json denied = nlohmann::json::array();
  for (const auto& [pid, p] : denied_) denied.push_back(inaccessible_json(p));
  nlohmann::json unavailable = nlohmann::json::object();
  for (const auto& [k, why] : unavailable_) unavailable[k] = why.text();
  return {{"type", "summary"},
          {"schema", "clscope.watch/1"},
          {"duration_s", std::round(t_end_s_ * 1000) / 1000},
          {"windows", windows_},
          {"processes", procs},
          {"inaccessible", denied},
          {"unavailable", unavailable}};
}

std::string WatchSummary::text() const {
  const nlohmann::json j = json();
  std::string out = fmt::format("\nwatched {:.1f} s, {} windows\n", j["duration_s"].get<double>(),
                                windows_);
  for (const auto& p : j["processes"]) {
    out += fmt::format("  {} {}  {}  {}  ({} windows)\n    {}\n", p["pid"].get<std::int64_t>(),
                       p["command"].get<std::string>(), p["device"].get<std::string>(),
                       p["verdict"].get<std::string>(), p["windows"].get<int>(),
                       p["why"].get<std::string>());
  }
  if (j["processes"].empty()) out += "  no process using a device was found\n";
  for (const auto& p : j["inaccessible"])
    out += fmt::format("  {} {}: {}\n", p["pid"].get<std::int64_t>(),
                       p["command"].get<std::string>(), p["problem"].get<std::string>());
  return out;
}

}  // namespace clscope::app::watch
