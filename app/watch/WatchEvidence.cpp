#include "app/watch/WatchEvidence.hpp"

#include <algorithm>

namespace clscope::app::watch {

bool is_cpu_device_worker(const std::string& thread_name) {
  return thread_name.rfind("pocl", 0) == 0;
}

namespace {

void device_busy_of_gpu(const probes::ProcessDeviceUse& u, WatchEvidence& e) {
  for (const auto& eng : u.engines) {
    if (!eng.busy_fraction) continue;
    if (!e.device_busy || *eng.busy_fraction > *e.device_busy) {
      e.device_busy = *eng.busy_fraction;
      e.busy_source = "drm-engine " + eng.engine + " (" + eng.source + ")";
    }
  }
  if (!e.device_busy && u.sm_util_pct) {
    e.device_busy = std::clamp(*u.sm_util_pct / 100.0, 0.0, 1.0);
    e.busy_source = "nvml process sm_util";
  }
}

}  // namespace

WatchEvidence evidence_for(const probes::ProcessDeviceUse& u, const CpuDevice* cpu,
                           const DeviceSignals* signals) {
  WatchEvidence e;
  if (!cpu) device_busy_of_gpu(u, e);
  if (signals) {
    e.pcie_fraction = signals->pcie_fraction;
    e.clock_ratio = signals->clock_ratio;
    e.throttle_reasons = signals->throttle_reasons;
  }
  if (!u.host) return e;
  const auto& threads = u.host->threads;
  const bool named_workers =
      cpu && std::any_of(threads.begin(), threads.end(),
                         [](const auto& t) { return is_cpu_device_worker(t.name); });
  auto worker = [&](const probes::ThreadUse& t) {
    if (!cpu) return false;
    return named_workers ? is_cpu_device_worker(t.name) : t.tid != u.pid;
  };
  double total = 0, workers = 0;
  bool any_cpu = false, runnable = false;
  for (const auto& t : threads) {
    ++e.thread_states[t.state];
    if (!t.cpu_pct) continue;
    any_cpu = true;
    total += *t.cpu_pct;
    if (worker(t)) {
      // Running or waiting for a core: a worker that shares its core with
      // other load still has the device's work to do.
      runnable = runnable || t.runnable_pct.has_value();
      workers += t.runnable_pct.value_or(*t.cpu_pct);
      continue;
    }
    if (!e.hottest_thread_pct || *t.cpu_pct > *e.hottest_thread_pct) {
      e.hottest_thread_pct = *t.cpu_pct;
      e.hottest_tid = t.tid;
      e.hottest_name = t.name;
    }
  }
  if (!any_cpu) return e;  // first sample: no CPU shares yet
  e.process_cpu_pct = total;
  if (cpu) {
    e.device_busy = std::clamp(workers / (100.0 * std::max(1u, cpu->cores)), 0.0, 1.0);
    e.busy_is_estimate = true;
    e.busy_source = std::string(runnable ? "run + run-queue wait time (schedstat)" : "CPU time") +
                    (named_workers ? " of the pocl worker threads" : " of all threads but the main one") +
                    " / cores (estimate)";
  }
  if (!e.hottest_thread_pct) e.hottest_thread_pct = 0.0;  // every thread is a worker
  return e;
}

core::WindowStats window_for(const WatchEvidence& e, int workload, double t_begin_s,
                             double t_end_s) {
  core::WindowStats w;
  w.workload = workload;
  w.t_begin_s = t_begin_s;
  w.t_end_s = t_end_s;
  w.iterations = 1;
  w.span_ns = static_cast<std::int64_t>((t_end_s - t_begin_s) * 1e9);
  const double span = static_cast<double>(w.span_ns);
  if (e.device_busy) w.device_busy_ns = static_cast<std::int64_t>(*e.device_busy * span);
  if (e.hottest_thread_pct) {
    const double hot = std::clamp(*e.hottest_thread_pct / 100.0, 0.0, 1.0);
    w.host_work_ns = static_cast<std::int64_t>(hot * span);
    if (*e.hottest_thread_pct < limits::kProcessIdlePct)
      w.sleep_ns = static_cast<std::int64_t>((1.0 - hot) * span);
  }
  return w;
}

}  // namespace clscope::app::watch
