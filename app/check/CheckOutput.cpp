// clscope.check/1: the JSON object, the readable table, and reading one back
// as a baseline.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "app/check/Check.hpp"

namespace clscope::app {
namespace {

const char* outcome_name(WorkloadOutcome::Result r) {
  switch (r) {
    case WorkloadOutcome::Result::ran: return "ran";
    case WorkloadOutcome::Result::unsupported: return "unsupported";
    case WorkloadOutcome::Result::failed: return "failed";
    case WorkloadOutcome::Result::not_run: return "not run";
  }
  return "?";
}

nlohmann::json opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json pass_json(const std::optional<bool>& p) {
  return p ? nlohmann::json(*p) : nlohmann::json(nullptr);
}

const WorkloadOutcome* workload_of(const CheckMeasurements& m, const CheckItem& item) {
  if (item.workload.empty()) return nullptr;
  for (const auto& w : m.workloads)
    if (w.name == item.workload) return &w;
  return nullptr;
}

std::string value_text(const nlohmann::json& v, const std::string& unit) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>() + (unit.empty() || unit == "CPUs" ? "" : " " + unit);
  if (!v.is_number()) return v.dump();
  char buf[64];
  const double d = v.get<double>();
  const double a = std::fabs(d);
  std::snprintf(buf, sizeof buf, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", d);
  return std::string(buf) + (unit.empty() ? "" : " " + unit);
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

/// `key` of `o` when it is text, else "" (a baseline is outside input).
std::string text_or_empty(const nlohmann::json& o, const char* key) {
  const auto it = o.is_object() ? o.find(key) : o.end();
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Baseline parse_baseline(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object() || text_or_empty(j, "schema") != kCheckSchema)
    throw CheckInputError(source + ": not a clscope check result (expected \"schema\": \"" +
                          std::string(kCheckSchema) + "\"; make one with clscope check --json)");
  if (!j.contains("checks") || !j["checks"].is_array())
    throw CheckInputError(source + ": \"checks\" must be an array");
  Baseline b;
  b.source = source;
  b.host = text_or_empty(j, "host");
  if (j.contains("device") && j["device"].is_object())
    b.device = text_or_empty(j["device"], "name");
  else if (j.contains("device") && j["device"].is_string())
    b.device = j["device"].get<std::string>();
  for (const auto& c : j["checks"]) {
    if (!c.is_object() || !c.contains("name") || !c["name"].is_string())
      throw CheckInputError(source + ": every entry of \"checks\" needs a \"name\"");
    Baseline::Entry e;
    e.value = c.value("value", nlohmann::json(nullptr));
    e.unit = c.contains("unit") && c["unit"].is_string() ? c["unit"].get<std::string>() : "";
    if (c.contains("pass") && c["pass"].is_boolean()) e.pass = c["pass"].get<bool>();
    e.detail = c.contains("detail") && c["detail"].is_string() ? c["detail"].get<std::string>() : "";
    if (c.contains("workload") && c["workload"].is_object() && c["workload"].contains("params") &&
        c["workload"]["params"].is_object())
      for (const auto& [k, v] : c["workload"]["params"].items())
        e.params[k] = v.is_string() ? v.get<std::string>() : v.dump();
    b.items[c["name"].get<std::string>()] = std::move(e);
  }
  return b;
}

Baseline load_baseline(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CheckInputError("cannot open baseline '" + path + "': " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {  // parse_error, out_of_range (1e999)
    throw CheckInputError("baseline '" + path + "' is not JSON (" + e.what() +
                          "); make one with clscope check --json > FILE");
  }
  return parse_baseline(j, path);
}

nlohmann::json check_json(const CheckMeasurements& m, const std::vector<CheckItem>& items,
                          const Baseline* baseline) {
  nlohmann::json j{{"schema", kCheckSchema}, {"host", m.host}, {"device", m.device}};
  j["pass"] = pass_json(overall_pass(m, items));
  j["quick"] = m.quick;
  j["workload_s"] = m.workload_s;
  j["checks"] = nlohmann::json::array();
  for (const auto& i : items) {
    nlohmann::json c{{"name", i.name},       {"pass", pass_json(i.pass)},
                     {"value", i.value},     {"threshold", i.threshold},
                     {"unit", i.unit},       {"detail", i.detail}};
    c["criteria"] = nlohmann::json::array();
    for (const auto& k : i.criteria)
      c["criteria"].push_back({{"basis", k.basis}, {"bound", opt(k.bound)},
                               {"pass", pass_json(k.pass)}, {"text", k.text}});
    if (const auto* w = workload_of(m, i))
      c["workload"] = {{"name", w->name}, {"kind", w->kind}, {"params", w->params}};
    j["checks"].push_back(c);
  }
  j["workloads"] = nlohmann::json::array();
  for (const auto& w : m.workloads) {
    j["workloads"].push_back({{"name", w.name},
                              {"kind", w.kind},
                              {"params", w.params},
                              {"result", outcome_name(w.result)},
                              {"error", w.error},
                              {"description", w.description},
                              {"unit", w.unit},
                              {"median", opt(w.median)},
                              {"median_basis", w.median_basis},
                              {"peak", opt(w.peak)},
                              {"phase", w.phase},
                              {"steady_at_s", opt(w.steady_at_s)},
                              {"ran_s", w.ran_s}});
  }
  j["baseline"] = baseline ? nlohmann::json{{"source", baseline->source},
                                            {"host", baseline->host},
                                            {"device", baseline->device}}
                           : nlohmann::json(nullptr);
  return j;
}

std::string check_table(const CheckMeasurements& m, const std::vector<CheckItem>& items,
                        const Baseline* baseline) {
  std::ostringstream out;
  const std::string device = m.device.is_object() ? m.device.value("name", std::string("?")) : "?";
  char head[256];
  std::snprintf(head, sizeof head, "%.1f", m.workload_s);
  out << "clscope check: " << device << " on " << m.host << " (" << head << " s per workload"
      << (m.quick ? ", quick" : "") << ")\n";
  if (baseline)
    out << "baseline: " << baseline->source << " (" << baseline->device << " on " << baseline->host
        << ")\n";
  out << "\n"
      << pad("ITEM", 24) << pad("VALUE", 22) << pad("THRESHOLD", 22) << "VERDICT\n";
  int passed = 0, failed = 0, skipped = 0;
  for (const auto& i : items) {
    std::string threshold = "-";
    if (i.threshold.is_number()) {
      threshold = ">= " + value_text(i.threshold, i.unit);
      if (i.name == "device-idle" || i.name == "steady-state")
        threshold = "<= " + value_text(i.threshold, i.unit);
    } else if (i.threshold.is_string()) {
      threshold = i.threshold.get<std::string>();
    }
    const char* verdict = !i.pass ? "skip" : *i.pass ? "pass" : "FAIL";
    (!i.pass ? skipped : *i.pass ? passed : failed) += 1;
    out << pad(i.name, 24) << pad(value_text(i.value, i.unit), 22) << pad(threshold, 22) << verdict
        << "\n";
    if (!i.detail.empty()) out << "    " << i.detail << "\n";
  }
  const auto overall = overall_pass(m, items);
  out << "\nresult: "
      << (!overall ? (m.workloads_ran ? "NOT JUDGED (nothing could be judged)"
                                      : "NOT JUDGED (the device was busy)")
                   : *overall ? "PASS" : "FAIL")
      << " - " << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
  return out.str();
}

}  // namespace clscope::app
