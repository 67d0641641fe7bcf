#include "probes/Probe.hpp"

#include "core/Time.hpp"

#include <cerrno>

#include "probes/FsRoot.hpp"

namespace clscope::probes {

std::string_view status_name(Status s) {
  switch (s) {
    case Status::ok: return "ok";
    case Status::unavailable: return "unavailable";
    case Status::permission_denied: return "permission_denied";
    case Status::failed: return "failed";
  }
  return "failed";
}

std::string Missing::text() const {
  switch (status) {
    case Status::permission_denied: return "permission denied: " + reason;
    case Status::failed: return "failed: " + reason;
    default: return reason;
  }
}

void Sample::miss(const std::string& name, Status s, std::string why) {
  unavailable.try_emplace(name, Missing{s, std::move(why)});
}

Status status_from_errno(int error) {
  switch (error) {
    case ENOENT:
    case ENODEV:
    case ENXIO:
    case EOPNOTSUPP:
    case ENOTDIR: return Status::unavailable;
    case EACCES:
    case EPERM: return Status::permission_denied;
    default: return Status::failed;
  }
}

void Sample::miss_file(const std::string& name, const std::filesystem::path& path, int error) {
  miss(name, status_from_errno(error), describe_error(path, error));
}

void Sample::settle(std::string_view fallback) {
  if (!metrics.empty() || !lists.empty() || !threads.empty()) {
    status = Status::ok;
    reason.clear();
    return;
  }
  // Nothing read: the most actionable problem wins (denied > failed > absent).
  const Missing* worst = nullptr;
  auto rank = [](Status st) {
    return st == Status::permission_denied ? 3 : st == Status::failed ? 2 : 1;
  };
  for (const auto& [name, m] : unavailable) {
    if (!worst || rank(m.status) > rank(worst->status)) worst = &m;
  }
  if (!fallback.empty() || !worst) {
    status = worst ? worst->status : Status::unavailable;
    reason = fallback.empty() ? "nothing to read" : std::string(fallback);
    if (worst && worst->status != Status::unavailable) reason = worst->reason;
    return;
  }
  status = worst->status;
  reason = worst->reason;
}

const std::vector<std::string>& device_metric_names() {
  static const std::vector<std::string> names{
      metric::kCoreClockMhz, metric::kCoreClockMaxMhz, metric::kMemClockMhz,
      metric::kMemClockMaxMhz, metric::kTempC,         metric::kPowerW,
      metric::kPowerLimitW,   metric::kEnergyJ,        metric::kUtilPct,
      metric::kMemUtilPct,    metric::kPcieGen,        metric::kPcieWidth,
      metric::kPcieMaxGen,    metric::kPcieMaxWidth,   metric::kPcieRxMbps,
      metric::kPcieTxMbps,    metric::kVramUsedBytes,  metric::kVramTotalBytes,
      metric::kThrottle};
  return names;
}

Sample guarded_sample(const std::function<void(Sample&)>& read,
                      const std::string& failed_metric) noexcept {
  Sample s;
  s.t_ns = core::now_ns();
  try {
    read(s);
  } catch (const std::exception& e) {
    s.miss(failed_metric, Status::failed, e.what());
  }
  s.settle("");
  return s;
}

}  // namespace clscope::probes
