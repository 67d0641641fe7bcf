#include "app/analysis/Compare.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "core/Report.hpp"
#include "core/Stats.hpp"

namespace clscope::app {
namespace {

using Flat = std::map<std::string, nlohmann::json>;

// Manifest entries that differ on every run of the same thing.
constexpr const char* kIgnored[] = {"type", "schema", "command_line", "start_unix_s", "program.pid",
                                    "config.source"};
// What a comparison compares: the machine and its software stack.
constexpr const char* kCompared[] = {"host",     "os",       "cpu_model",
                                     "opencl",   "ceilings", "ceilings_detail",
                                     "topology", "config.device"};
constexpr std::size_t kTextListMax = 12;

bool under(const std::string& path, const std::string& prefix) {
  if (path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

template <std::size_t N>
bool under_any(const std::string& path, const char* const (&prefixes)[N]) {
  for (const char* p : prefixes)
    if (under(path, p)) return true;
  return false;
}

/// Leaves of `j` by path; arrays of named objects are keyed by name
/// ("workloads[stream]"), other arrays are leaves.
void flatten(const nlohmann::json& j, const std::string& path, Flat& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) flatten(v, path.empty() ? k : path + "." + k, out);
    return;
  }
  if (j.is_array() && !j.empty()) {
    bool named = true;
    for (const auto& e : j) named = named && e.is_object() && e.contains("name") && e["name"].is_string();
    if (named) {
      for (const auto& e : j) {
        nlohmann::json rest = e;
        rest.erase("name");
        flatten(rest, path + "[" + e["name"].get<std::string>() + "]", out);
      }
      return;
    }
  }
  out[path] = j;
}

/// The manifest plus what the setup records say about each workload's size.
Flat describe(const LoadedRun& run) {
  Flat flat;
  flatten(run.recording.manifest, "", flat);
  std::map<std::string, nlohmann::json> setups;
  for (const auto& r : run.recording.records) {
    if (r.value("type", "") != "setup" || !r.contains("workload")) continue;
    setups[r["workload"].get<std::string>()] = {{"metric", r.value("metric", nlohmann::json())},
                                                {"resolved", r.value("resolved", nlohmann::json())}};
  }
  // A workload without a setup record: its resolved size is unknown.
  for (const auto& s : run.series)
    if (!setups.count(s.info.name)) setups[s.info.name] = {{"resolved", "no setup record"}};
  for (const auto& [name, j] : setups) flatten(j, "setup[" + name + "]", flat);
  return flat;
}

nlohmann::json opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::optional<double> median_of(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  return core::median(v);
}

nlohmann::json latency(const core::WorkloadSeries& s, const core::WorkloadReport& r) {
  std::vector<double> d50, d99, r50, r99;
  for (const auto& w : s.windows) {
    if (w.iterations == 0) continue;
    if (r.steady_at_s && w.t_begin_s + 1e-9 < *r.steady_at_s) continue;
    if (w.dispatch_us_p50) d50.push_back(*w.dispatch_us_p50);
    if (w.dispatch_us_p99) d99.push_back(*w.dispatch_us_p99);
    if (w.round_trip_us_p50) r50.push_back(*w.round_trip_us_p50);
    if (w.round_trip_us_p99) r99.push_back(*w.round_trip_us_p99);
  }
  if (d50.empty() && d99.empty() && r50.empty() && r99.empty()) return nullptr;
  return {{"dispatch_p50", opt(median_of(d50))}, {"dispatch_p99", opt(median_of(d99))},
          {"round_trip_p50", opt(median_of(r50))}, {"round_trip_p99", opt(median_of(r99))}};
}

nlohmann::json side(const core::WorkloadSeries& s, const core::WorkloadReport& r) {
  nlohmann::json j{{"phase", core::phase_name(r.phase)},
                   {"steady_at_s", opt(r.steady_at_s)},
                   {"steady_median", r.steady ? nlohmann::json(r.steady->median) : nlohmann::json()},
                   {"steady_ci", nullptr},
                   {"peak", opt(r.peak)},
                   {"sustained_over_peak", opt(r.sustained_over_peak)},
                   {"verdict", core::verdict_name(r.verdict)},
                   {"windows", r.windows},
                   {"latency_us", latency(s, r)}};
  if (r.steady && r.steady->ci_low && r.steady->ci_high)
    j["steady_ci"] = {*r.steady->ci_low, *r.steady->ci_high};
  return j;
}

nlohmann::json run_identity(const LoadedRun& run, const std::string& path) {
  const auto& m = run.recording.manifest;
  nlohmann::json j{{"file", path}, {"host", m.value("host", nlohmann::json())}};
  if (m.contains("opencl") && m["opencl"].is_object()) {
    const auto& o = m["opencl"];
    j["device"] = o.contains("device") && o["device"].is_object()
                      ? o["device"].value("name", nlohmann::json())
                      : nlohmann::json();
    j["driver"] = o.contains("device") && o["device"].is_object()
                      ? o["device"].value("driver_version", nlohmann::json())
                      : nlohmann::json();
    j["platform_version"] = o.value("platform_version", nlohmann::json());
  }
  j["start_unix_s"] = m.value("start_unix_s", nlohmann::json());
  return j;
}

nlohmann::json compare_workload(const core::WorkloadSeries& sa, const core::WorkloadReport& ra,
                                const core::WorkloadSeries& sb, const core::WorkloadReport& rb) {
  nlohmann::json j{{"name", sa.info.name},
                   {"kind", sa.info.kind},
                   {"unit", core::metric_unit(sa.info.metric)},
                   {"a", side(sa, ra)},
                   {"b", side(sb, rb)},
                   {"difference", nullptr},
                   {"relative", nullptr},
                   {"exceeds_noise", nullptr}};
  if (sa.info.metric != sb.info.metric) {
    j["noise_basis"] = "the runs measure different metrics";
    return j;
  }
  if (!ra.steady || !rb.steady) {
    j["noise_basis"] = std::string("no steady state in ") +
                       (!ra.steady && !rb.steady ? "either run" : !ra.steady ? "A" : "B") +
                       ": steady medians cannot be compared";
    return j;
  }
  const double a = ra.steady->median, b = rb.steady->median;
  j["difference"] = b - a;
  if (a != 0) j["relative"] = (b - a) / a;
  const auto& la = *ra.steady;
  const auto& lb = *rb.steady;
  if (!la.ci_low || !la.ci_high || !lb.ci_low || !lb.ci_high) {
    j["noise_basis"] = "too few steady windows for a 95% interval (need " +
                       std::to_string(core::kMinWindowsForCi) + " in each run)";
    return j;
  }
  const bool apart = *la.ci_high < *lb.ci_low || *lb.ci_high < *la.ci_low;
  j["exceeds_noise"] = apart;
  j["noise_basis"] = apart ? "the 95% intervals of the steady medians do not overlap"
                           : "the 95% intervals of the steady medians overlap";
  return j;
}

nlohmann::json differences_json(const std::vector<FieldDifference>& d) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : d) out.push_back({{"field", f.field}, {"a", f.a}, {"b", f.b}});
  return out;
}

}  // namespace

