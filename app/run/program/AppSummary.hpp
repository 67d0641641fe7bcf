#pragma once
// The text form of an observed program's summary (clscope.run/1 with one
// "kind": "app" workload, AppSource::summary()): the verdict line, the top
// kernels by total time, the copies per direction, the channel's losses.
// Pure; thread-safe.
#include <string>

#include <nlohmann/json.hpp>

namespace clscope::app {

std::string app_summary_text(const nlohmann::json& summary);
/// The kernels table and copies of one app workload entry (summary or report).
std::string app_kernels_text(const nlohmann::json& workload, std::size_t max_kernels = 10);

}  // namespace clscope::app
