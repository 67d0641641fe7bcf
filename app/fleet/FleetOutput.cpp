#include "app/fleet/FleetOutput.hpp"

#include <cstdio>
#include <sstream>

namespace clscope::fleet {
namespace {

nlohmann::json opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s + " ";
}

}  // namespace

nlohmann::json fleet_json(const FleetReport& rep) {
  nlohmann::json j{{"schema", kFleetSchema}};
  j["settings"] = {{"mad_k", rep.settings.mad_k},
                   {"min_ratio", rep.settings.min_ratio},
                   {"mad_floor", rep.settings.mad_floor},
                   {"min_nodes", rep.settings.min_nodes}};
  j["groups"] = nlohmann::json::array();
  for (const auto& g : rep.groups) {
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [name, st] : g.metrics)
      metrics[name] = {{"unit", st.unit},           {"lower_is_better", st.lower_is_better},
                       {"nodes", st.nodes},         {"median", opt(st.median)},
                       {"mad", opt(st.mad)},        {"bound", opt(st.bound)},
                       {"note", st.note}};
    j["groups"].push_back({{"id", g.id},
                           {"input", g.input},
                           {"device", g.device},
                           {"scenario", g.scenario},
                           {"hosts", g.hosts},
                           {"driver", g.driver_majority},
                           {"platform_version", g.platform_version_majority},
                           {"pcie_link", g.link_median},
                           {"metrics", metrics},
                           {"notes", g.notes}});
  }
  j["nodes"] = nlohmann::json::array();
  for (const auto& n : rep.nodes) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& r : n.reasons)
      reasons.push_back({{"rule", r.rule}, {"metric", r.metric}, {"value", opt(r.value)},
                         {"bound", opt(r.bound)}, {"text", r.text}});
    j["nodes"].push_back({{"host", n.host},
                          {"source", n.source},
                          {"group", n.group},
                          {"outlier", n.outlier()},
                          {"reasons", reasons},
                          {"metrics", n.metrics},
                          {"pcie_link", n.pcie_link},
                          {"driver", n.driver},
                          {"platform_version", n.platform_version},
                          {"check_pass", n.check_pass ? nlohmann::json(*n.check_pass) : nlohmann::json(nullptr)}});
  }
  j["notes"] = rep.notes;
  return j;
}

std::string fleet_table(const FleetReport& rep) {
  std::ostringstream out;
  std::size_t flagged = 0;
  for (const auto& n : rep.nodes) flagged += n.outlier() ? 1 : 0;
  out << "clscope fleet report: " << rep.nodes.size() << " node(s) in " << rep.groups.size()
      << " group(s); " << flagged << " flagged\n\n";
  for (const auto& g : rep.groups) {
    out << g.id << ": " << g.device << " - " << g.hosts.size() << " node(s); driver "
        << (g.driver_majority.empty() ? "-" : g.driver_majority) << "; " << g.scenario_short << "\n";
    for (const auto& [name, st] : g.metrics) {
      out << "    " << pad(name, 20);
      if (!st.median) {
        out << st.note << "\n";
        continue;
      }
      char buf[160];
      std::snprintf(buf, sizeof buf, "median %.4g %s, MAD %.3g, flag %s %.4g", *st.median, st.unit.c_str(),
                    *st.mad, st.lower_is_better ? "above" : "below", *st.bound);
      out << buf << "\n";
    }
    for (const auto& note : g.notes) out << "    note: " << note << "\n";
  }
  out << "\n" << pad("HOST", 24) << pad("GROUP", 6) << "VERDICT\n";
  for (const auto& n : rep.nodes) {
    out << pad(n.host, 24) << pad(n.group, 6) << (n.outlier() ? "OUTLIER" : "ok") << "\n";
    for (const auto& r : n.reasons) out << "    " << r.text << "\n";
  }
  for (const auto& note : rep.notes) out << "\nnote: " << note << "\n";
  return out.str();
}

}  // namespace clscope::fleet
