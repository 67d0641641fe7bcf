#pragma once
// The verdict of one watched process over one window (`clscope watch`), from
// passive evidence only: how busy the device is, what the process's threads
// do, and (NVML only) PCIe traffic and clock event reasons. Pure functions;
// thread-safe. Contract vocabulary: architecture §4 (core::Verdict).
//
// Rules, in order (thresholds below):
//  1. Device busy unknown -> unknown.
//  2. throttled: busy >= kBusy and a throttle reason other than idle /
//     application clocks, with the clock below kThrottleClockRatio of its
//     maximum when the clock is known.
//  3. device-bound: busy >= kBusy (which unit limits it is unknown: passive
//     watching has no counters).
//  4. The device is mostly idle (busy < kBusy):
//     a. transfer-bound: PCIe traffic >= kPcieNearLink of the link rate;
//     b. host-bound: one thread of the process at >= kHotThreadPct of a core
//        (and, on a CPU device, that thread is not one of the device's workers);
//     c. starved: busy < kIdle and the process idle or blocked (its hottest
//        thread < kProcessIdlePct of a core);
//     d. otherwise unknown (partly busy device, partly busy host).
//
// Units: fractions 0..1, percentages of one core 0..100.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Classifier.hpp"

namespace clscope::app::watch {

namespace limits {
inline constexpr double kBusy = 0.60;               ///< device busy: device-side verdicts
inline constexpr double kIdle = 0.30;               ///< at or below: the device idles
inline constexpr double kHotThreadPct = 90.0;       ///< a thread saturating one core
inline constexpr double kProcessIdlePct = 50.0;     ///< hottest thread below: the process idles
inline constexpr double kPcieNearLink = 0.50;       ///< PCIe traffic / link rate
inline constexpr double kThrottleClockRatio = 0.90;  ///< current / max clock
}  // namespace limits

/// What a process's verdict is decided from. Empty = not read.
struct WatchEvidence {
  std::optional<double> device_busy;  ///< 0..1
  std::string busy_source;            ///< how device_busy was measured ("drm-engine", ...)
  bool busy_is_estimate = false;      ///< CPU device: from worker threads' CPU time
  std::optional<double> hottest_thread_pct;  ///< % of one core, the busiest non-worker thread
  std::optional<std::int64_t> hottest_tid;
  std::string hottest_name;
  std::optional<double> process_cpu_pct;  ///< all threads, % of one core
  std::map<char, int> thread_states;      ///< state letter -> threads ('R', 'S', 'D', ...)
  std::optional<double> pcie_fraction;    ///< (TX + RX) / link rate, NVML only
  std::optional<double> clock_ratio;      ///< current / max clock
  std::vector<std::string> throttle_reasons;
};

struct WatchVerdict {
  core::Verdict verdict = core::Verdict::unknown;
  double confidence = 0;  ///< 0..1
  std::string why;        ///< one line with the numbers
};

WatchVerdict decide(const WatchEvidence& e);

/// {"device_busy", "busy_source", "busy_is_estimate", "hottest_thread_pct",
///  "hottest_tid", "hottest_thread", "process_cpu_pct", "thread_states": {"R": n, ...},
///  "pcie_fraction", "clock_ratio", "throttle_reasons"}; unread values are null.
nlohmann::json evidence_json(const WatchEvidence& e);

}  // namespace clscope::app::watch
