#pragma once
// Internal to the check's judging (Check.cpp, CheckDevice.cpp): formatting and
// the criterion bookkeeping shared by the items. Pure functions.
#include <string>
#include <vector>

#include "app/check/Check.hpp"

namespace clscope::app::detail {

/// 3 significant-ish digits: "2900", "25.5", "0.27".
std::string num(double v);
std::string with_unit(double v, const std::string& unit);
std::string pct(double fraction);  ///< 0.25 -> "25.0%"
std::string join(const std::vector<std::string>& parts, const std::string& sep);

/// An item skipped for `why`.
CheckItem skipped(std::string name, std::string why, std::string unit = {});
/// Decides an item from its criteria: skipped (with `no_criterion` first in
/// the detail) when none could be evaluated, failed when an evaluated one
/// failed. The threshold becomes the strictest evaluated bound (`at_least`:
/// the largest). Unevaluated criteria are listed in the detail.
void decide(CheckItem& item, bool at_least, const std::string& no_criterion);
Criterion at_least(const std::string& basis, double value, double bound, const std::string& text);
Criterion not_evaluated(const std::string& basis, const std::string& why);

// The items that do not belong to a workload (CheckDevice.cpp).
CheckItem device_idle(const CheckMeasurements& m, const config::CheckSettings& t);
CheckItem telemetry_match(const CheckMeasurements& m);
CheckItem numa_locality(const CheckMeasurements& m);
CheckItem pcie_link(const CheckMeasurements& m);
CheckItem clocks(const CheckMeasurements& m, const config::CheckSettings& t);
CheckItem throttle(const CheckMeasurements& m);
CheckItem steady_state(const CheckMeasurements& m, const config::CheckSettings& t);

}  // namespace clscope::app::detail
