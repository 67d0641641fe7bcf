#pragma once
// Per-thread CPU time of another process (the observed program), read from
// <procfs>/<pid>/task/<tid>/schedstat: time on the CPU and time waiting on a
// run queue, in ns (the kernel's scheduler accounting, not the 4 ms tick).
// Waiting to run counts as wanting the CPU: on a loaded machine a busy host
// thread stays host-bound instead of looking idle.
// Pure reads; thread-safe. A thread or file that cannot be read is absent.
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace clscope::app {

struct ThreadCpuTimes {
  std::int64_t on_cpu_ns = 0;
  std::int64_t runqueue_ns = 0;
};

/// One thread's times, or nullopt (thread gone, no permission, no schedstat).
std::optional<ThreadCpuTimes> read_thread_cpu(const std::string& procfs_root, pid_t pid, pid_t tid);
/// Every thread of `pid` (empty when the process is gone or unreadable).
std::map<pid_t, ThreadCpuTimes> read_process_threads(const std::string& procfs_root, pid_t pid);

}  // namespace clscope::app
