#include "app/check/CheckRun.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "app/run/CalibrationWatch.hpp"
#include "app/run/LiveRun.hpp"
#include "app/run/Telemetry.hpp"
#include "core/Classifier.hpp"
#include "core/Stats.hpp"
#include "probes/Sampler.hpp"
#include "probes/Topology.hpp"
#include "workloads/Calibration.hpp"

namespace clscope::app {
namespace {

constexpr auto kUtilSampling = std::chrono::milliseconds(700);
constexpr double kPathReadAfterS = 0.5;  // into a transfer, so the link has trained up

std::string host_name() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

std::string no_backend_reason(const std::vector<probes::BackendNote>& notes) {
  std::string out = "no telemetry backend matched this device";
  std::string list;
  for (const auto& n : notes) list += (list.empty() ? "" : "; ") + n.backend + ": " + n.reason;
  return list.empty() ? out : out + " (" + list + ")";
}

/// Utilisation before anything runs, and the telemetry devices present.
void sample_before(const probes::DeviceIdentity& id, const CheckRunOptions& options,
                   const std::atomic<bool>& stop, CheckMeasurements& m, std::string& no_backend) {
  auto found = probes::discover_probes(options.probes);
  no_backend = no_backend_reason(found.notes);
  for (const auto& p : found.probes) {
    if (const auto* info = p->device_info())
      m.telemetry_devices.push_back({p->name(), info->pci, info->is_cpu});
  }
  probes::Sampler sampler(std::move(found.probes));
  sampler.start();
  std::vector<double> utils;
  std::uint64_t seen_round = 0;
  std::int64_t last_sample_ns = 0;  // probes slower than the sampler repeat their last sample
  std::string missing = "no reading within the sampling time";
  const auto until = std::chrono::steady_clock::now() + kUtilSampling;
  while (std::chrono::steady_clock::now() < until && !stop) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto set = sampler.latest();
    if (!set || set->round == seen_round) continue;
    seen_round = set->round;
    const auto* reading = device_reading(*set, id);
    if (auto u = metric_of(reading, probes::metric::kUtilPct)) {
      if (reading->sample.t_ns != last_sample_ns) utils.push_back(*u);
      last_sample_ns = reading->sample.t_ns;
      m.util_source = reading->name + " util_pct";
      continue;
    }
    missing = reading ? "util_pct: " + missing_reason(reading, probes::metric::kUtilPct) : no_backend;
    if (!id.is_cpu) break;  // nothing will appear later
    // A CPU device is the host's cores: their load is the device's.
    const auto* host = set->find("host.cpu");
    if (auto busy = metric_of(host, "cpu_busy_pct")) {
      if (host->sample.t_ns != last_sample_ns) utils.push_back(*busy);
      last_sample_ns = host->sample.t_ns;
      m.util_source = "host.cpu cpu_busy_pct (a CPU device is the host's cores)";
    } else if (host) {
      missing = "host.cpu cpu_busy_pct: " + missing_reason(host, "cpu_busy_pct");
    }
  }
  sampler.stop();
  if (!utils.empty()) m.util_before_pct = core::median(utils);
  else m.util_missing = missing;
}

void observe(const LiveRun& run, TelemetryObservations& t, const std::string& no_backend) {
  const auto set = run.latest_probes();
  if (!set) return;
  const auto* r = run.device_reading(*set);
  if (!r) {
    if (t.backend.empty()) t.missing = no_backend;
    return;
  }
  t.backend = r->name;
  t.missing.clear();
  ++t.readings;
  namespace pm = probes::metric;
  const std::pair<ObservedMetric*, const char*> metrics[] = {
      {&t.pcie_gen, pm::kPcieGen},         {&t.pcie_width, pm::kPcieWidth},
      {&t.pcie_max_gen, pm::kPcieMaxGen},  {&t.pcie_max_width, pm::kPcieMaxWidth},
      {&t.core_clock_mhz, pm::kCoreClockMhz}, {&t.core_clock_max_mhz, pm::kCoreClockMaxMhz}};
  for (const auto& [obs, name] : metrics) obs->observe(metric_of(r, name), missing_reason(r, name));
  auto it = r->sample.lists.find(pm::kThrottle);
  if (it == r->sample.lists.end()) {
    if (!t.throttle_read) t.throttle_missing = missing_reason(r, pm::kThrottle);
    return;
  }
  t.throttle_read = true;
  for (const auto& reason : it->second) {
    if (core::benign_throttle_reason(reason)) continue;
    if (std::find(t.throttle_reasons.begin(), t.throttle_reasons.end(), reason) ==
        t.throttle_reasons.end())
      t.throttle_reasons.push_back(reason);
  }
}

/// The PCI path's link speeds, read now (under load).
void read_path(const probes::DeviceIdentity& id, LocalityObservation& l) {
  std::string error;
  auto topo = probes::Topology::load_system(error);
  if (!topo) {
    l.path_missing = "hwloc: " + error;
    return;
  }
  const auto loc = topo->locate(id);
  if (!loc.found) {
    l.path_missing = "hwloc: " + loc.reason;
  } else if (!loc.slowest_link_gbs) {
    l.path_missing = "hwloc reports no link speed on the device's PCI path";
  } else {
    l.slowest_link_gbs = loc.slowest_link_gbs;
    l.slowest_at = loc.slowest_at ? loc.slowest_at->to_string() : std::string("?");
    l.path_missing.clear();
  }
}

WorkloadOutcome outcome_of(const config::WorkloadConfig& wc) {
  WorkloadOutcome w;
  w.name = wc.name;
  w.kind = wc.kind;
  for (const auto& [k, v] : wc.params) w.params[k] = config::to_string(v);
  return w;
}

/// The run's only workload's figures and setup, read from the run itself.
void fill_from_run(const LiveRun& run, WorkloadOutcome& w) {
  const auto fig = run.figures(0);
  if (!fig) return;
  w.unit = fig->unit;
  w.median = fig->median;
  w.median_basis = fig->median_basis;
  w.peak = fig->peak;
  w.phase = core::phase_name(fig->phase);
  w.steady_at_s = fig->steady_at_s;
  const auto statuses = run.statuses();
  if (!statuses.empty() && statuses[0].setup) w.description = statuses[0].setup->description;
}

}  // namespace

