#pragma once
// Measured ceilings of a device: a short calibration (a few seconds) that runs
// the best variants of the microbenchmarks, plus spec-derived estimates shown
// beside them (labelled as estimates). Results are cached per device and
// software stack under $XDG_CACHE_HOME/clscope/.
#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/PcieRate.hpp"
#include "core/Classifier.hpp"
#include "workloads/Device.hpp"

namespace clscope::workloads {

struct CeilingsResult {
  core::Ceilings measured;
  nlohmann::json detail;     ///< per ceiling: which variant won, its figure
  double calibration_s = 0;  ///< wall time the calibration took (0 when cached)
  bool from_cache = false;
  bool abandoned = false;     ///< stopped before every step ran
  std::string cache_key;
  std::string measured_at;   ///< ISO 8601 UTC
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
/// Marks the cached ceilings under `cache_key` stale (a run beat one of them);
/// the next run measures again. False when there is no such entry.
bool mark_ceilings_cache_stale(const std::string& cache_key, const std::string& reason);

using CalibrationProgress = std::function<void(double fraction, const std::string& step)>;

/// Returns cached ceilings for this device and stack unless `recalibrate`,
/// else measures them (about 6-10 s) and caches the result. Never throws for
/// a single failed step: that ceiling stays empty and `detail` says why.
/// `stop` (may be null) abandons the calibration between steps and within a
/// step; an abandoned calibration is not cached.
CeilingsResult measure_ceilings(const Device& device, bool recalibrate,
                                const CalibrationProgress& progress = {},
                                const std::atomic<bool>* stop = nullptr);


}  // namespace clscope::workloads
