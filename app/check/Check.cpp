// Judging a check run: each item from the measurements, the thresholds and
// the baseline. Rendering lives in CheckOutput.cpp.
#include "app/check/Check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/check/CheckDetail.hpp"

namespace clscope::app {

void ObservedMetric::observe(std::optional<double> v, const std::string& why_missing) {
  if (v) {
    max = max ? std::max(*max, *v) : *v;
  } else if (!max && missing.empty()) {
    missing = why_missing;
  }
}

namespace detail {

std::string num(double v) {
  char buf[64];
  const double a = std::fabs(v);
  std::snprintf(buf, sizeof buf, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 0.1 ? "%.2f" : "%.3g",
                v);
  return buf;
}

std::string with_unit(double v, const std::string& unit) {
  return unit.empty() ? num(v) : num(v) + " " + unit;
}

std::string pct(double fraction) { return num(fraction * 100) + "%"; }

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

CheckItem skipped(std::string name, std::string why, std::string unit) {
  CheckItem item;
  item.name = std::move(name);
  item.detail = std::move(why);
  item.unit = std::move(unit);
  return item;
}

void decide(CheckItem& item, bool at_least, const std::string& no_criterion) {
  std::vector<std::string> unevaluated;
  std::optional<double> strictest;
  bool any = false, all = true;
  for (const auto& c : item.criteria) {
    if (!c.pass) {
      unevaluated.push_back(c.basis + " not evaluated: " + c.text);
      continue;
    }
    any = true;
    all = all && *c.pass;
    if (c.bound)
      strictest = !strictest ? *c.bound : at_least ? std::max(*strictest, *c.bound)
                                                   : std::min(*strictest, *c.bound);
  }
  std::vector<std::string> lines;
  if (!item.detail.empty()) lines.push_back(item.detail);
  if (!any) {
    item.pass = std::nullopt;
    lines.insert(lines.begin(), no_criterion);
  } else {
    item.pass = all;
    for (const auto& c : item.criteria)
      if (c.pass && (!*c.pass || all)) lines.push_back((*c.pass ? "ok: " : "failed: ") + c.text);
    if (strictest) item.threshold = *strictest;
  }
  lines.insert(lines.end(), unevaluated.begin(), unevaluated.end());
  item.detail = join(lines, "; ");
}

Criterion at_least(const std::string& basis, double value, double bound, const std::string& text) {
  return {basis, bound, value >= bound, text};
}

Criterion not_evaluated(const std::string& basis, const std::string& why) {
  return {basis, std::nullopt, std::nullopt, why};
}

}  // namespace detail

using namespace detail;

namespace {

struct Role {
  const char* item;
  const char* kind;
  const char* dir;  // transfers only
};
constexpr Role kRoles[] = {
    {"h2d-bandwidth", "transfer", "h2d"}, {"d2h-bandwidth", "transfer", "d2h"},
    {"memory-bandwidth", "stream", nullptr}, {"compute", "compute", nullptr},
    {"launch-rate", "launch", nullptr},      {"transfer-bandwidth", "transfer", "both"},
};

std::string param(const WorkloadOutcome& w, const std::string& key) {
  auto it = w.params.find(key);
  return it == w.params.end() ? std::string() : it->second;
}

bool plays(const WorkloadOutcome& w, const Role& r) {
  return w.kind == r.kind && (r.dir == nullptr || param(w, "dir") == r.dir);
}

/// The link rate pinned copies are compared with, or why there is none.
std::optional<double> link_rate(const CheckMeasurements& m, std::string& basis) {
  const auto& t = m.telemetry;
  if (t.pcie_max_gen.max && t.pcie_max_width.max) {
    const int gen = static_cast<int>(std::lround(*t.pcie_max_gen.max));
    const int width = static_cast<int>(std::lround(*t.pcie_max_width.max));
    if (auto gbs = pcie_link_gbs(gen, width)) {
      basis = "PCIe Gen" + std::to_string(gen) + " x" + std::to_string(width) + " = " +
              with_unit(*gbs, "GB/s") + " (" + t.backend + ", device maximum)";
      return gbs;
    }
    basis = "unknown PCIe generation " + std::to_string(gen);
    return std::nullopt;
  }
  if (m.locality.device_link_gbs) {
    basis = with_unit(*m.locality.device_link_gbs, "GB/s") + " (hwloc, the device's link)";
    return m.locality.device_link_gbs;
  }
  if (m.device_is_cpu) {
    basis = "CPU device: host-device copies are memory copies, there is no PCIe link";
    return std::nullopt;
  }
  basis = "link rate unknown: pcie_max_gen: " +
          (t.backend.empty() ? t.missing : t.pcie_max_gen.missing) +
          "; hwloc: " + (m.locality.found ? "no link speed for the device" : m.locality.reason);
  return std::nullopt;
}

void add_baseline(CheckItem& item, double value,
                  const config::CheckSettings& t, const Baseline* b) {
  if (b == nullptr) return;
  auto it = b->items.find(item.name);
  if (it == b->items.end()) {
    item.criteria.push_back(not_evaluated("baseline", "the baseline has no item '" + item.name + "'"));
    return;
  }
  const auto& e = it->second;
  if (!e.value.is_number()) {
    item.criteria.push_back(not_evaluated(
        "baseline", "the baseline has no value for it" +
                        (e.detail.empty() ? std::string() : " (there: " + e.detail + ")")));
    return;
  }
  if (e.unit != item.unit) {
    item.criteria.push_back(not_evaluated(
        "baseline", "the baseline's unit is '" + e.unit + "', not '" + item.unit + "'"));
    return;
  }
  const double base = e.value.get<double>();
  const double bound = base * (1 - t.baseline_tolerance);
  item.criteria.push_back(at_least("baseline", value, bound,
                                   ">= " + with_unit(bound, item.unit) + " (baseline " +
                                       with_unit(base, item.unit) + " - " +
                                       pct(t.baseline_tolerance) + ", baseline_tolerance)"));
}

/// Settings of the workload that differ from the baseline's run of the same item.
std::string baseline_settings_note(const CheckItem& item, const WorkloadOutcome& w,
                                   const Baseline* b) {
  if (b == nullptr) return {};
  auto it = b->items.find(item.name);
  if (it == b->items.end() || it->second.params.empty()) return {};
  std::vector<std::string> diffs;
  for (const auto& [key, value] : w.params) {
    auto p = it->second.params.find(key);
    if (key == "name") continue;
    if (p == it->second.params.end())
      diffs.push_back(key + " " + value + " (absent there)");
    else if (p->second != value)
      diffs.push_back(key + " " + p->second + " -> " + value);
  }
  if (diffs.empty()) return {};
  return "settings differ from the baseline's: " + join(diffs, ", ");
}

CheckItem workload_item(const std::string& name, const Role& role, const WorkloadOutcome& w,
                        const CheckMeasurements& m, const config::CheckSettings& t,
                        const Baseline* b) {
  CheckItem item;
  item.name = name;
  item.unit = w.unit;
  item.workload = w.name;
  const std::string who = "workload '" + w.name + "'";
  switch (w.result) {
    case WorkloadOutcome::Result::not_run:
      item.detail = m.workloads_ran ? who + " did not run" + (w.error.empty() ? "" : ": " + w.error)
                                    : "not judged: the device was busy before the check";
      return item;
    case WorkloadOutcome::Result::unsupported:
      item.detail = who + " is not supported here: " + w.error;
      return item;
    case WorkloadOutcome::Result::failed:
      item.pass = false;
      item.detail = who + " failed: " + w.error;
      return item;
    case WorkloadOutcome::Result::ran: break;
  }
  if (!w.median) {
    item.detail = who + ": no completed window to measure";
    return item;
  }
  const double v = *w.median;
  item.value = v;
  std::string measured = (w.median_basis == "steady state" ? "steady median" : "median") +
                         std::string(" of ") + who +
                         (w.description.empty() ? "" : " (" + w.description + ")");
  if (w.median_basis != "steady state") measured += " [" + w.median_basis + "]";
  item.detail = measured;

  const std::string item_kind = role.item;
  auto absolute = [&](const std::optional<double>& bound, const char* key) {
    if (bound)
      item.criteria.push_back(
          at_least("absolute", v, *bound, ">= " + with_unit(*bound, item.unit) + " (" + key + ")"));
  };
  if (item_kind == "memory-bandwidth") {
    absolute(t.memory_min_gbs, "memory_min_gbs");
  } else if (item_kind == "compute") {
    absolute(t.compute_min_gflops, "compute_min_gflops");
    if (t.compute_min_spec_fraction) {
      const std::string precision = param(w, "precision");
      if (precision != "float") {
        item.criteria.push_back(not_evaluated(
            "spec", "the spec estimate is for float arithmetic, the workload uses " + precision));
      } else if (!m.spec_compute_gflops) {
        item.criteria.push_back(not_evaluated("spec", "no spec estimate: " + m.spec_compute_basis));
      } else {
        const double bound = *m.spec_compute_gflops * *t.compute_min_spec_fraction;
        item.criteria.push_back(at_least(
            "spec", v, bound,
            ">= " + with_unit(bound, item.unit) + " (" + pct(*t.compute_min_spec_fraction) +
                " of the spec estimate " + with_unit(*m.spec_compute_gflops, item.unit) + ": " +
                m.spec_compute_basis + ", compute_min_spec_fraction)"));
      }
    }
  } else if (item_kind == "h2d-bandwidth" || item_kind == "d2h-bandwidth") {
    absolute(item_kind == "h2d-bandwidth" ? t.h2d_min_gbs : t.d2h_min_gbs,
             item_kind == "h2d-bandwidth" ? "h2d_min_gbs" : "d2h_min_gbs");
    std::string basis;
    const auto link = link_rate(m, basis);
    if (param(w, "mode") != "pinned") {
      item.criteria.push_back(not_evaluated(
          "link", "the link criterion applies to pinned copies, the workload uses mode=" +
                      param(w, "mode")));
    } else if (!link) {
      item.criteria.push_back(not_evaluated("link", basis));
    } else {
      const double bound = *link * t.link_min_fraction;
      item.criteria.push_back(at_least("link", v, bound,
                                       ">= " + with_unit(bound, item.unit) + " (" +
                                           pct(t.link_min_fraction) + " of " + basis +
                                           ", link_min_fraction)"));
    }
  } else if (item_kind == "launch-rate") {
    absolute(t.launch_min_per_s, "launch_min_per_s");
  }
  add_baseline(item, v, t, b);
  if (auto note = baseline_settings_note(item, w, b); !note.empty())
    item.detail += "; " + note;
  std::string hint = "no threshold for it";
  if (item_kind == "memory-bandwidth") hint += " (set memory_min_gbs in [check], or use --baseline)";
  else if (item_kind == "compute") hint += " (set compute_min_gflops or compute_min_spec_fraction, or use --baseline)";
  else if (item_kind == "launch-rate") hint += " (set launch_min_per_s in [check], or use --baseline)";
  else if (item_kind == "transfer-bandwidth") hint += " (only --baseline judges dir=both)";
  else hint += " (set " + std::string(item_kind == "h2d-bandwidth" ? "h2d" : "d2h") +
               "_min_gbs in [check], or use --baseline)";
  decide(item, true, hint);
  return item;
}

/// The ceilings every verdict compares against: passed when measured on a
/// quiet node (or read from a cache written by one); skipped, with the
/// busy-host reason, when not trusted — never failed on a busy node.
CheckItem ceilings_trusted(const CheckMeasurements& m) {
  if (!m.ceilings) return skipped("ceilings", m.workloads_ran ? "no ceilings were measured" : "not judged: no workload ran");
  CheckItem item;
  item.name = "ceilings";
  item.detail = core::ceilings_text(*m.ceilings);
  bool any = false;
  for (const auto& e : m.ceilings->entries) any = any || e.value.has_value();
  if (!any) {
    item.detail = "no ceiling could be measured: " + item.detail;
    return item;
  }
  if (!m.ceilings->all_trusted()) {
    item.detail = "skipped: " + m.ceilings->untrusted_reason() + "; " + item.detail;
    return item;
  }
  item.pass = true;
  return item;
}

}  // namespace

std::vector<CheckItem> judge(const CheckMeasurements& m, const config::CheckSettings& t,
                             const Baseline* baseline) {
  std::vector<CheckItem> items;
  items.push_back(device_idle(m, t));
  items.push_back(telemetry_match(m));
  items.push_back(numa_locality(m));
  items.push_back(pcie_link(m));
  for (const auto& role : kRoles) {
    int count = 0;
    for (const auto& w : m.workloads) {
      if (!plays(w, role)) continue;
      const std::string name = count == 0 ? role.item : std::string(role.item) + ":" + w.name;
      items.push_back(workload_item(name, role, w, m, t, baseline));
      ++count;
    }
    if (count == 0 && std::string(role.item) != "transfer-bandwidth") {
      std::string what = std::string(role.kind) + (role.dir ? " dir=" + std::string(role.dir) : "");
      items.push_back(skipped(role.item, "no " + what + " workload in the scenario"));
    }
  }
  items.push_back(ceilings_trusted(m));
  items.push_back(clocks(m, t));
  items.push_back(throttle(m));
  items.push_back(steady_state(m, t));
  return items;
}

std::optional<bool> overall_pass(const CheckMeasurements& m, const std::vector<CheckItem>& items) {
  bool any_pass = false;
  for (const auto& i : items) {
    if (i.pass && !*i.pass) return false;
    any_pass = any_pass || (i.pass && *i.pass);
  }
  if (!m.workloads_ran || !any_pass) return std::nullopt;
  return true;
}

ExitCode check_exit_code(const std::optional<bool>& overall) {
  return overall && !*overall ? ExitCode::kCheckFailed : ExitCode::kOk;
}

}  // namespace clscope::app
