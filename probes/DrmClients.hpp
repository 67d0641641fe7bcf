#pragma once
// The DRM clients of processes, from <procfs>: every fd of /proc/<pid>/fd
// whose link points into /dev/dri/ is read from /proc/<pid>/fdinfo/<fd>
// (parse_drm_fdinfo). Clients are de-duplicated by (device, drm-client-id):
// fds dup'd or inherited within a process count once for it, and a client
// shared by several processes counts once in the device totals (each of those
// processes still shows it). The device is drm-pdev, else the PCI address
// behind <sysfs>/class/drm/<node>/device, else "dri:<node>".
//
// Busy fractions need two scans: a client first seen in this scan adds its
// counters but no busy share until the next one (engines with no share yet
// have busy_fraction nullopt and unavailable["engines"] says so). Memory is
// summed per region over a process's clients (buffers shared between clients
// count in each). The whole-device gpu_busy_percent of amdgpu is read by the
// amdgpu probe (util_pct), not here.
//
// Permissions: another user's fd directory, links and fdinfo need ptrace
// rights; EACCES/EPERM puts the process in `inaccessible` as permission_denied
// with kPtraceHint, never as a process with zero use. A process that ends
// during the scan is skipped.
//
// Failure: scan() never throws. Thread safety: one caller at a time.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "probes/DrmFdinfo.hpp"
#include "probes/FsRoot.hpp"
#include "probes/ProcessDeviceUse.hpp"

namespace clscope::probes {

struct DrmScan {
  std::vector<ProcessDeviceUse> processes;  ///< engines, memory, client ids (no host side), by (pid, device)
  std::vector<DeviceClients> devices;       ///< by device
  std::vector<InaccessibleProcess> inaccessible;
  std::vector<std::int64_t> scanned_pids;   ///< processes whose fds were read
  std::optional<Missing> failure;           ///< set when the scan stopped early (what was read stays)
};

class DrmClientScanner {
 public:
  explicit DrmClientScanner(FsRoot root) : root_(std::move(root)) {}
  /// `pids` empty: every numeric entry of <procfs>. `t_ns`: the scan's time.
  DrmScan scan(const std::vector<std::int64_t>& pids, std::int64_t t_ns) noexcept;

  /// /proc/<pid>/cmdline with NULs as spaces, else comm; empty when unreadable.
  static std::string command_of(const FsRoot& root, std::int64_t pid);

 private:
  // (device, client id or "pid/fd" when the driver prints none)
  using ClientKey = std::tuple<std::string, std::string>;
  struct Prev {
    std::map<std::string, DrmEngineCounters> engines;
    std::int64_t t_ns = 0;
  };
  struct Totals;  // device totals being built (DrmClients.cpp)
  void scan_pid(std::int64_t pid, std::int64_t t_ns, DrmScan& out, Totals& totals);
  std::string device_of(const DrmFdinfo& info, const std::string& node);

  FsRoot root_;
  std::map<ClientKey, Prev> prev_, next_;
  std::map<std::string, std::string> node_device_;  // "renderD128" → PCI address or "dri:..."
  std::string text_;
};

}  // namespace clscope::probes
