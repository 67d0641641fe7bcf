#pragma once
#include <functional>
// The probe interface: one source of readings (the host's /proc/stat, one GPU
// through NVML, ...). A probe states what it can measure and how often it wants
// to be sampled; sample() never throws and says why a reading is missing.
// A value that cannot be read is absent from `metrics`, with its reason in
// `unavailable` — never reported as 0.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probes/PciAddress.hpp"

namespace clscope::probes {

enum class Status {
  ok,                 ///< at least one metric was read
  unavailable,        ///< the source does not exist here (no file, no driver, not supported)
  permission_denied,  ///< the source exists but we may not read it
  failed,             ///< the source exists but reading or parsing it failed
};

/// "ok", "unavailable", "permission_denied", "failed".
std::string_view status_name(Status s);

/// ENOENT/ENODEV/ENXIO/EOPNOTSUPP → unavailable; EACCES/EPERM →
/// permission_denied; anything else → failed.
Status status_from_errno(int error);

/// Why one metric is missing.
struct Missing {
  Status status = Status::unavailable;
  std::string reason;
  /// The reason as shown to users: permission problems are prefixed
  /// "permission denied: ", failures "failed: ".
  std::string text() const;
};

/// Per-thread figures from /proc/<pid>/task/<tid>/{stat,status,schedstat}.
struct ThreadSample {
  std::int64_t tid = 0;
  std::string name;               ///< comm (e.g. "cl:stream"; 15 characters at most)
  double cpu_s = 0;               ///< CPU time since the thread started, seconds
  std::optional<double> cpu_pct;  ///< % of one core since the previous sample
  std::optional<std::int64_t> voluntary_ctxt;     ///< voluntary context switches (total)
  std::optional<std::int64_t> nonvoluntary_ctxt;  ///< involuntary context switches (total)
  std::string cpu_source;         ///< "schedstat" (ns) or "stat" (clock ticks)
};

struct Sample {
  Status status = Status::unavailable;
  std::string reason;            ///< empty when ok
  std::int64_t t_ns = 0;         ///< core::now_ns() when taken
  std::map<std::string, double> metrics;                     ///< name → value (units in the name)
  std::map<std::string, std::vector<std::string>> lists;     ///< e.g. "throttle" → reason names
  std::map<std::string, Missing> unavailable;                ///< name → why it is missing
  std::map<std::string, std::string> sources;                ///< name → where it was read from
  std::vector<ThreadSample> threads;                         ///< the thread-table probe only

  /// Records a metric as missing (keeps the first reason given).
  void miss(const std::string& name, Status s, std::string why);
  /// Records a metric as missing because reading `path` failed with `error`
  /// (errno; see status_from_errno), with the path in the reason.
  void miss_file(const std::string& name, const std::filesystem::path& path, int error);
  /// Sets status/reason from the content: ok when any metric or list was read;
  /// otherwise permission_denied/failed/unavailable from the problems recorded
  /// (`fallback` is the reason when nothing at all was recorded).
  void settle(std::string_view fallback);
};

/// What a device probe describes (host probes have none).
struct DeviceInfo {
  std::optional<PciAddress> pci;
  std::string vendor;  ///< "AMD", "Intel", "NVIDIA", or the CPU vendor
  std::string driver;  ///< "amdgpu", "i915", "xe", "nvidia", "cpu"
  std::string name;    ///< best name the backend knows ("card0", NVML's name, CPU model)
  bool is_cpu = false;
};

class Probe {
 public:
  virtual ~Probe() = default;
  /// Stable identifier, e.g. "host.cpu", "amdgpu:card0", "nvml:0000:01:00.0".
  virtual std::string name() const = 0;
  /// What it describes: "host", "process", or the device's PCI address / "cpu".
  virtual std::string device() const = 0;
  /// Metric names this probe may fill (lists included).
  virtual std::vector<std::string> measures() const = 0;
  /// How often it wants to be sampled.
  virtual std::chrono::milliseconds period() const { return std::chrono::milliseconds(100); }
  /// Set for device telemetry probes; nullptr for host/process probes.
  virtual const DeviceInfo* device_info() const { return nullptr; }
  /// Takes one reading. Never throws. Not thread-safe: one caller at a time.
  virtual Sample sample() noexcept = 0;
};

using ProbePtr = std::unique_ptr<Probe>;



/// The device metric names every telemetry backend fills (each optional).
namespace metric {
inline constexpr const char* kCoreClockMhz = "core_clock_mhz";
inline constexpr const char* kCoreClockMaxMhz = "core_clock_max_mhz";
inline constexpr const char* kMemClockMhz = "mem_clock_mhz";
inline constexpr const char* kMemClockMaxMhz = "mem_clock_max_mhz";
inline constexpr const char* kTempC = "temp_c";
inline constexpr const char* kPowerW = "power_w";
inline constexpr const char* kPowerLimitW = "power_limit_w";
inline constexpr const char* kEnergyJ = "energy_j";
inline constexpr const char* kUtilPct = "util_pct";
inline constexpr const char* kMemUtilPct = "mem_util_pct";
inline constexpr const char* kPcieGen = "pcie_gen";
inline constexpr const char* kPcieWidth = "pcie_width";
inline constexpr const char* kPcieMaxGen = "pcie_max_gen";
inline constexpr const char* kPcieMaxWidth = "pcie_max_width";
inline constexpr const char* kPcieRxMbps = "pcie_rx_mbps";
inline constexpr const char* kPcieTxMbps = "pcie_tx_mbps";
inline constexpr const char* kVramUsedBytes = "vram_used_bytes";
inline constexpr const char* kVramTotalBytes = "vram_total_bytes";
inline constexpr const char* kThrottle = "throttle";  ///< a list
}  // namespace metric

/// The sample() body the backends share: a fresh sample stamped now, filled
/// by `read`; an exception from `read` is recorded as a failure of
/// `failed_metric` with its message (nothing escapes), then the status is
/// settled from what was read.
Sample guarded_sample(const std::function<void(Sample&)>& read,
                      const std::string& failed_metric = metric::kCoreClockMhz) noexcept;

/// All device metric names above, in display order.
const std::vector<std::string>& device_metric_names();

}  // namespace clscope::probes
