#pragma once
// How busy the host is with *other* work while clscope measures: the CPU time
// of the whole machine (/proc/stat) minus this process's own (/proc/self/stat,
// every thread, which on a CPU OpenCL device includes the driver's workers),
// and the time the hypervisor stole. The calibration's busy-host guard reads
// it over the calibration; the parsers are pure and fuzzed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "probes/FsRoot.hpp"

namespace clscope::probes {

/// Aggregate counters of the "cpu" line of /proc/stat, in clock ticks.
struct CpuTotals {
  std::uint64_t total = 0;  ///< every field but guest/guest_nice (already in user/nice)
  std::uint64_t idle = 0;   ///< idle + iowait
  std::uint64_t steal = 0;
};
std::optional<CpuTotals> parse_proc_stat_totals(std::string_view text);

/// utime + stime of /proc/<pid>/stat (the whole thread group), in clock
/// ticks. The command name may hold spaces and parentheses: fields are
/// counted after its last ')'.
std::optional<std::uint64_t> parse_pid_stat_cpu_ticks(std::string_view text);

struct HostLoadReading {
  std::optional<double> others_busy;  ///< share of all CPUs busy with other processes, 0..1
  std::optional<double> steal;        ///< share stolen by the hypervisor, 0..1
  std::string missing;                ///< why not read
};

/// Reads the counters at construction and again at finish(); the shares are
/// of the CPU time that elapsed in between.
class HostLoadMeter {
 public:
  explicit HostLoadMeter(FsRoot root = {}, std::string self = "self");
  HostLoadReading finish();

 private:
  struct Counters {
    CpuTotals cpu;
    std::uint64_t own = 0;
  };
  std::optional<Counters> read(std::string& why);

  FsRoot root_;
  std::string self_;
  std::optional<Counters> start_;
  std::string start_missing_;
};

/// The share of the CPU time between `a` and `b` taken by other processes
/// (busy minus `own_ticks`, never below 0) and by steal. Empty when no tick
/// elapsed.
HostLoadReading host_load_between(const CpuTotals& a, const CpuTotals& b, std::uint64_t own_ticks);

}  // namespace clscope::probes
