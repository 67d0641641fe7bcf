#pragma once
// Probes of our own process, read from <procfs>/self:
//   process          /proc/self/stat (utime/stime/num_threads/rss; fields after
//                    the last ')'): process_cpu_s, process_user_s, process_system_s,
//                    process_cpu_pct (% of one core since the previous sample; POCL
//                    kernels run on threads of this process and count here),
//                    process_threads, process_rss_bytes.
//   process.threads  /proc/self/task/<tid>/{stat,status,schedstat}: one
//                    ThreadSample per thread (name, CPU time — nanosecond schedstat
//                    when present, else clock ticks from stat — % of one core,
//                    voluntary/involuntary context switches); metric thread_count.
//                    A thread whose schedstat run time has not moved since the
//                    last sample did not run, so its row is carried over without
//                    reading stat/status (fully re-read every 10th sample).
// Periods: process 200 ms, process.threads 500 ms.
// Workload threads carry names set with pthread_setname_np (e.g. "cl:stream").
// Each probe: one caller at a time.
#include "probes/FsRoot.hpp"
#include "probes/Probe.hpp"

namespace clscope::probes {

ProbePtr make_process_probe(const FsRoot& root);
ProbePtr make_threads_probe(const FsRoot& root);

/// Fields of a /proc/<pid>/stat or task stat line, parsed after the last ')'.
struct ProcStat {
  std::string comm;
  char state = '?';
  std::int64_t utime_ticks = 0;
  std::int64_t stime_ticks = 0;
  std::int64_t num_threads = 0;
  std::int64_t rss_pages = 0;
  std::optional<int> processor;  ///< field 39: the CPU it last ran on (absent on old kernels)
};
/// Parses one stat line; nullopt when malformed (comm may contain spaces and ')').
std::optional<ProcStat> parse_proc_stat(std::string_view line);

/// The integer after `key` (e.g. "voluntary_ctxt_switches:") on a line of a
/// /proc/<pid>/status text that starts with it; nullopt when absent.
std::optional<std::int64_t> parse_status_field(std::string_view text, std::string_view key);

}  // namespace clscope::probes
