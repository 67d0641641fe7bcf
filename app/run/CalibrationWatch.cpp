#include "app/run/CalibrationWatch.hpp"

#include <memory>

#include <fmt/format.h>

#include "probes/HostLoad.hpp"

namespace clscope::app {

workloads::LoadWatch host_load_watch(const probes::FsRoot& root) {
  return [root]() -> std::function<core::HostLoadSeen()> {
    auto meter = std::make_shared<probes::HostLoadMeter>(root);
    return [meter] {
      const auto r = meter->finish();
      core::HostLoadSeen seen;
      seen.others_busy = r.others_busy;
      seen.steal = r.steal;
      seen.missing = r.missing;
      return seen;
    };
  };
}

workloads::CalibrationOptions run_calibration_options(bool recalibrate, const probes::FsRoot& root) {
  auto o = workloads::calibration_options_from_env(recalibrate);
  o.load_watch = host_load_watch(root);
  return o;
}

std::string calibration_note(const workloads::CeilingsResult& c) {
  const std::string why = c.record.untrusted_reason();
  if (!why.empty())
    return fmt::format("clscope: ceilings measured in {:.1f} s but NOT TRUSTED: {}; not cached",
                       c.calibration_s, why);
  return fmt::format("clscope: ceilings measured in {:.1f} s (cached for this device and driver; "
                     "--recalibrate to measure again)",
                     c.calibration_s);
}

}  // namespace clscope::app
