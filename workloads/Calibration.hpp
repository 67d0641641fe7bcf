#pragma once
// Measured ceilings of a device: repeated trials of several variants of the
// microbenchmarks within a time budget (8 s of trials), judged stable or not and
// trusted or not (a busy host), plus spec-derived estimates shown beside them
// (labelled as estimates). Trusted results are cached per device and
// software stack under $XDG_CACHE_HOME/clscope/.
#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/PcieRate.hpp"
#include "core/CeilingsRecord.hpp"
#include "core/Classifier.hpp"
#include "workloads/Device.hpp"

namespace clscope::workloads {

struct CeilingsResult {
  core::CeilingsRecord record;  ///< the clscope.ceilings/1 object
  core::Ceilings measured;      ///< record.values(): what the classifier reads
  double calibration_s = 0;     ///< wall time the calibration took (0 when cached)
  bool from_cache = false;
  bool abandoned = false;       ///< stopped before every step ran
  std::string cache_key;
};

/// The method's constants (documented in the man page).
inline constexpr double kTrialSeconds = 0.25;       ///< one timed trial
inline constexpr double kWarmupSeconds = 0.1;       ///< per variant, excluded
inline constexpr double kStableSpread = 0.03;       ///< best three within 3%
inline constexpr double kDefaultBudgetSeconds = 8;   ///< trials and warm-ups; setup on top
inline constexpr double kBusyOthersMax = 0.25;      ///< CPU share of other processes
inline constexpr double kStealMax = 0.10;           ///< CPU share stolen
inline constexpr int kCacheMaxAgeDays = 30;

/// Starts watching how busy the node is with other work; the returned
/// function ends the watch and says what it saw (core::HostLoadSeen's
/// others_busy, steal, device, missing).
using LoadWatch = std::function<std::function<core::HostLoadSeen()>()>;

struct CalibrationOptions {
  bool recalibrate = false;
  double budget_s = kDefaultBudgetSeconds;
  double busy_others_max = kBusyOthersMax;
  double steal_max = kStealMax;
  LoadWatch load_watch;  ///< empty: host load not read (said so in the record)
};


/// Spec-derived estimates (never measurements): compute = CUs x clock x lanes
/// x 2, FP32 lanes per compute unit from the cited table in SpecTable.hpp
/// (NVIDIA by compute capability, AMD by gfx target, Intel 8 per EU, CPU
/// native vector width x 2 FMA ports). Memory bandwidth
/// cannot be derived from OpenCL queries and is left empty.
struct SpecEstimates {
  std::optional<double> compute_gflops;
  std::string compute_basis;  ///< "2 CUs x 2596 MHz x 64 lanes x 2"
  std::optional<double> link_gbs;  ///< PCIe gen x width, filled by the caller from probes
  std::string link_basis;
};
SpecEstimates spec_estimates(const DeviceInfo& d);

using core::pcie_link_gbs;  // core/PcieRate.hpp: the one table of PCIe rates

/// The cache key: device, vendor, driver, device and platform versions.
std::string ceilings_cache_key(const DeviceInfo& d, const std::string& platform_version);
/// $XDG_CACHE_HOME/clscope (or $HOME/.cache/clscope).
std::string cache_dir();
/// The cached ceilings under `cache_key`, if usable (not stale, not older
/// than kCacheMaxAgeDays, of this format); never measures.
std::optional<core::CeilingsRecord> cached_ceilings(const std::string& cache_key);
/// Marks the cached ceilings under `cache_key` stale (a run beat one of them);
/// the next run measures again. False when there is no such entry.
bool mark_ceilings_cache_stale(const std::string& cache_key, const std::string& reason);

using CalibrationProgress = std::function<void(double fraction, const std::string& step)>;

/// Returns cached ceilings for this device and stack unless
/// `options.recalibrate` (or the entry is stale, older than kCacheMaxAgeDays,
/// or was written by another format), else measures them: per ceiling, each
/// variant gets a warm-up (excluded) and two timed trials, then the best
/// variant more trials until its best three agree within kStableSpread or the
/// ceiling's share of the budget is spent. A node busy with other work
/// (options' thresholds) gives untrusted ceilings, never cached. Never throws
/// for a failed variant: its ceiling says why it is empty. `stop` (may be
/// null) abandons the calibration; an abandoned calibration is not cached.
CeilingsResult measure_ceilings(const Device& device, const CalibrationOptions& options,
                                const CalibrationProgress& progress = {},
                                const std::atomic<bool>* stop = nullptr);

/// The budget and thresholds from the environment (CLSCOPE_CALIBRATION_BUDGET_S,
/// CLSCOPE_CALIBRATION_BUSY_MAX, CLSCOPE_CALIBRATION_STEAL_MAX) over the
/// defaults; a malformed value is ignored.
CalibrationOptions calibration_options_from_env(bool recalibrate);

}  // namespace clscope::workloads
