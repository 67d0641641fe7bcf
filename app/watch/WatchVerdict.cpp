#include "app/watch/WatchVerdict.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace clscope::app::watch {

namespace {

namespace l = limits;

// 0.5 at the threshold, rising linearly to 1 at the "clear" point.
double ramp(double x, double threshold, double clear) {
  if (clear == threshold) return 1.0;
  const double r = (x - threshold) / (clear - threshold);
  return std::clamp(0.5 + 0.5 * r, 0.0, 1.0);
}

int pct(double fraction) { return static_cast<int>(std::lround(fraction * 100)); }

std::string states_text(const std::map<char, int>& states) {
  std::string s;
  for (const auto& [state, n] : states) s += fmt::format("{}{}{}", s.empty() ? "" : " ", n, state);
  return s.empty() ? "no threads read" : "threads " + s;
}

std::string busy_text(const WatchEvidence& e) {
  return fmt::format("device busy {}%{}", pct(*e.device_busy),
                     e.busy_is_estimate ? " (estimate)" : "");
}

std::string hot_text(const WatchEvidence& e) {
  if (!e.hottest_thread_pct) return "thread CPU n/a";
  return fmt::format("hottest thread {} ({}) {:.0f}% of a core", e.hottest_name,
                     e.hottest_tid.value_or(0), *e.hottest_thread_pct);
}

WatchVerdict make(core::Verdict v, double confidence, std::string why) {
  return WatchVerdict{v, std::clamp(confidence, 0.0, 1.0), std::move(why)};
}

}  // namespace

WatchVerdict decide(const WatchEvidence& e) {
  if (!e.device_busy)
    return make(core::Verdict::unknown, 0,
                fmt::format("device busy n/a; {}, {}", hot_text(e), states_text(e.thread_states)));
  const double busy = *e.device_busy;
  const double busy_conf = ramp(busy, l::kBusy, 0.9) * (e.busy_is_estimate ? 0.8 : 1.0);

  if (busy >= l::kBusy) {
    std::string reasons;
    for (const auto& r : e.throttle_reasons)
      if (!core::benign_throttle_reason(r)) reasons += (reasons.empty() ? "" : ",") + r;
    const bool clock_low = !e.clock_ratio || *e.clock_ratio < l::kThrottleClockRatio;
    if (!reasons.empty() && clock_low) {
      std::string why = busy_text(e);
      if (e.clock_ratio) why += fmt::format(", clock at {}% of max", pct(*e.clock_ratio));
      return make(core::Verdict::throttled, busy_conf * (e.clock_ratio ? 1.0 : 0.7),
                  why + ", throttle: " + reasons);
    }
    return make(core::Verdict::device_bound, busy_conf,
                fmt::format("{}; which unit limits it is unknown (passive watch); {}", busy_text(e),
                            hot_text(e)));
  }

  const double idle_conf = ramp(1 - busy, 1 - l::kBusy, 1 - 0.1);
  if (e.pcie_fraction && *e.pcie_fraction >= l::kPcieNearLink)
    return make(core::Verdict::transfer_bound,
                std::min(idle_conf, ramp(*e.pcie_fraction, l::kPcieNearLink, 0.8)),
                fmt::format("{}, PCIe traffic at {}% of the link rate", busy_text(e),
                            pct(*e.pcie_fraction)));
  if (e.hottest_thread_pct && *e.hottest_thread_pct >= l::kHotThreadPct)
    return make(core::Verdict::host_bound,
                std::min(idle_conf, ramp(*e.hottest_thread_pct, l::kHotThreadPct, 98.0)),
                fmt::format("{}, {} (saturated); {}", busy_text(e), hot_text(e),
                            states_text(e.thread_states)));
  if (busy <= l::kIdle && e.hottest_thread_pct && *e.hottest_thread_pct < l::kProcessIdlePct)
    return make(core::Verdict::starved,
                std::min(ramp(1 - busy, 1 - l::kIdle, 0.95),
                         ramp(l::kProcessIdlePct - *e.hottest_thread_pct, 0, l::kProcessIdlePct)),
                fmt::format("{}, process idle or blocked: {}, {}", busy_text(e), hot_text(e),
                            states_text(e.thread_states)));
  return make(core::Verdict::unknown, 0,
              fmt::format("{}, {}, {}: neither side clearly limits", busy_text(e), hot_text(e),
                          states_text(e.thread_states)));
}

nlohmann::json evidence_json(const WatchEvidence& e) {
  auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  nlohmann::json states = nlohmann::json::object();
  for (const auto& [state, n] : e.thread_states) states[std::string(1, state)] = n;
  return {{"device_busy", opt(e.device_busy)},
          {"busy_source", e.busy_source},
          {"busy_is_estimate", e.busy_is_estimate},
          {"hottest_thread_pct", opt(e.hottest_thread_pct)},
          {"hottest_tid", opt(e.hottest_tid)},
          {"hottest_thread", e.hottest_name},
          {"process_cpu_pct", opt(e.process_cpu_pct)},
          {"thread_states", states},
          {"pcie_fraction", opt(e.pcie_fraction)},
          {"clock_ratio", opt(e.clock_ratio)},
          {"throttle_reasons", e.throttle_reasons}};
}

}  // namespace clscope::app::watch
