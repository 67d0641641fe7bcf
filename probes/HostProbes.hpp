#pragma once
// Host-wide probes read from procfs (through an FsRoot):
//   host.cpu      /proc/stat: system and per-core utilisation incl. steal (deltas)
//   host.load     /proc/loadavg
//   host.pressure /proc/pressure/{cpu,memory,io} (PSI; absent on older kernels)
//   host.memory   /proc/meminfo
// Metric names and units (percentages are 0..100; "%" of elapsed time):
//   cpu_busy_pct, cpu_user_pct (user+nice), cpu_system_pct (system+irq+softirq),
//   cpu_iowait_pct, cpu_steal_pct, cpu_idle_pct, cpu<N>.busy_pct, cpu<N>.steal_pct,
//   cpu_count, procs_running, procs_blocked, ctxt_per_s;
//   load1, load5, load15, threads_runnable, threads_total;
//   psi_<cpu|memory|io>_<some|full>_avg10_pct (avg60, avg300) and
//   psi_<res>_<some|full>_stall_pct (share of the last interval, from total µs);
//   mem_total_bytes, mem_available_bytes, mem_used_bytes (total − available),
//   mem_free_bytes, swap_total_bytes, swap_used_bytes.
// Periods: host.cpu 200 ms, host.memory 500 ms, host.load and host.pressure 1 s.
// Rates need two samples: the first sample reports them unavailable with
// reason "needs two samples". Each probe: one caller at a time.
#include "probes/FsRoot.hpp"
#include "probes/Probe.hpp"

namespace clscope::probes {

ProbePtr make_host_cpu_probe(const FsRoot& root);
ProbePtr make_host_load_probe(const FsRoot& root);
ProbePtr make_host_pressure_probe(const FsRoot& root);
ProbePtr make_host_memory_probe(const FsRoot& root);

}  // namespace clscope::probes