Comparability comparability(const LoadedRun& a, const LoadedRun& b) {
  const Flat fa = describe(a), fb = describe(b);
  std::set<std::string> keys;
  for (const auto& [k, v] : fa) keys.insert(k);
  for (const auto& [k, v] : fb) keys.insert(k);
  Comparability c;
  for (const auto& k : keys) {
    if (under_any(k, kIgnored)) continue;
    auto ia = fa.find(k), ib = fb.find(k);
    const nlohmann::json va = ia == fa.end() ? nlohmann::json() : ia->second;
    const nlohmann::json vb = ib == fb.end() ? nlohmann::json() : ib->second;
    if (va == vb) continue;
    FieldDifference d{k, va, vb};
    if (under_any(k, kCompared))
      c.compared.push_back(std::move(d));
    else
      c.refused.push_back(std::move(d));
  }
  c.comparable = c.refused.empty();
  return c;
}

nlohmann::json compare_json(const LoadedRun& a, const std::string& a_path, const LoadedRun& b,
                            const std::string& b_path, const Comparability& c, bool forced) {
  nlohmann::json j{{"schema", kCompareSchema},
                   {"a", run_identity(a, a_path)},
                   {"b", run_identity(b, b_path)},
                   {"comparable", c.comparable},
                   {"forced", forced && !c.comparable},
                   {"refused_because", differences_json(c.refused)},
                   {"compared", differences_json(c.compared)},
                   {"workloads", nlohmann::json::array()},
                   {"only_in_a", nlohmann::json::array()},
                   {"only_in_b", nlohmann::json::array()}};
  if (!c.comparable && !forced) return j;
  const auto ra = core::analyse(a.series, a.ceilings);
  const auto rb = core::analyse(b.series, b.ceilings);
  for (std::size_t i = 0; i < a.series.size(); ++i) {
    bool found = false;
    for (std::size_t k = 0; k < b.series.size(); ++k) {
      if (b.series[k].info.name != a.series[i].info.name) continue;
      j["workloads"].push_back(
          compare_workload(a.series[i], ra.workloads[i], b.series[k], rb.workloads[k]));
      found = true;
    }
    if (!found) j["only_in_a"].push_back(a.series[i].info.name);
  }
  for (const auto& s : b.series) {
    bool found = false;
    for (const auto& t : a.series) found = found || t.info.name == s.info.name;
    if (!found) j["only_in_b"].push_back(s.info.name);
  }
  return j;
}

