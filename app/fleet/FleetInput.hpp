#pragma once
// The inputs of `fleet report`: files, or folders whose *.json files are read
// (not recursively, in name order). Reads data only; never runs anything.
#include <string>
#include <vector>

#include "app/fleet/CheckResult.hpp"

namespace clscope::fleet {

struct FleetInputs {
  std::vector<CheckResult> results;
  std::vector<std::string> errors;  ///< one per unreadable input: "PATH: what was wrong"
};

/// Expands folders and loads every result; never throws for bad input.
FleetInputs load_fleet_inputs(const std::vector<std::string>& paths);

}  // namespace clscope::fleet
