#pragma once
// Bottleneck verdicts (contract vocabulary: clscope(1), ANALYSIS): one per
// workload per window, from the window's aggregate, the measured ceilings and
// optional device telemetry. Pure functions; thread-safe.
//
// Rules, in order (thresholds are the named constants below):
//  0. No completed launch (or no time span) -> unknown.
//  1. Throttled: telemetry reports a throttle reason other than idle /
//     application clocks, the clock ratio (current / max) is below
//     kThrottleClockRatio, and the device is busy (>= kDeviceBusy).
//  1b. Contended: the workload's solo level is known (Contention.hpp), another
//     workload of the run completed work in this window, and the window's
//     value is below (1 - kContendedDrop) x the solo level. It comes before
//     every rule below, whose verdicts would blame the workload's own launch
//     path or the device for a drop the other workload causes; throttled
//     (clocks held down) still wins.
//  2. Device busy (busy fraction >= kDeviceBusy):
//     a. transfers are >= kTransferShare of the busy time -> transfer-bound;
//     b. with measured ceilings: the larger of (achieved bandwidth / memory
//        ceiling) and (achieved ops / compute ceiling), over device-busy time,
//        decides memory-bound / compute-bound when it is >= kNearCeiling;
//        when every ceiling that matters for the work done is known and both
//        fractions are below it -> latency-bound;
//     c. missing ceilings: the arithmetic intensity (ops / byte) against the
//        ridge point (compute / memory ceiling, or kNominalRidgeFlopPerByte)
//        picks compute- or memory-bound, with confidence x kNoCeilingFactor;
//     d. neither bytes nor operations known (an observed program without
//        [app.kernel] declarations of its kernels' work, whose
//        bytes are copies only: Metric::commands_per_s) -> device-bound.
//  3. Device idle (busy < kDeviceBusy): the submitting thread's time explains
//     the idle device. Shares of the span: host work (-> host-bound), sleep
//     (no work arrived -> starved), API overhead = time inside OpenCL calls
//     not covered by device work (-> launch-bound, or transfer-bound when
//     the work is large copies: transfer share >= kTransferShare and either
//     >= kNearCeiling of the transfer ceiling or >= kLargeTransferBytes per
//     launch), and unaccounted time outside OpenCL calls (-> host-bound, lower
//     confidence). The largest share wins if it is >= kOffGpuShare.
//     d. nothing counted (no bytes, no operations: an observed program or a
//        watched process) -> device-bound: busy, which unit limits it unknown.
//  4. Otherwise, a device busy >= kDeviceBusyLow falls back to rule 2 with
//     confidence x kFallbackFactor; else unknown.
// Without profiling timestamps (busy fraction unknown) only host work and
// sleep shares >= kDominantShare can decide; everything else is unknown.
//
// Confidence in [0, 1]: 0.5 at a rule's threshold rising linearly to 1 at its
// "clear" point, times the factors above.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Window.hpp"

