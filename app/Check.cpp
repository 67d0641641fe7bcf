// Judging a check run: each item from the measurements, the thresholds and
// the baseline. Rendering lives in CheckOutput.cpp.
#include "app/Check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/Classifier.hpp"

namespace clscope::app {

std::optional<double> pcie_lane_gbs(int gen) {
  static constexpr double kLaneGbs[] = {0.25, 0.5, 0.985, 1.969, 3.938, 7.56};
  if (gen < 1 || gen > 6) return std::nullopt;
  return kLaneGbs[gen - 1];
}

std::optional<double> pcie_link_gbs(int gen, int width) {
  const auto lane = pcie_lane_gbs(gen);
  if (!lane || width < 1) return std::nullopt;
  return *lane * width;
}

void ObservedMetric::observe(std::optional<double> v, const std::string& why_missing) {
  if (v) {
    max = max ? std::max(*max, *v) : *v;
  } else if (!max && missing.empty()) {
    missing = why_missing;
  }
}

namespace {

constexpr double kPathRounding = 0.95;  // hwloc stores link speeds as floats

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

CheckItem skipped(std::string name, std::string why, std::string unit = {}) {
  CheckItem item;
  item.name = std::move(name);
  item.detail = std::move(why);
  item.unit = std::move(unit);
  return item;
}

/// Decides an item from its criteria: skipped when none could be evaluated,
/// failed when an evaluated one failed. The deciding threshold is the
/// strictest evaluated bound (`at_least`: the largest).
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

// ---------------------------------------------------------------- roles

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

// ---------------------------------------------------------------- device items

CheckItem device_idle(const CheckMeasurements& m, const config::CheckSettings& t) {
  CheckItem item;
  item.name = "device-idle";
  item.unit = "%";
  item.threshold = t.busy_util_pct;
  if (!m.util_before_pct) {
    item.threshold = nullptr;
    item.detail = "cannot tell whether another process uses the device: " + m.util_missing;
    return item;
  }
  item.value = *m.util_before_pct;
  if (*m.util_before_pct > t.busy_util_pct) {
    item.detail = "refused: the device was " + pct(*m.util_before_pct / 100) +
                  " busy before the check started (" + m.util_source + "; busy_util_pct " +
                  num(t.busy_util_pct) +
                  "): another process is using it, so the workloads were not run and their items "
                  "are not judged";
    return item;
  }
  item.pass = true;
  item.detail = "median utilisation over 0.7 s before the workloads started (" + m.util_source + ")";
  return item;
}

CheckItem telemetry_match(const CheckMeasurements& m) {
  CheckItem item;
  item.name = "opencl-telemetry-match";
  if (m.device_is_cpu) {
    item.detail = "CPU device: no PCI address to match (its telemetry is the host CPU backend)";
    return item;
  }
  if (!m.opencl_pci) {
    item.detail = "OpenCL gives no PCI address for the device: " + m.opencl_pci_source;
    return item;
  }
  item.value = m.opencl_pci->to_string();
  item.threshold = "a telemetry device at the same PCI address";
  std::vector<std::string> seen;
  for (const auto& d : m.telemetry_devices) {
    if (d.is_cpu || !d.pci) continue;
    if (*d.pci == *m.opencl_pci) {
      item.pass = true;
      item.detail = "OpenCL and " + d.probe + " see the same PCI address";
      return item;
    }
    seen.push_back(d.pci->to_string() + " (" + d.probe + ")");
  }
  if (seen.empty()) {
    item.detail = "no telemetry backend sees any GPU, so there is nothing to match";
    return item;
  }
  item.pass = false;
  item.detail = "OpenCL reports " + m.opencl_pci->to_string() +
                " but telemetry sees only " + join(seen, ", ");
  return item;
}

/// "0-3,8" as a set; nullopt when unparsable.
std::optional<std::set<unsigned>> cpu_set(const std::string& list) {
  try {
    const auto v = config::parse_cpu_list(list);
    return std::set<unsigned>(v.begin(), v.end());
  } catch (const config::ConfigError&) {
    return std::nullopt;
  }
}

CheckItem numa_locality(const CheckMeasurements& m) {
  CheckItem item;
  item.name = "numa-locality";
  item.unit = "CPUs";
  if (!m.locality.found) {
    item.detail = "where the device sits is unknown: " + m.locality.reason;
    return item;
  }
  std::vector<std::string> nodes;
  for (unsigned n : m.locality.numa_nodes) nodes.push_back(std::to_string(n));
  const std::string where =
      (m.device_is_cpu ? "CPU device, local to every NUMA node (" : "device on NUMA node ") +
      join(nodes, ",") + (m.device_is_cpu ? ")" : "") + ", local CPUs " + m.locality.cpus;
  item.threshold = m.locality.cpus;
  if (m.bindings.empty()) {
    item.detail = m.workloads_ran ? "no workload thread reported its binding; " + where
                                  : "not judged: no workload ran";
    return item;
  }
  const auto local = cpu_set(m.locality.cpus);
  std::vector<std::string> problems, notes, cpus;
  int judged = 0;
  for (const auto& b : m.bindings) {
    if (b.bind != "local") {
      notes.push_back(b.workload + ": bind=" + b.bind + ", not judged");
      continue;
    }
    ++judged;
    if (!b.applied) {
      problems.push_back(b.workload + ": not bound (" + b.reason + ")");
      continue;
    }
    if (std::find(cpus.begin(), cpus.end(), b.cpus) == cpus.end()) cpus.push_back(b.cpus);
    const auto got = cpu_set(b.cpus);
    if (!local || !got) {
      problems.push_back(b.workload + ": cannot compare CPU lists '" + b.cpus + "' and '" +
                         m.locality.cpus + "'");
    } else if (!std::includes(local->begin(), local->end(), got->begin(), got->end())) {
      problems.push_back(b.workload + ": ran on CPUs " + b.cpus + ", outside the device's " +
                         m.locality.cpus);
    }
  }
  if (judged == 0) {
    item.threshold = nullptr;
    item.detail = "no workload thread was bound to the device's node (" + join(notes, "; ") + ")";
    return item;
  }
  item.value = join(cpus, " ");
  item.pass = problems.empty();
  item.detail = where + "; " + std::to_string(judged) + " workload thread(s) bound, read back" +
                (problems.empty() ? "" : "; " + join(problems, "; ")) +
                (notes.empty() ? "" : "; " + join(notes, "; "));
  return item;
}

std::string gen_width(double gen, double width) {
  return "Gen" + std::to_string(std::lround(gen)) + " x" + std::to_string(std::lround(width));
}

CheckItem pcie_link(const CheckMeasurements& m) {
  CheckItem item;
  item.name = "pcie-link";
  if (m.device_is_cpu) {
    item.detail = "CPU device: there is no PCIe link";
    return item;
  }
  if (!m.workloads_ran) {
    item.detail = "not judged: the link is read under load and no workload ran";
    return item;
  }
  const auto& t = m.telemetry;
  std::optional<double> device_max_gbs;
  if (t.backend.empty()) {
    item.criteria.push_back(not_evaluated("maximum", "no telemetry: " + t.missing));
  } else if (!t.pcie_gen.max || !t.pcie_width.max) {
    item.criteria.push_back(not_evaluated(
        "maximum", "pcie_gen/pcie_width: " + (t.pcie_gen.max ? t.pcie_width.missing : t.pcie_gen.missing)));
  } else if (!t.pcie_max_gen.max || !t.pcie_max_width.max) {
    item.value = gen_width(*t.pcie_gen.max, *t.pcie_width.max);
    item.criteria.push_back(not_evaluated(
        "maximum", "pcie_max_gen/pcie_max_width: " +
                       (t.pcie_max_gen.max ? t.pcie_max_width.missing : t.pcie_max_gen.missing)));
  } else {
    const std::string now = gen_width(*t.pcie_gen.max, *t.pcie_width.max);
    const std::string max = gen_width(*t.pcie_max_gen.max, *t.pcie_max_width.max);
    item.value = now;
    item.threshold = max;
    const bool ok = *t.pcie_gen.max >= *t.pcie_max_gen.max && *t.pcie_width.max >= *t.pcie_max_width.max;
    item.criteria.push_back({"maximum", std::nullopt, ok,
                             "trained to " + now + " under load, device maximum " + max + " (" +
                                 t.backend + ")"});
    device_max_gbs = pcie_link_gbs(static_cast<int>(std::lround(*t.pcie_max_gen.max)),
                                   static_cast<int>(std::lround(*t.pcie_max_width.max)));
  }
  if (!device_max_gbs) device_max_gbs = m.locality.device_link_gbs;
  if (!m.locality.slowest_link_gbs) {
    item.criteria.push_back(not_evaluated(
        "path", "slowest link on the path unknown: " +
                    (m.locality.path_missing.empty() ? std::string("hwloc gave no link speed")
                                                     : m.locality.path_missing)));
  } else if (!device_max_gbs) {
    item.criteria.push_back(not_evaluated("path", "the device's own link rate is unknown"));
  } else {
    const double slowest = *m.locality.slowest_link_gbs;
    item.criteria.push_back(
        {"path", std::nullopt, slowest >= *device_max_gbs * kPathRounding,
         "slowest link on the path " + with_unit(slowest, "GB/s") + " at " + m.locality.slowest_at +
             " (hwloc, under load) vs the device's " + with_unit(*device_max_gbs, "GB/s")});
  }
  decide(item, true, "link state not available");
  return item;
}

CheckItem clocks(const CheckMeasurements& m, const config::CheckSettings& t) {
  CheckItem item;
  item.name = "clocks";
  item.unit = "MHz";
  const auto& tel = m.telemetry;
  if (!m.workloads_ran) {
    item.detail = "not judged: clocks are read under load and no workload ran";
    return item;
  }
  if (tel.backend.empty()) {
    item.detail = "no telemetry: " + tel.missing;
    return item;
  }
  if (!tel.core_clock_mhz.max) {
    item.detail = "core_clock_mhz: " + tel.core_clock_mhz.missing;
    return item;
  }
  item.value = *tel.core_clock_mhz.max;
  if (!tel.core_clock_max_mhz.max || *tel.core_clock_max_mhz.max <= 0) {
    item.detail = "no maximum clock to compare with: core_clock_max_mhz " +
                  (tel.core_clock_max_mhz.max ? std::string("reads 0") : tel.core_clock_max_mhz.missing);
    return item;
  }
  const double max = *tel.core_clock_max_mhz.max;
  const double bound = max * t.clock_min_max_fraction;
  item.criteria.push_back(at_least("maximum", *tel.core_clock_mhz.max, bound,
                                   ">= " + with_unit(bound, "MHz") + " (" +
                                       pct(t.clock_min_max_fraction) + " of the maximum " +
                                       with_unit(max, "MHz") + ", clock_min_max_fraction)"));
  item.detail = "highest core clock under load, " + std::to_string(tel.readings) +
                " readings (" + tel.backend + ")";
  decide(item, true, "");
  return item;
}

CheckItem throttle(const CheckMeasurements& m) {
  CheckItem item;
  item.name = "throttle";
  const auto& tel = m.telemetry;
  if (!m.workloads_ran) {
    item.detail = "not judged: no workload ran";
    return item;
  }
  if (tel.backend.empty()) {
    item.detail = "no telemetry: " + tel.missing;
    return item;
  }
  if (!tel.throttle_read) {
    item.detail = "throttle reasons: " + tel.throttle_missing;
    return item;
  }
  item.threshold = "none";
  item.value = tel.throttle_reasons.empty() ? "none" : join(tel.throttle_reasons, ",");
  item.pass = tel.throttle_reasons.empty();
  item.detail = std::string(item.pass.value() ? "no throttle reason" : "throttle reasons seen") +
                " in " + std::to_string(tel.readings) + " readings under load (" + tel.backend +
                "; idle and application-clock reasons ignored)";
  return item;
}

CheckItem steady_state(const CheckMeasurements& m, const config::CheckSettings& t) {
  CheckItem item;
  item.name = "steady-state";
  item.unit = "s";
  if (!m.workloads_ran) {
    item.detail = "not judged: no workload ran";
    return item;
  }
  std::vector<std::string> lines;
  std::optional<double> slowest;
  std::optional<double> limit;
  bool all = true;
  int judged = 0;
  for (const auto& w : m.workloads) {
    if (w.result != WorkloadOutcome::Result::ran) continue;
    ++judged;
    const double allowed = std::min(t.steady_within_s, w.ran_s);
    limit = limit ? std::max(*limit, allowed) : allowed;
    if (w.steady_at_s && *w.steady_at_s <= allowed + 1e-9) {
      slowest = slowest ? std::max(*slowest, *w.steady_at_s) : *w.steady_at_s;
      lines.push_back(w.name + " at " + num(*w.steady_at_s) + " s");
    } else {
      all = false;
      lines.push_back(w.name + (w.steady_at_s ? " only at " + num(*w.steady_at_s) + " s"
                                              : " not steady (" + w.phase + ")") +
                      " within " + num(allowed) + " s");
    }
  }
  if (judged == 0) {
    item.detail = "no workload ran to completion";
    return item;
  }
  if (slowest) item.value = *slowest;
  item.threshold = *limit;
  item.pass = all;
  item.detail = join(lines, ", ") + " (steady_within_s " + num(t.steady_within_s) +
                (t.steady_within_s > *limit + 1e-9 ? ", capped at the workload's run time" : "") + ")";
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

int check_exit_code(const std::optional<bool>& overall) { return overall && !*overall ? 1 : 0; }

}  // namespace clscope::app
