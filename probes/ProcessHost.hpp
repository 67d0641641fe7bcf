#pragma once
// The host side of another process, for `clscope watch`: its threads from
// <procfs>/<pid>/task/<tid>/{stat,status} (state, CPU % of one core from
// utime+stime ticks between two samples, the share of time it ran or waited
// for a CPU (schedstat), context switches, last CPU and its
// NUMA node), whether one thread is pinned at a full core (>= kPinnedCorePct),
// and the nodes its threads ran on against the device's local node.
// Parsing reuses parse_proc_stat / parse_status_field (ProcessProbes.hpp).
//
// Failure: sample() never throws; a process that vanished or whose task
// directory cannot be listed returns nullopt with the reason in `why`
// (EACCES → permission_denied). Threads that end mid-read are skipped.
// Thread safety: one caller at a time (keeps the previous sample per thread).
#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "probes/FsRoot.hpp"
#include "probes/ProcessDeviceUse.hpp"

namespace clscope::probes {

/// Sets device_numa_node and runs_off_device_node of `h` for one device
/// (a process using two devices gets one HostSide per device).
void set_device_node(HostSide& h, std::optional<int> device_node);

class ProcessHostSampler {
 public:
  /// Reads the CPU → node map once (read_cpu_nodes).
  explicit ProcessHostSampler(FsRoot root);
  /// `t_ns` is the scan's time stamp; `device_node` the device's local node.
  std::optional<HostSide> sample(std::int64_t pid, std::int64_t t_ns,
                                 std::optional<int> device_node, Missing& why) noexcept;
  /// Drops the history of processes not in `alive` (call once per scan).
  void forget_others(const std::vector<std::int64_t>& alive);

 private:
  struct Prev {
    std::int64_t ticks = 0;
    std::int64_t t_ns = 0;
    std::optional<std::int64_t> sched_ns;  // schedstat run + wait
  };
  HostSide read(std::int64_t pid, std::int64_t t_ns, std::optional<int> device_node, Missing& why);

  FsRoot root_;
  std::map<int, int> cpu_nodes_;
  double tick_s_;
  std::map<std::pair<std::int64_t, std::int64_t>, Prev> prev_;  // (pid, tid) → last reading
  std::string text_;
};

}  // namespace clscope::probes
