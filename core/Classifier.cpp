#include "core/Classifier.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "core/Contention.hpp"

namespace clscope::core {

namespace t = thresholds;

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::compute_bound:
      return "compute-bound";
    case Verdict::memory_bound:
      return "memory-bound";
    case Verdict::latency_bound:
      return "latency-bound";
    case Verdict::throttled:
      return "throttled";
    case Verdict::transfer_bound:
      return "transfer-bound";
    case Verdict::launch_bound:
      return "launch-bound";
    case Verdict::host_bound:
      return "host-bound";
    case Verdict::starved:
      return "starved";
    case Verdict::device_bound:
      return "device-bound";
    case Verdict::contended:
      return "contended";
    case Verdict::unknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<Verdict> verdict_from_name(const std::string& name) {
  for (Verdict v : {Verdict::compute_bound, Verdict::memory_bound, Verdict::latency_bound,
                    Verdict::throttled, Verdict::transfer_bound, Verdict::launch_bound,
                    Verdict::host_bound, Verdict::starved, Verdict::device_bound, Verdict::contended,
                    Verdict::unknown})
    if (name == verdict_name(v)) return v;
  return std::nullopt;
}

bool off_gpu(Verdict v) {
  return v == Verdict::transfer_bound || v == Verdict::launch_bound || v == Verdict::host_bound ||
         v == Verdict::starved;
}

bool benign_throttle_reason(const std::string& name) {
  std::string lower;
  for (char c : name)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower.find("idle") != std::string::npos ||
         lower.find("applications_clocks") != std::string::npos || lower == "none" || lower.empty();
}

namespace {

double ns_to_s(std::int64_t ns) {
  return static_cast<double>(ns) * 1e-9;
}

std::optional<double> ratio(std::optional<double> num, std::optional<double> den) {
  if (!num || !den || !(*den > 0)) return std::nullopt;
  return *num / *den;
}

}  // namespace

Evidence make_evidence(const WindowStats& w, Metric metric, const Ceilings& c,
                       const DeviceTelemetry* telemetry, const ContentionInput* contention) {
  Evidence e;
  e.iterations = w.iterations;
  e.span_s = w.span_ns > 0 ? ns_to_s(w.span_ns) : 0.0;
  e.value = w.value(metric);
  e.unit = metric_unit(metric);
  e.dispatch_ceiling_us = c.dispatch_us;
  e.round_trip_ceiling_us = c.round_trip_us;
  if (telemetry) {
    e.clock_ratio = telemetry->clock_ratio;
    e.throttle_reasons = telemetry->throttle_reasons;
  }
  if (contention) {
    e.others_active = contention->others_active;
    if (contention->solo_level && *contention->solo_level > 0) {
      e.solo_level = contention->solo_level;
      if (e.value) e.below_solo = 1.0 - *e.value / *contention->solo_level;
    }
  }
  if (w.iterations == 0 || w.span_ns <= 0) return e;

  const double span = e.span_s;
  const double kernel_s = ns_to_s(w.device_busy_ns);
  const double transfer_s = ns_to_s(w.transfer_ns);
  const double busy_s = kernel_s + transfer_s;
  const double iters = static_cast<double>(w.iterations);
  e.bytes_per_launch = w.bytes / iters;
  if (w.bytes > 0 && w.ops > 0) e.intensity_flop_per_byte = w.ops / w.bytes;
  e.dispatch_us = w.dispatch_us_p50;
  e.round_trip_us = w.round_trip_us_p50;
  e.host_work_share = std::min(1.0, ns_to_s(w.host_work_ns) / span);
  e.sleep_share = std::min(1.0, ns_to_s(w.sleep_ns) / span);

  if (busy_s > 0) {  // profiling timestamps present
    e.device_busy = std::min(1.0, busy_s / span);
    e.transfer_share = transfer_s / busy_s;
    if (w.device_busy_ns > 0) e.kernel_us_mean = kernel_s / iters * 1e6;
    // An observed program's bytes are its copies: no kernel traffic to
    // hold against the memory or compute ceiling, unless the user declared
    // its kernels' work, which they did in kernel time.
    if (metric != Metric::commands_per_s) {
      e.mem_gbs = w.bytes / busy_s * 1e-9;
      e.compute_gflops = w.ops / busy_s * 1e-9;
      e.mem_fraction = ratio(e.mem_gbs, c.mem_gbs);
      e.mem_fraction_span = ratio(w.bytes / span * 1e-9, c.mem_gbs);
      e.compute_fraction = ratio(e.compute_gflops, c.compute_gflops);
    } else if ((w.declared_bytes > 0 || w.declared_ops > 0) && kernel_s > 0) {
      e.mem_gbs = w.declared_bytes / kernel_s * 1e-9;
      e.compute_gflops = w.declared_ops / kernel_s * 1e-9;
      e.mem_fraction = ratio(e.mem_gbs, c.mem_gbs);
      e.mem_fraction_span = ratio(w.declared_bytes / span * 1e-9, c.mem_gbs);
      e.compute_fraction = ratio(e.compute_gflops, c.compute_gflops);
      if (w.declared_bytes > 0 && w.declared_ops > 0) e.intensity_flop_per_byte = w.declared_ops / w.declared_bytes;
    }
  }
  if (w.transfer_ns > 0 && w.device_busy_ns == 0) {  // transfer-only: bytes are copies
    e.transfer_gbs = w.bytes / span * 1e-9;
    std::optional<double> ceiling;
    if (c.h2d_gbs || c.d2h_gbs) ceiling = std::max(c.h2d_gbs.value_or(0), c.d2h_gbs.value_or(0));
    e.transfer_fraction = ratio(e.transfer_gbs, ceiling);
  }
  if (w.api_calls > 0) {
    const double api_s = ns_to_s(w.api_wall_ns);
    e.api_wall_share = std::min(1.0, api_s / span);
    e.api_cpu_share = std::min(1.0, ns_to_s(w.api_cpu_ns) / span);
    e.wait_share = std::min(1.0, ns_to_s(w.wait_wall_ns) / span);
    if (e.device_busy) {
      e.api_overhead_share = std::clamp((api_s - busy_s) / span, 0.0, 1.0);
      e.unaccounted_share = std::clamp(
          1.0 - *e.device_busy - e.host_work_share - e.sleep_share - *e.api_overhead_share, 0.0,
          1.0);
    }
  }
  return e;
}

namespace {

/// 0.5 at `threshold`, rising linearly to 1 at `clear` (either direction).
double ramp(double x, double threshold, double clear) {
  const double f = (x - threshold) / (clear - threshold);
  return 0.5 + 0.5 * std::clamp(f, 0.0, 1.0);
}

std::string fmt(const char* format, auto... args) {
  std::array<char, 256> buf{};
  std::snprintf(buf.data(), buf.size(), format, args...);
  return buf.data();
}

int pct(double fraction) {
  return static_cast<int>(std::lround(fraction * 100));
}

VerdictResult make(Verdict v, double confidence, const Evidence& e, std::string why) {
  return VerdictResult{v, std::clamp(confidence, 0.0, 1.0), e, std::move(why)};
}

std::string busy_text(const Evidence& e) {
  return e.device_busy ? fmt("device busy %d%%", pct(*e.device_busy)) : "device busy n/a";
}

// Rule 2: the device is busy; what limits it? `factor` scales confidence.
VerdictResult device_side(const Evidence& e, double factor) {
  const double busy = e.device_busy.value_or(0);
  const double busy_conf = ramp(busy, t::kDeviceBusy, t::kDeviceBusyClear) * factor;
  const std::string busy_why = busy_text(e);

  if (e.transfer_share && *e.transfer_share >= t::kTransferShare) {
    std::string why =
        fmt("%s, transfers %d%% of busy time", busy_why.c_str(), pct(*e.transfer_share));
    if (e.transfer_gbs) why += fmt(" (%.3g GB/s)", *e.transfer_gbs);
    return make(Verdict::transfer_bound,
                std::min(busy_conf, ramp(*e.transfer_share, t::kTransferShare, 0.9) * factor), e,
                why);
  }

  const auto mf = e.mem_fraction;
  const auto cf = e.compute_fraction;
  std::optional<double> best;
  if (mf) best = *mf;
  if (cf && (!best || *cf > *best)) best = *cf;
  if (best && *best >= t::kNearCeiling) {
    const bool compute = cf && *cf == *best;
    const double conf =
        std::min(busy_conf, ramp(*best, t::kNearCeiling, t::kNearCeilingClear) * factor);
    if (compute)
      return make(Verdict::compute_bound, conf, e,
                  fmt("%s, %d%% of the compute ceiling (%.3g GFLOP/s)", busy_why.c_str(), pct(*cf),
                      e.compute_gflops.value_or(0)));
    return make(Verdict::memory_bound, conf, e,
                fmt("%s, %d%% of the memory ceiling (%.3g GB/s)", busy_why.c_str(), pct(*mf),
                    e.mem_gbs.value_or(0)));
  }

  const bool does_bytes = e.mem_gbs && *e.mem_gbs > 0;
  const bool does_ops = e.compute_gflops && *e.compute_gflops > 0;
  const bool ceilings_known = (!does_bytes || mf) && (!does_ops || cf) && (does_bytes || does_ops);
  if (ceilings_known) {
    const double b = best.value_or(0);
    return make(Verdict::latency_bound, std::min(busy_conf, ramp(b, t::kNearCeiling, 0.2) * factor),
                e,
                fmt("%s, far below the ceilings (memory %s, compute %s)", busy_why.c_str(),
                    mf ? fmt("%d%%", pct(*mf)).c_str() : "n/a",
                    cf ? fmt("%d%%", pct(*cf)).c_str() : "n/a"));
  }

  // Missing ceilings: decide by arithmetic intensity, with less confidence.
  // Busy, but nothing says what it does (an observed program, a watched
  // process): the device is the limit, which of its units is unknown.
  if (!does_bytes && !does_ops)
    return make(Verdict::device_bound, busy_conf, e,
                fmt("%s; which unit limits it is unknown (no bytes or operations counted)",
                    busy_why.c_str()));
  const double no_ceiling_conf = busy_conf * t::kNoCeilingFactor;
  if (!does_ops)
    return make(Verdict::memory_bound, no_ceiling_conf, e,
                fmt("%s, moves bytes only (%.3g GB/s; no memory ceiling measured)",
                    busy_why.c_str(), *e.mem_gbs));
  if (!does_bytes)
    return make(Verdict::compute_bound, no_ceiling_conf, e,
                fmt("%s, arithmetic only (%.3g GFLOP/s; no compute ceiling measured)",
                    busy_why.c_str(), *e.compute_gflops));
  const double ridge = t::kNominalRidgeFlopPerByte;
  const double ai = *e.intensity_flop_per_byte;
  // A decade away from the ridge point is as clear as it gets without ceilings.
  const double distance = std::clamp(std::fabs(std::log10(ai / ridge)), 0.0, 1.0);
  const double conf =
      std::min(no_ceiling_conf, (0.5 + 0.5 * distance) * factor * t::kNoCeilingFactor);
  const bool compute = ai >= ridge;
  return make(compute ? Verdict::compute_bound : Verdict::memory_bound, conf, e,
              fmt("%s, %.3g FLOP/B %s the nominal ridge %.3g FLOP/B (ceilings not measured)",
                  busy_why.c_str(), ai, compute ? "above" : "below", ridge));
}

}  // namespace

VerdictResult classify(const Evidence& e) {
  if (e.iterations == 0 || !(e.span_s > 0))
    return make(Verdict::unknown, 0, e, "no launch completed in this window");

  // Rule 1: throttled.
  if (e.device_busy && *e.device_busy >= t::kDeviceBusy && e.clock_ratio &&
      *e.clock_ratio < t::kThrottleClockRatio) {
    std::string reasons;
    for (const auto& r : e.throttle_reasons)
      if (!benign_throttle_reason(r)) reasons += (reasons.empty() ? "" : ",") + r;
    if (!reasons.empty()) {
      const double conf =
          std::min(ramp(*e.device_busy, t::kDeviceBusy, t::kDeviceBusyClear),
                   ramp(*e.clock_ratio, t::kThrottleClockRatio, t::kThrottleClockRatioClear));
      return make(Verdict::throttled, conf, e,
                  fmt("%s, clock at %d%% of max, throttle: %s", busy_text(e).c_str(),
                      pct(*e.clock_ratio), reasons.c_str()));
    }
  }

  // Rule 1b: contended. Well below its solo level while another workload of
  // the run is active: the others are the first explanation of the drop.
  if (e.solo_level && e.below_solo && e.value && !e.others_active.empty() &&
      *e.below_solo >= t::kContendedDrop) {
    const std::string others = name_list(e.others_active);
    // Never "100% below" while something completed.
    const int below = std::min(pct(*e.below_solo), *e.below_solo < 1 ? 99 : 100);
    return make(Verdict::contended,
                ramp(*e.below_solo, t::kContendedDrop, t::kContendedDropClear), e,
                fmt("at %.3g %s, %d%% below its solo %.3g %s while %s %s", *e.value,
                    e.unit.c_str(), below, *e.solo_level, e.unit.c_str(),
                    others.c_str(), e.others_active.size() == 1 ? "runs" : "run"));
  }

  if (!e.device_busy) {
    // No profiling timestamps: only a dominant host-side share can decide.
    const double share = std::max(e.host_work_share, e.sleep_share);
    if (share >= t::kDominantShare) {
      const bool host = e.host_work_share >= e.sleep_share;
      return make(host ? Verdict::host_bound : Verdict::starved,
                  ramp(share, t::kDominantShare, 0.9) * t::kFallbackFactor, e,
                  fmt("device busy n/a (no profiling), %s %d%% of wall",
                      host ? "host work" : "idle gaps (no work)", pct(share)));
    }
    return make(Verdict::unknown, 0, e, "device busy n/a (no profiling timestamps)");
  }

  const double busy = *e.device_busy;
  if (busy >= t::kDeviceBusy) return device_side(e, 1.0);  // Rule 2.

  // Rule 3: the device is idle; which host-side share explains it?
  enum class Cause { host, sleep, api, unaccounted };
  Cause cause = Cause::host;
  double share = e.host_work_share;
  if (e.sleep_share > share) cause = Cause::sleep, share = e.sleep_share;
  if (e.api_overhead_share && *e.api_overhead_share > share)
    cause = Cause::api, share = *e.api_overhead_share;
  if (e.unaccounted_share && *e.unaccounted_share > share)
    cause = Cause::unaccounted, share = *e.unaccounted_share;

  if (share >= t::kOffGpuShare) {
    const double conf = std::min(ramp(busy, t::kDeviceBusy, t::kDeviceIdleClear),
                                 ramp(share, t::kOffGpuShare, t::kOffGpuShareClear));
    const std::string b = busy_text(e);
    switch (cause) {
      case Cause::host:
        return make(Verdict::host_bound, conf, e,
                    fmt("%s, host work %d%% of wall", b.c_str(), pct(share)));
      case Cause::sleep:
        return make(Verdict::starved, conf, e,
                    fmt("%s, idle gaps (no work arrived) %d%% of wall", b.c_str(), pct(share)));
      case Cause::unaccounted:
        return make(
            Verdict::host_bound, conf * t::kUnaccountedFactor, e,
            fmt("%s, submit thread outside OpenCL calls %d%% of wall", b.c_str(), pct(share)));
      case Cause::api: {
        const bool copies = e.transfer_share && *e.transfer_share >= t::kTransferShare;
        const bool near_ceiling = e.transfer_fraction && *e.transfer_fraction >= t::kNearCeiling;
        const bool large = e.bytes_per_launch && *e.bytes_per_launch >= t::kLargeTransferBytes;
        if (copies && (near_ceiling || large)) {
          std::string why =
              fmt("%s, submit thread in copy calls %d%% of wall", b.c_str(), pct(share));
          if (e.transfer_gbs) why += fmt(" (%.3g GB/s)", *e.transfer_gbs);
          return make(Verdict::transfer_bound, conf * (near_ceiling ? 1.0 : t::kNoCeilingFactor), e,
                      why);
        }
        std::string why = fmt("%s, OpenCL call overhead %d%% of wall", b.c_str(), pct(share));
        if (e.kernel_us_mean && e.round_trip_us)
          why += fmt(" (kernel %.3g us, round trip %.3g us)", *e.kernel_us_mean, *e.round_trip_us);
        return make(Verdict::launch_bound, conf, e, why);
      }
    }
  }

  // Rule 4: nothing explains the idle time; fall back on the device side.
  if (busy >= t::kDeviceBusyLow) {
    VerdictResult r = device_side(e, t::kFallbackFactor);
    r.why += " (device partly idle, cause not accounted)";
    return r;
  }
  return make(
      Verdict::unknown, 0, e,
      fmt("%s, idle time not explained by host work, sleep or OpenCL calls", busy_text(e).c_str()));
}

namespace {
template <typename T>
nlohmann::json opt(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
template <typename T>
void get_opt(const nlohmann::json& j, const char* key, std::optional<T>& out) {
  out.reset();
  if (auto it = j.find(key); it != j.end() && !it->is_null()) out = it->get<T>();
}
}  // namespace

void to_json(nlohmann::json& j, const Ceilings& c) {
  j = {{"mem_gbs", opt(c.mem_gbs)},         {"compute_gflops", opt(c.compute_gflops)},
       {"h2d_gbs", opt(c.h2d_gbs)},         {"d2h_gbs", opt(c.d2h_gbs)},
       {"dispatch_us", opt(c.dispatch_us)}, {"round_trip_us", opt(c.round_trip_us)}};
}

void from_json(const nlohmann::json& j, Ceilings& c) {
  if (!j.is_object()) throw std::invalid_argument("ceilings: expected an object");
  get_opt(j, "mem_gbs", c.mem_gbs);
  get_opt(j, "compute_gflops", c.compute_gflops);
  get_opt(j, "h2d_gbs", c.h2d_gbs);
  get_opt(j, "d2h_gbs", c.d2h_gbs);
  get_opt(j, "dispatch_us", c.dispatch_us);
  get_opt(j, "round_trip_us", c.round_trip_us);
}

void to_json(nlohmann::json& j, const DeviceTelemetry& t) {
  j = {{"clock_ratio", opt(t.clock_ratio)}, {"throttle_reasons", t.throttle_reasons}};
}

void from_json(const nlohmann::json& j, DeviceTelemetry& t) {
  if (!j.is_object()) throw std::invalid_argument("telemetry: expected an object");
  get_opt(j, "clock_ratio", t.clock_ratio);
  t.throttle_reasons.clear();
  if (auto it = j.find("throttle_reasons"); it != j.end() && !it->is_null())
    t.throttle_reasons = it->get<std::vector<std::string>>();
}

void to_json(nlohmann::json& j, const Evidence& e) {
  j = {{"iterations", e.iterations},
       {"span_s", e.span_s},
       {"value", opt(e.value)},
       {"unit", e.unit},
       {"device_busy", opt(e.device_busy)},
       {"transfer_share", opt(e.transfer_share)},
       {"mem_gbs", opt(e.mem_gbs)},
       {"mem_fraction", opt(e.mem_fraction)},
       {"mem_fraction_span", opt(e.mem_fraction_span)},
       {"compute_gflops", opt(e.compute_gflops)},
       {"compute_fraction", opt(e.compute_fraction)},
       {"intensity_flop_per_byte", opt(e.intensity_flop_per_byte)},
       {"transfer_gbs", opt(e.transfer_gbs)},
       {"transfer_fraction", opt(e.transfer_fraction)},
       {"bytes_per_launch", opt(e.bytes_per_launch)},
       {"api_wall_share", opt(e.api_wall_share)},
       {"api_cpu_share", opt(e.api_cpu_share)},
       {"wait_share", opt(e.wait_share)},
       {"api_overhead_share", opt(e.api_overhead_share)},
       {"host_work_share", e.host_work_share},
       {"sleep_share", e.sleep_share},
       {"unaccounted_share", opt(e.unaccounted_share)},
       {"kernel_us_mean", opt(e.kernel_us_mean)},
       {"dispatch_us", opt(e.dispatch_us)},
       {"round_trip_us", opt(e.round_trip_us)},
       {"dispatch_ceiling_us", opt(e.dispatch_ceiling_us)},
       {"round_trip_ceiling_us", opt(e.round_trip_ceiling_us)},
       {"clock_ratio", opt(e.clock_ratio)},
       {"throttle_reasons", e.throttle_reasons},
       {"solo_level", opt(e.solo_level)},
       {"below_solo", opt(e.below_solo)},
       {"others_active", e.others_active}};
}

void to_json(nlohmann::json& j, const VerdictResult& r) {
  j = {{"verdict", verdict_name(r.verdict)},
       {"confidence", r.confidence},
       {"off_gpu", off_gpu(r.verdict)},
       {"why", r.why},
       {"evidence", r.evidence}};
}

}  // namespace clscope::core
