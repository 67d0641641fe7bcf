#pragma once
// The inputs of `fleet report`: files, or folders whose *.json files are read
// (not recursively, in name order). Reads data only; never runs anything.
//
// A file is recognised by its "schema" field (at most 64 MiB):
//  * one JSON object with "schema":"clscope.check/1": a check result;
//  * one JSON object with "schema":"clscope.run/1": a run summary;
//  * JSON lines (the output of `clscope run --headless --json`): the last
//    non-empty line must be the clscope.run/1 summary; the lines before it
//    (ticks, events) are not read, but a second summary line is refused.
// Errors name the file, and the line for JSON lines ("FILE:LINE: ...").
#include <string>
#include <vector>

#include "app/fleet/CheckResult.hpp"

namespace clscope::fleet {

struct FleetInputs {
  std::vector<CheckResult> results;
  std::vector<std::string> errors;  ///< one per unreadable input: "PATH: what was wrong"
};

/// Reads one file as described above. Throws ResultInputError naming the file
/// (cannot open, too large, not JSON with the parser's position, wrong schema).
CheckResult load_fleet_result(const std::string& path);

/// Expands folders and loads every result; never throws for bad input.
FleetInputs load_fleet_inputs(const std::vector<std::string>& paths);

}  // namespace clscope::fleet
