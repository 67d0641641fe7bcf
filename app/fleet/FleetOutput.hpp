#pragma once
// Rendering a FleetReport: the clscope.fleet/1 object and the readable table
// (worst node first, each flagged node's reasons below it). Pure.
#include <string>

#include <nlohmann/json.hpp>

#include "app/fleet/Fleet.hpp"

namespace clscope::fleet {

/// {"schema":"clscope.fleet/1","settings":{...},"groups":[...],"nodes":[{"host","source",
///  "group","outlier","reasons":[{"rule","metric","value","bound","text"}],"metrics":{...}}],
///  "notes":[...]}
nlohmann::json fleet_json(const FleetReport& report);
std::string fleet_table(const FleetReport& report);

}  // namespace clscope::fleet
