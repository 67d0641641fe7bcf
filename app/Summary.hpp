#pragma once
// The end-of-run summary (`clscope.run/1`), recomputed from every window with
// the same offline analysis as `clscope report`.
#include <string>

#include <nlohmann/json.hpp>

#include "app/RunController.hpp"
#include "core/Session.hpp"
#include "workloads/Calibration.hpp"

namespace clscope::app {

nlohmann::json run_summary_json(const RunController& run, const core::Session& session,
                                const workloads::DeviceInfo& device,
                                const std::string& platform, const std::string& platform_version,
                                const workloads::CeilingsResult* ceilings);
std::string summary_text(const nlohmann::json& summary);
/// "ceilings (LABEL): memory 35.6 GB/s, ..., round_trip_us not measured".
std::string ceilings_line(const nlohmann::json& ceilings, const std::string& label);

}  // namespace clscope::app