namespace clscope::core {

enum class Verdict {
  compute_bound,
  memory_bound,
  latency_bound,
  throttled,
  transfer_bound,
  launch_bound,
  host_bound,
  starved,
  device_bound,  ///< busy, but neither bytes nor operations are known (an observed program)
  contended,     ///< well below its solo level while another workload of the run is active
  unknown,
};

/// Exact contract strings ("compute-bound", ..., "device-bound", "contended", "unknown").
const char* verdict_name(Verdict v);
std::optional<Verdict> verdict_from_name(const std::string& name);
/// True for transfer-bound, launch-bound, host-bound, starved.
bool off_gpu(Verdict v);

namespace thresholds {
inline constexpr double kDeviceBusy = 0.60;       ///< busy fraction for device-side verdicts
inline constexpr double kDeviceBusyClear = 0.90;  ///< full confidence in "busy"
inline constexpr double kDeviceBusyLow = 0.30;    ///< fallback floor (rule 4)
inline constexpr double kDeviceIdleClear = 0.20;  ///< busy at or below this: clearly idle
inline constexpr double kTransferShare = 0.50;    ///< transfer time / busy time
inline constexpr double kNearCeiling = 0.50;      ///< fraction of a measured ceiling
inline constexpr double kNearCeilingClear = 0.80;
inline constexpr double kNominalRidgeFlopPerByte = 4.0;  ///< used only without ceilings
inline constexpr double kOffGpuShare = 0.25;  ///< share of span explaining the idle device
inline constexpr double kOffGpuShareClear = 0.60;
inline constexpr double kDominantShare = 0.50;          ///< without profiling timestamps
inline constexpr double kLargeTransferBytes = 1 << 20;  ///< per launch, without a ceiling
inline constexpr double kThrottleClockRatio = 0.90;
inline constexpr double kThrottleClockRatioClear = 0.70;
inline constexpr double kNoCeilingFactor = 0.6;
inline constexpr double kFallbackFactor = 0.5;
inline constexpr double kUnaccountedFactor = 0.7;  ///< host-bound from unaccounted time
/// "Well below its solo level": value < (1 - kContendedDrop) x solo level.
inline constexpr double kContendedDrop = 0.25;
inline constexpr double kContendedDropClear = 0.50;  ///< full confidence in "contended"
}  // namespace thresholds

/// Ceilings measured by calibration; empty = not measured (yet).
struct Ceilings {
  std::optional<double> mem_gbs;         ///< device memory bandwidth, GB/s (1e9 B/s)
  std::optional<double> compute_gflops;  ///< GFLOP/s (FMA = 2)
  std::optional<double> h2d_gbs;         ///< host -> device, pinned, GB/s
  std::optional<double> d2h_gbs;         ///< device -> host, pinned, GB/s
  std::optional<double> dispatch_us;     ///< launch dispatch latency (START - QUEUED), us
  std::optional<double> round_trip_us;   ///< enqueue -> observed completion, us
};

/// Device telemetry for the window, when a probe provides it.
struct DeviceTelemetry {
  std::optional<double> clock_ratio;          ///< current / maximum sustained clock
  std::vector<std::string> throttle_reasons;  ///< backend names ("sw_power_cap", "gpu_idle", ...)
};

/// Throttle reason names that do not mean "held down": anything containing
/// "idle", "applications_clocks" (user-chosen clocks) or "none".
bool benign_throttle_reason(const std::string& name);

/// What a verdict is decided from. Empty fields = not available.
/// Fractions are in [0, 1] unless stated; shares are of the window's span.
struct Evidence {
  std::uint64_t iterations = 0;
  double span_s = 0;
  std::optional<double> value;                    ///< the window's headline figure
  std::string unit;                               ///< its unit ("GB/s", ...)
  std::optional<double> device_busy;              ///< (kernel + transfer time) / span, capped at 1
  std::optional<double> transfer_share;           ///< transfer time / (kernel + transfer time)
  std::optional<double> mem_gbs;                  ///< bytes / device-busy time
  std::optional<double> mem_fraction;             ///< mem_gbs / memory ceiling (may exceed 1)
  std::optional<double> mem_fraction_span;        ///< bytes / span / memory ceiling
  std::optional<double> compute_gflops;           ///< ops / device-busy time
  std::optional<double> compute_fraction;         ///< compute_gflops / compute ceiling
  std::optional<double> intensity_flop_per_byte;  ///< ops / bytes
  std::optional<double> transfer_gbs;             ///< bytes / span, transfer-only windows
  std::optional<double> transfer_fraction;        ///< transfer_gbs / max(h2d, d2h) ceiling
  std::optional<double> bytes_per_launch;
  std::optional<double> api_wall_share;      ///< submit thread inside OpenCL calls
  std::optional<double> api_cpu_share;       ///< ... of which on CPU
  std::optional<double> wait_share;          ///< ... of which blocked waiting for completion
  std::optional<double> api_overhead_share;  ///< max(0, api wall - device busy) / span
  double host_work_share = 0;                ///< busy host work before launches
  double sleep_share = 0;                    ///< idle gaps before launches (no work arrived)
  std::optional<double> unaccounted_share;   ///< 1 - busy - host work - sleep - API overhead
  std::optional<double> kernel_us_mean;      ///< mean END-START per kernel launch
  std::optional<double> dispatch_us;         ///< window median START-QUEUED
  std::optional<double> round_trip_us;       ///< window median enqueue -> completion
  std::optional<double> dispatch_ceiling_us;
  std::optional<double> round_trip_ceiling_us;
  std::optional<double> clock_ratio;
  std::vector<std::string> throttle_reasons;  ///< all reported names, benign included
  std::optional<double> solo_level;           ///< the workload's level alone (Contention.hpp)
  std::optional<double> below_solo;           ///< 1 - value / solo level (> 0: below it)
  std::vector<std::string> others_active;     ///< other workloads that completed work in this window
};

/// What the classifier knows about the other workloads of the run.
struct ContentionInput {
  std::optional<double> solo_level;        ///< this workload's solo level, in its metric's unit
  std::vector<std::string> others_active;  ///< other workloads active in this window
};

/// Builds the evidence. Missing inputs (ceilings, telemetry, profiling
/// timestamps, API accounting when api_calls == 0, contention) leave fields empty.
Evidence make_evidence(const WindowStats& w, Metric metric, const Ceilings& ceilings,
                       const DeviceTelemetry* telemetry = nullptr,
                       const ContentionInput* contention = nullptr);

struct VerdictResult {
  Verdict verdict = Verdict::unknown;
  double confidence = 0;  ///< 0..1
  Evidence evidence;
  std::string why;  ///< one line with numbers: "device busy 31%, host work 64% of wall"
};

VerdictResult classify(const Evidence& e);
inline VerdictResult classify(const WindowStats& w, Metric metric, const Ceilings& ceilings,
                              const DeviceTelemetry* telemetry = nullptr,
                              const ContentionInput* contention = nullptr) {
  return classify(make_evidence(w, metric, ceilings, telemetry, contention));
}

// JSON: optional fields are null when empty.
void to_json(nlohmann::json& j, const Ceilings& c);
void from_json(const nlohmann::json& j, Ceilings& c);
void to_json(nlohmann::json& j, const DeviceTelemetry& t);
void from_json(const nlohmann::json& j, DeviceTelemetry& t);
void to_json(nlohmann::json& j, const Evidence& e);
void to_json(nlohmann::json& j, const VerdictResult& r);

}  // namespace clscope::core
