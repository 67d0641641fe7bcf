// The fleet rules (see Fleet.hpp): grouping, robust statistics per metric,
// link, driver and platform majorities.
#include "app/fleet/Fleet.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <set>

namespace clscope::fleet {
namespace {

std::string num(double v) {
  char buf[64];
  const double a = std::fabs(v);
  std::snprintf(buf, sizeof buf, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 0.1 ? "%.2f" : "%.3g", v);
  return buf;
}

std::string with_unit(double v, const std::string& unit) {
  return unit.empty() ? num(v) : num(v) + " " + unit;
}

/// The value a strict majority of `values` holds (empty strings ignored), or "".
std::string majority(const std::vector<std::string>& values) {
  std::map<std::string, std::size_t> count;
  std::size_t n = 0;
  for (const auto& v : values) {
    if (v.empty()) continue;
    ++count[v];
    ++n;
  }
  for (const auto& [v, c] : count)
    if (2 * c > n) return v;
  return {};
}

std::string unique_host(const CheckResult& r, std::set<std::string>& seen) {
  // No host in the result (a run summary of an older version): its file
  // name without extension.
  std::string host = r.host.empty() ? std::filesystem::path(r.source).stem().string() : r.host;
  if (host.empty()) host = "?";
  if (seen.insert(host).second) return host;
  std::string alt = host + " (" + r.source + ")";
  for (int i = 2; !seen.insert(alt).second; ++i) alt = host + " (" + r.source + " #" + std::to_string(i) + ")";
  return alt;
}

void judge_metric(const std::string& name, FleetGroup& g, std::vector<FleetNode*>& members,
                  const FleetSettings& s) {
  MetricStats& st = g.metrics[name];
  std::vector<double> values;
  for (auto* n : members)
    if (auto it = n->metrics.find(name); it != n->metrics.end()) values.push_back(it->second);
  st.nodes = values.size();
  if (values.size() < s.min_nodes) {
    st.note = "not judged: " + std::to_string(values.size()) + " value(s), need " +
              std::to_string(s.min_nodes);
    return;
  }
  const double m = median(values);
  std::vector<double> dev;
  for (double v : values) dev.push_back(std::fabs(v - m));
  const double mad = median(dev);
  st.median = m;
  st.mad = mad;
  const double scale = std::max(kMadToSigma * mad, s.mad_floor * std::fabs(m));
  // A spread of zero says nothing about how far is too far, and a ratio of a
  // non-positive median means nothing: such a rule is not applied.
  const bool mad_ok = scale > 0;
  const bool ratio_ok = m > 0;
  if (!mad_ok && !ratio_ok) {
    st.note = "not judged: the median and the spread are 0";
    return;
  }
  const double mad_bound = st.lower_is_better ? m + s.mad_k * scale : m - s.mad_k * scale;
  const double ratio_bound = st.lower_is_better ? m / s.min_ratio : m * s.min_ratio;
  const double bound = !ratio_ok ? mad_bound
                       : !mad_ok ? ratio_bound
                       : st.lower_is_better ? std::min(mad_bound, ratio_bound)
                                            : std::max(mad_bound, ratio_bound);
  st.bound = bound;
  for (auto* n : members) {
    auto it = n->metrics.find(name);
    if (it == n->metrics.end()) continue;
    const double v = it->second;
    const bool flagged = st.lower_is_better ? v > bound : v < bound;
    if (!flagged) continue;
    const bool by_ratio = ratio_ok && (st.lower_is_better ? v > ratio_bound : v < ratio_bound);
    FleetReason r;
    r.rule = by_ratio ? "ratio" : "mad";
    r.metric = name;
    r.value = v;
    r.bound = by_ratio ? ratio_bound : mad_bound;
    r.severity = m != 0 ? std::fabs(v - m) / std::fabs(m) : 1.0;
    const char* cmp = st.lower_is_better ? " > " : " < ";
    if (by_ratio) {
      char pct[32];
      std::snprintf(pct, sizeof pct, "%.0f%%", (st.lower_is_better ? 1.0 / s.min_ratio : s.min_ratio) * 100);
      r.text = name + " " + with_unit(v, st.unit) + cmp + with_unit(*r.bound, st.unit) + " (" + pct +
               " of the group median " + with_unit(m, st.unit) + ")";
    } else {
      r.text = name + " " + with_unit(v, st.unit) + cmp + with_unit(*r.bound, st.unit) +
               " (group median " + with_unit(m, st.unit) + (st.lower_is_better ? " + " : " - ") +
               num(s.mad_k) + " x " + with_unit(scale, st.unit) + ", scale = max(1.4826 x MAD " +
               num(mad) + ", " + num(s.mad_floor * 100) + "% of the median))";
    }
    n->reasons.push_back(std::move(r));
  }
}

void judge_link(FleetGroup& g, std::vector<FleetNode*>& members, const FleetSettings& s) {
  std::vector<double> gens, widths;
  for (auto* n : members)
    if (auto l = parse_link(n->pcie_link)) {
      gens.push_back(l->first);
      widths.push_back(l->second);
    }
  if (gens.empty()) return;
  const double gen = median(gens), width = median(widths);
  char buf[64];
  std::snprintf(buf, sizeof buf, "Gen%g x%g", gen, width);
  g.link_median = buf;
  if (gens.size() < s.min_nodes) {
    g.notes.push_back("pcie-link not judged: " + std::to_string(gens.size()) + " link(s), need " +
                      std::to_string(s.min_nodes));
    return;
  }
  for (auto* n : members) {
    auto l = parse_link(n->pcie_link);
    if (!l || (l->first >= gen && l->second >= width)) continue;
    FleetReason r;
    r.rule = "pcie-link";
    r.metric = "pcie-link";
    r.severity = 1.0;
    r.text = "pcie-link trained to " + n->pcie_link + ", below the group's " + g.link_median +
             (l->first < gen ? " (generation)" : " (width)");
    n->reasons.push_back(std::move(r));
  }
}

void judge_majority(const char* rule, const char* what, std::string FleetNode::*field,
                    std::string& majority_out, FleetGroup& g, std::vector<FleetNode*>& members) {
  std::vector<std::string> values;
  for (auto* n : members) values.push_back(n->*field);
  majority_out = majority(values);
  std::set<std::string> distinct;
  for (const auto& v : values)
    if (!v.empty()) distinct.insert(v);
  if (majority_out.empty()) {
    if (distinct.size() > 1)
      g.notes.push_back(std::string(what) + " differs with no majority (" +
                        std::to_string(distinct.size()) + " values): not judged");
    return;
  }
  for (auto* n : members) {
    if ((n->*field).empty() || n->*field == majority_out) continue;
    FleetReason r;
    r.rule = rule;
    r.severity = 1.0;
    r.text = std::string(what) + " '" + n->*field + "' differs from the group's '" + majority_out + "'";
    n->reasons.push_back(std::move(r));
  }
}

}  // namespace

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

bool lower_is_better(const std::string& item, const std::string& unit) {
  static const std::set<std::string> kTimeUnits{"s", "ms", "us", "\u00b5s", "ns"};
  return kTimeUnits.count(unit) || item.find("latency") != std::string::npos || item == "device-idle";
}

std::optional<std::pair<int, int>> parse_link(const std::string& text) {
  static const std::regex kLink(R"(^\s*Gen\s*([0-9]{1,2})\s*x\s*([0-9]{1,3})\s*$)", std::regex::icase);
  std::smatch m;
  if (!std::regex_match(text, m, kLink)) return std::nullopt;
  return std::make_pair(std::stoi(m[1]), std::stoi(m[2]));
}

std::string scenario_summary(const CheckResult& r) {
  std::string out;
  if (r.is_run_summary()) {
    out = "run summary";
    if (!r.program.empty()) out += "; program " + r.program;
  } else {
    out = r.quick ? "quick" : "full";
    out += ", " + (r.workload_s ? num(*r.workload_s) + " s" : std::string("? s")) + " per workload";
  }
  for (const auto& w : r.workloads) {
    out += "; " + w.name + "(" + w.kind;
    if (!w.unit.empty()) out += " " + w.unit;
    for (const auto& [k, v] : w.params) out += " " + k + "=" + v;
    out += ")";
  }
  return out;
}

std::set<std::string> scenario_terms(const CheckResult& r) {
  std::set<std::string> out;
  if (r.is_run_summary()) {
    out.insert("input=run summary");
    if (!r.program.empty()) out.insert("program=" + r.program);
  } else {
    out = {"input=check result", std::string("quick=") + (r.quick ? "true" : "false"),
           "workload_s=" + (r.workload_s ? num(*r.workload_s) : std::string("?"))};
  }
  for (const auto& w : r.workloads) {
    out.insert(w.name + ".kind=" + w.kind);
    if (!w.unit.empty()) out.insert(w.name + ".unit=" + w.unit);
    for (const auto& [k, v] : w.params) out.insert(w.name + "." + k + "=" + v);
  }
  return out;
}

namespace {

std::string short_scenario(const CheckResult& r) {
  std::string out = r.is_run_summary() ? std::string("run summaries:")
                                       : std::string(r.quick ? "quick" : "full") + ", " +
                                             (r.workload_s ? num(*r.workload_s) : std::string("?")) +
                                             " s per workload:";
  for (const auto& w : r.workloads) out += " " + w.name;
  return out;
}

/// "stream.size=0" for a term of `a` that `b` lacks, listed for the note.
std::string only_in(const FleetGroup& a, const FleetGroup& b) {
  std::string out;
  int shown = 0, more = 0;
  for (const auto& t : a.scenario_terms) {
    if (b.scenario_terms.count(t)) continue;
    if (shown < 6) out += (shown++ ? ", " : "") + t;
    else ++more;
  }
  if (more) out += " and " + std::to_string(more) + " more";
  return out.empty() ? "nothing else" : out;
}

}  // namespace

double FleetNode::severity() const {
  double s = 0;
  for (const auto& r : reasons) s += r.severity;
  return s;
}

bool FleetReport::any_outlier() const {
  return std::any_of(nodes.begin(), nodes.end(), [](const FleetNode& n) { return n.outlier(); });
}

FleetReport analyse_fleet(const std::vector<CheckResult>& results, const FleetSettings& settings) {
  FleetReport rep;
  rep.settings = settings;
  std::set<std::string> hosts;
  std::map<std::pair<std::string, std::string>, std::size_t> group_of;  // (device, scenario) -> index
  for (const auto& r : results) {
    FleetNode n;
    n.host = unique_host(r, hosts);
    n.source = r.source;
    n.device = r.device.empty() ? "?" : r.device;
    n.driver = r.driver;
    n.platform_version = r.platform_version;
    n.check_pass = r.pass;
    const std::string scenario = scenario_summary(r);
    auto key = std::make_pair(n.device, scenario);
    auto [it, fresh] = group_of.emplace(key, rep.groups.size());
    if (fresh) {
      FleetGroup g;
      g.id = "g" + std::to_string(rep.groups.size() + 1);
      g.input = r.schema;
      g.device = n.device;
      g.scenario = scenario;
      g.scenario_short = short_scenario(r);
      g.scenario_terms = scenario_terms(r);
      rep.groups.push_back(std::move(g));
    }
    FleetGroup& g = rep.groups[it->second];
    g.hosts.push_back(n.host);
    n.group = g.id;
    if (r.host.empty())
      g.notes.push_back(n.host + ": " + r.source + " names no host" +
                        (r.is_run_summary() ? " (a run summary of an older clscope)" : "") +
                        ": named after its file");
    const bool run = r.is_run_summary();
    for (const auto& item : r.items) {
      if (!run && item.name == "pcie-link" && !item.text_value.empty()) n.pcie_link = item.text_value;
      if (item.pass == false) {
        FleetReason reason;
        reason.rule = run ? "workload-failed" : "check-failed";
        reason.metric = item.name;
        reason.value = item.value;
        reason.severity = 1.0;
        reason.text = (run ? "its run's workload " + item.name + " failed" : "its own check failed " + item.name) +
                      (item.detail.empty() ? "" : ": " + item.detail);
        n.reasons.push_back(std::move(reason));
      }
      // device-idle is other processes' load before the check (the check
      // itself judges it), not a property of the node to compare.
      if (!item.value || (!run && item.name == "device-idle")) continue;
      // The first node to report an item sets its unit for the group.
      auto [sit, first] = g.metrics.try_emplace(item.name);
      auto& st = sit->second;
      if (first) {
        st.unit = item.unit;
        // A run's metrics are named after its workloads, which say nothing
        // about direction: only a time unit is lower-is-better there.
        st.lower_is_better = lower_is_better(run ? std::string() : item.name, item.unit);
      }
      if (item.unit != st.unit) {
        g.notes.push_back(n.host + ": " + item.name + " in '" + item.unit + "', the group's is '" +
                          st.unit + "': not compared");
        continue;
      }
      n.metrics[item.name] = *item.value;
    }
    rep.nodes.push_back(std::move(n));
  }
  for (auto& g : rep.groups) {
    std::vector<FleetNode*> members;
    for (auto& n : rep.nodes)
      if (n.group == g.id) members.push_back(&n);
    for (auto& [name, st] : g.metrics) judge_metric(name, g, members, settings);
    judge_link(g, members, settings);
    judge_majority("driver", "driver", &FleetNode::driver, g.driver_majority, g, members);
    judge_majority("platform-version", "platform version", &FleetNode::platform_version,
                   g.platform_version_majority, g, members);
    if (members.size() < settings.min_nodes)
      g.notes.push_back(std::to_string(members.size()) + " node(s): too few to compare metrics (need " +
                        std::to_string(settings.min_nodes) + ")");
  }
  // Same device model, different scenarios: say why they were not compared.
  std::map<std::string, std::vector<const FleetGroup*>> by_device;
  for (const auto& g : rep.groups) by_device[g.device].push_back(&g);
  for (const auto& [device, groups] : by_device) {
    for (std::size_t i = 1; i < groups.size(); ++i) {
      // Against the first group of the same input, else the first group.
      std::size_t first = 0;
      for (std::size_t k = 0; k < i; ++k)
        if (groups[k]->input == groups[i]->input) {
          first = k;
          break;
        }
      const FleetGroup& a = *groups[first];
      const FleetGroup& b = *groups[i];
      if (a.input != b.input) {
        auto what = [](const FleetGroup& g) {
          return g.id + " (" + std::to_string(g.hosts.size()) + " node(s), " +
                 (g.input == kRunSchema ? "clscope.run/1 run summaries" : "clscope.check/1 check results") + ")";
        };
        rep.notes.push_back("not comparable: " + device + ": " + what(a) + " and " + what(b) +
                            ": check results and run summaries are different measurements (a check's "
                            "items, a run's workload medians), so they are not compared with each other");
        continue;
      }
      rep.notes.push_back("not comparable: " + device + ": " + a.id + " (" + std::to_string(a.hosts.size()) +
                          " node(s)) and " + b.id + " (" + std::to_string(b.hosts.size()) +
                          " node(s)) ran different scenarios or sizes (" + a.id + ": " + only_in(a, b) +
                          "; " + b.id + ": " + only_in(b, a) + "), so they are not compared with each other");
    }
  }
  std::stable_sort(rep.nodes.begin(), rep.nodes.end(), [](const FleetNode& a, const FleetNode& b) {
    if (a.outlier() != b.outlier()) return a.outlier();
    if (a.severity() != b.severity()) return a.severity() > b.severity();
    return a.host < b.host;
  });
  return rep;
}

}  // namespace clscope::fleet
