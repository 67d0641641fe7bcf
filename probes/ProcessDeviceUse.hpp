#pragma once
// Plain data of `clscope watch`: which processes use which device, how busy
// they keep it, and what their host threads do. Filled by ProcessScan
// (probes/ProcessScan.hpp) from DRM fdinfo, NVML and /proc; no behaviour here.
//
// Rule of every field: std::nullopt means "not read" (the reason is in the
// record's `unavailable` map under the field's name), never zero.
// Units are in the names: fractions are 0..1, percentages 0..100, bytes, ns.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "probes/Probe.hpp"

namespace clscope::probes {

/// One engine class of one device as seen by one process (or the device).
struct EngineUse {
  std::string engine;       ///< the driver's name: "gfx", "compute" (amdgpu), "render" (i915), "rcs" (xe)
  unsigned capacity = 1;    ///< engines of this class (drm-engine-capacity-*, default 1)
  std::optional<std::uint64_t> busy_ns;  ///< cumulative drm-engine-* counter (ns), summed over clients
  /// Busy share of the whole class between the last two samples, 0..1:
  /// Δbusy_ns / (Δwall_ns × capacity), or for xe Δdrm-cycles / (Δdrm-total-cycles × capacity).
  /// Clamped to [0, 1] (counters and wall clock are read a few µs apart).
  std::optional<double> busy_fraction;
  std::string source;       ///< "drm-engine (ns)" or "drm-cycles/drm-total-cycles"
};

/// Memory of one region ("vram", "gtt", "cpu", "system", "vram0", ...), bytes.
struct RegionMemory {
  std::string region;
  std::optional<std::uint64_t> total_bytes;      ///< drm-total-*
  std::optional<std::uint64_t> resident_bytes;   ///< drm-resident-* (or legacy drm-memory-*)
  std::optional<std::uint64_t> shared_bytes;     ///< drm-shared-*
  std::optional<std::uint64_t> active_bytes;     ///< drm-active-*
  std::optional<std::uint64_t> purgeable_bytes;  ///< drm-purgeable-*
};

/// One thread of a process, between the last two samples.
struct ThreadUse {
  std::int64_t tid = 0;
  std::string name;                   ///< comm (15 characters at most)
  char state = '?';                   ///< R running, S sleeping, D uninterruptible (I/O, driver), ...
  std::optional<double> cpu_pct;      ///< % of one core (utime+stime ticks), needs two samples
  /// % of wall time the thread ran or waited on a run queue for a CPU
  /// (<procfs>/<pid>/task/<tid>/schedstat run + wait ns), needs two samples;
  /// nullopt without schedstat (kernels without CONFIG_SCHEDSTATS). Unlike
  /// cpu_pct it stays near 100 for a thread that wants a core it must share.
  std::optional<double> runnable_pct;
  std::optional<std::int64_t> voluntary_ctxt;     ///< total since the thread started
  std::optional<std::int64_t> nonvoluntary_ctxt;  ///< total since the thread started
  std::optional<int> last_cpu;        ///< stat field 39
  std::optional<int> numa_node;       ///< node of last_cpu (from <sysfs>/devices/system/node)
};

/// The host side of one process.
struct HostSide {
  std::vector<ThreadUse> threads;  ///< sorted by tid
  /// A thread at >= kPinnedCorePct of one core (the busiest one), e.g. a
  /// submit thread spinning in a blocking wait.
  std::optional<std::int64_t> pinned_tid;
  /// Nodes its threads ran on (last CPU of each thread that used CPU since the
  /// previous sample; of every thread on the first sample or when none did), sorted.
  std::vector<int> numa_nodes;
  std::optional<int> device_numa_node;  ///< the device's local node (PCI numa_node; unknown when -1)
  /// True when some thread ran on a node other than the device's.
  std::optional<bool> runs_off_device_node;
};
inline constexpr double kPinnedCorePct = 90.0;

/// What one process does with one device.
struct ProcessDeviceUse {
  std::int64_t pid = 0;
  std::string command;  ///< /proc/<pid>/cmdline joined by spaces, else comm
  std::string device;   ///< PCI address "0000:03:00.0" when known, else "dri:renderD128" / "nvml:<index>"
  std::string driver;   ///< drm-driver ("amdgpu", "i915", "xe", ...) or "nvidia"
  std::optional<unsigned> nvml_index;  ///< NVML's index of the GPU (NVML only)

  std::vector<std::uint64_t> drm_client_ids;  ///< distinct drm-client-id values (dup'd fds counted once)
  std::vector<EngineUse> engines;             ///< sorted by engine name
  std::vector<RegionMemory> memory;           ///< sorted by region name

  // NVML per process (nvmlDeviceGet{Compute,Graphics}RunningProcesses,
  // nvmlDeviceGetProcessUtilization: mean of the samples since the last scan).
  std::string nvml_kind;  ///< "compute", "graphics" or "compute+graphics"
  std::optional<std::uint64_t> gpu_memory_bytes;  ///< usedGpuMemory
  std::optional<double> sm_util_pct, mem_util_pct, enc_util_pct, dec_util_pct;

  std::optional<HostSide> host;  ///< absent when host-side reading was off or failed (see unavailable["host"])

  /// Field name → why it is missing ("engines", "memory", "sm_util_pct", "host", ...).
  std::map<std::string, Missing> unavailable;
};

/// Device-wide totals computed from the clients (each client counted once).
/// NVML GPUs are listed with their processes and no engines.
struct DeviceClients {
  std::string device;  ///< as in ProcessDeviceUse::device
  std::string driver;
  std::vector<EngineUse> engines;  ///< busy summed over every client seen
  std::vector<std::int64_t> pids;  ///< processes that hold a client, sorted
  std::map<std::string, Missing> unavailable;
};

/// A process that could not be inspected (another user's). A full scan by an
/// unprivileged user lists every other user's process here: summarise them.
struct InaccessibleProcess {
  std::int64_t pid = 0;
  std::string command;  ///< comm when readable
  Missing problem;      ///< permission_denied with the ptrace hint, or failed
};

/// The reason text for an fdinfo / fd directory that may not be read.
inline constexpr const char* kPtraceHint =
    "reading another process's DRM fdinfo needs the same rights as ptrace: run as the "
    "process's user or root, or CAP_SYS_PTRACE";

/// One scan.
struct ProcessScanResult {
  std::int64_t t_ns = 0;  ///< core::now_ns() when taken
  std::vector<ProcessDeviceUse> processes;  ///< sorted by (pid, device)
  std::vector<DeviceClients> devices;       ///< sorted by device
  std::vector<InaccessibleProcess> inaccessible;  ///< sorted by pid
  /// Source → why it gave nothing: "drm" (no process listable in a full
  /// scan, or the DRM scan failed), "nvml" (GPU
  /// enumeration failed), "nvml:<device>:compute_processes" /
  /// "...:graphics_processes" / "...:process_utilization", "scan" (internal
  /// failure). Empty when every source answered.
  std::map<std::string, Missing> unavailable;
};

}  // namespace clscope::probes
