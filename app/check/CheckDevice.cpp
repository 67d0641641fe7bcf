// The check items that do not belong to one workload: device idle, OpenCL vs
// telemetry, NUMA locality, PCIe link, clocks, throttle, steady state.
#include <algorithm>
#include <cmath>
#include <set>

#include "app/check/CheckDetail.hpp"

namespace clscope::app::detail {
namespace {

constexpr double kPathRounding = 0.95;  // hwloc stores link speeds as floats

/// "0-3,8" as a set; nullopt when unparsable.
std::optional<std::set<unsigned>> cpu_set(const std::string& list) {
  try {
    const auto v = config::parse_cpu_list(list);
    return std::set<unsigned>(v.begin(), v.end());
  } catch (const config::ConfigError&) {
    return std::nullopt;
  }
}

std::string gen_width(double gen, double width) {
  return "Gen" + std::to_string(std::lround(gen)) + " x" + std::to_string(std::lround(width));
}

}  // namespace

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
    item.detail = "no workload thread was bound to the device's node (" + join(notes, "; ") + ")";
    return item;
  }
  item.value = join(cpus, " ");
  item.threshold = m.locality.cpus;
  item.pass = problems.empty();
  item.detail = where + "; " + std::to_string(judged) + " workload thread(s) bound, read back" +
                (problems.empty() ? "" : "; " + join(problems, "; ")) +
                (notes.empty() ? "" : "; " + join(notes, "; "));
  return item;
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
  int too_short = 0;  // not settled, but the run ended before the time allowed
  for (const auto& w : m.workloads) {
    if (w.result != WorkloadOutcome::Result::ran) continue;
    ++judged;
    const double allowed = std::min(t.steady_within_s, w.ran_s);
    const bool capped = w.ran_s + 1e-9 < t.steady_within_s;
    limit = limit ? std::max(*limit, allowed) : allowed;
    if (w.steady_at_s && *w.steady_at_s <= allowed + 1e-9) {
      slowest = slowest ? std::max(*slowest, *w.steady_at_s) : *w.steady_at_s;
      lines.push_back(w.name + " at " + num(*w.steady_at_s) + " s");
    } else if (capped) {
      // A run shorter than the time allowed says nothing about settling
      // within it: not judged, rather than failed.
      ++too_short;
      lines.push_back(w.name + " not steady in its " + num(w.ran_s) +
                      " s run (shorter than steady_within_s: not judged)");
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
  if (all && too_short > 0)
    item.pass = std::nullopt;  // nothing failed, but not every workload could be judged
  else
    item.pass = all;
  item.detail = join(lines, ", ") + " (steady_within_s " + num(t.steady_within_s) +
                (t.steady_within_s > *limit + 1e-9 ? ", capped at the workload's run time" : "") + ")";
  return item;
}

}  // namespace clscope::app::detail