CheckRunResult run_check(const workloads::DeviceInfo& device, const config::Scenario& scenario,
                         const config::CheckSettings& settings, const CheckRunOptions& options,
                         const std::atomic<bool>& stop, std::ostream& progress) {
  CheckRunResult result;
  CheckMeasurements& m = result.measurements;
  m.host = host_name();
  m.device = workloads::to_json(device);
  m.device["platform"] = options.platform_name;
  m.device["platform_version"] = options.platform_version;
  m.device_is_cpu = device.is_cpu();
  m.opencl_pci = device.pci;
  m.opencl_pci_source = device.pci_source;
  m.quick = options.quick;
  m.workload_s = options.quick ? settings.quick_workload_s : settings.workload_s;
  const auto spec = workloads::spec_estimates(device);
  m.spec_compute_gflops = spec.compute_gflops;
  m.spec_compute_basis = spec.compute_basis;
  for (const auto& wc : scenario.workloads) m.workloads.push_back(outcome_of(wc));

  const auto id = identity_of(device);
  std::string no_backend;
  progress << "clscope: check: reading the device's utilisation before the workloads\n";
  sample_before(id, options, stop, m, no_backend);
  m.telemetry.missing = no_backend;
  if (stop) {
    result.interrupted = true;
    return result;
  }
  if (m.util_before_pct && *m.util_before_pct > settings.busy_util_pct) {
    progress << "clscope: check: the device is busy (" << *m.util_before_pct
             << "% utilisation): not running the workloads\n";
    std::string error;
    if (auto topo = probes::Topology::load_system(error)) {
      const auto loc = topo->locate(id);
      m.locality.found = loc.found;
      m.locality.reason = loc.reason;
      m.locality.numa_nodes = loc.numa_nodes;
      m.locality.cpus = loc.cpus;
      m.locality.device_link_gbs = loc.link_gbs;
    } else {
      m.locality.reason = error;
    }
    return result;
  }
  m.workloads_ran = true;
  if (m.device_is_cpu) m.locality.path_missing = "CPU device: no PCI path";

  std::shared_ptr<const workloads::CeilingsResult> ceilings;
  for (std::size_t i = 0; i < scenario.workloads.size(); ++i) {
    WorkloadOutcome& w = m.workloads[i];
    config::Scenario one = scenario;
    one.workloads = {scenario.workloads[i]};
    one.duration_s = m.workload_s;
    one.record.clear();
    progress << "clscope: check: [" << i + 1 << "/" << scenario.workloads.size() << "] " << w.name
             << " for " << m.workload_s << " s\n";
    progress.flush();
    LiveRun run(device, one, LiveRunOptions{false, options.command_line, options.probes, ceilings});
    const bool transfer = w.kind == "transfer";
    UpdateObserver observer([&](const RunUpdate&) {
      observe(run, m.telemetry, no_backend);
      if (transfer && !m.device_is_cpu && !m.locality.slowest_link_gbs &&
          run.elapsed_s() >= kPathReadAfterS)
        read_path(id, m.locality);
    });
    const ExitCode rc = run.run(stop, {&observer});
    const double ran_s = std::min(run.elapsed_s(), m.workload_s);
    if (const auto* c = run.ceilings(); c && !ceilings) {  // measured (or read) once per check
      if (!c->from_cache) progress << "clscope: check: " << calibration_note(*c).substr(9) << "\n";
      ceilings = std::make_shared<const workloads::CeilingsResult>(*c);
      m.ceilings = c->record;
    }
    if (i == 0 || !m.locality.found) {
      const auto& loc = run.locality();
      m.locality.found = loc.found;
      m.locality.reason = loc.found ? loc.reason : (loc.reason.empty() ? run.topology_error() : loc.reason);
      m.locality.numa_nodes = loc.numa_nodes;
      m.locality.cpus = loc.cpus;
      m.locality.device_link_gbs = loc.link_gbs;
    }
    for (const auto& b : run.bindings())
      m.bindings.push_back({b.workload, scenario.workloads[i].get_string("bind"), b.result.applied,
                            b.result.cpus, b.result.reason});
    if (stop) {
      w.error = "interrupted";
      result.interrupted = true;
      return result;
    }
    fill_from_run(run, w);
    w.ran_s = ran_s;
    if (rc == ExitCode::kOk) {
      w.result = WorkloadOutcome::Result::ran;
    } else {
      w.result = rc == ExitCode::kUsage ? WorkloadOutcome::Result::unsupported : WorkloadOutcome::Result::failed;
      w.error = run.error().empty() ? "exit status " + std::to_string(to_int(rc)) : run.error();
    }
  }
  if (!m.device_is_cpu && !m.locality.slowest_link_gbs && m.locality.path_missing.empty())
    m.locality.path_missing = "no transfer workload ran, so the path was not read under load";
  return result;
}

}  // namespace clscope::app