namespace {

std::string show(const nlohmann::json& v) {
  if (v.is_null()) return "(absent)";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string num(const nlohmann::json& v, int prec = 2) {
  if (!v.is_number()) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", prec, v.get<double>());
  return buf;
}

std::string row(const std::string& label, const std::string& a, const std::string& b,
                const std::string& rest = {}) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "  %-18s %-26s %-26s %s", label.c_str(), a.c_str(), b.c_str(),
                rest.c_str());
  std::string s = buf;
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s + "\n";
}

std::string with_ci(const nlohmann::json& side) {
  std::string s = num(side["steady_median"]);
  if (side["steady_ci"].is_array())
    s += " [" + num(side["steady_ci"][0]) + ", " + num(side["steady_ci"][1]) + "]";
  if (side["steady_median"].is_null()) s = "- (" + side.value("phase", std::string("?")) + ")";
  return s;
}

void list(std::string& out, const char* title, const nlohmann::json& diffs) {
  if (diffs.empty()) return;
  out += title;
  std::size_t shown = 0;
  for (const auto& d : diffs) {
    if (shown++ == kTextListMax) {
      out += "  ... and " + std::to_string(diffs.size() - kTextListMax) + " more (see --json)\n";
      break;
    }
    out += "  " + d["field"].get<std::string>() + ": " + show(d["a"]) + " | " + show(d["b"]) + "\n";
  }
}

}  // namespace

std::string compare_text(const nlohmann::json& c) {
  std::string out;
  for (const char* s : {"a", "b"}) {
    const auto& r = c[s];
    out += std::string(s == std::string("a") ? "A: " : "B: ") + show(r["file"]) + " (" +
           show(r.value("device", nlohmann::json())) + " on " + show(r["host"]) + ")\n";
  }
  if (c["compared"].empty())
    out += "\nsame device, driver, platform and host\n";
  list(out, "\ncompared (what differs between the runs):\n", c["compared"]);
  if (!c["comparable"].get<bool>()) {
    list(out, "\nnot comparable: these must match but differ:\n", c["refused_because"]);
    if (!c["forced"].get<bool>()) {
      out += "\ncomparison refused (use --force to compare anyway)\n";
      return out;
    }
    out += "\nforced: comparing anyway\n";
  } else {
    out += "\ncomparable: same workloads, sizes, window and duration\n";
  }
  for (const auto& w : c["workloads"]) {
    out += "\n" + w["name"].get<std::string>() + " (" + w["unit"].get<std::string>() + ")\n";
    const auto &a = w["a"], &b = w["b"];
    out += row("", "A", "B");
    std::string diff;
    if (w["difference"].is_number()) {
      diff = (w["difference"].get<double>() >= 0 ? "+" : "") + num(w["difference"]);
      if (w["relative"].is_number())
        diff += " (" + std::string(w["relative"].get<double>() >= 0 ? "+" : "") +
                num(w["relative"].get<double>() * 100, 1) + "%)";
      diff += w["exceeds_noise"].is_boolean()
                  ? (w["exceeds_noise"].get<bool>() ? ", beyond noise" : ", within noise")
                  : "";
    }
    out += row("steady median", with_ci(a), with_ci(b), diff);
    out += "  " + std::string(18, ' ') + " " + w.value("noise_basis", std::string()) + "\n";
    out += row("peak", num(a["peak"]), num(b["peak"]));
    out += row("sustained/peak", num(a["sustained_over_peak"]), num(b["sustained_over_peak"]));
    out += row("verdict", a["verdict"].get<std::string>(), b["verdict"].get<std::string>());
    for (const char* key : {"dispatch_p50", "dispatch_p99", "round_trip_p50", "round_trip_p99"}) {
      const auto la = a["latency_us"], lb = b["latency_us"];
      if (la.is_null() && lb.is_null()) break;
      auto get = [&](const nlohmann::json& l) { return l.is_null() ? std::string("-") : num(l[key], 1); };
      out += row(std::string(key) + " us", get(la), get(lb));
    }
  }
  for (const char* s : {"only_in_a", "only_in_b"})
    for (const auto& n : c[s])
      out += "\n" + n.get<std::string>() + ": only in " + (s[8] == 'a' ? "A" : "B") + "\n";
  return out;
}

}  // namespace clscope::app
