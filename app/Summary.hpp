#pragma once
// The end-of-run summary (`clscope.run/1`) computed from a run's windows.
#include <string>

#include <nlohmann/json.hpp>

#include "app/RunController.hpp"

namespace clscope::app {

nlohmann::json run_summary_json(const RunController& run, const workloads::DeviceInfo& device);
std::string summary_text(const nlohmann::json& summary);

}  // namespace clscope::app
