#pragma once
// A run summary (clscope.run/1, the last line of `clscope run --headless
// --json`) read as one node's result for `fleet report`. Pure; thread-safe;
// every field is data.
//
// Mapping (documented for users in the man page, FLEET REPORTS):
//  * host: the summary's "host"; absent in summaries of older versions (left
//    empty: the fleet names the node after its file and says so).
//  * device, driver, platform version: summary["device"], as in a check.
//  * one metric per workload, named after the workload, in its unit: its
//    "median" (the steady median, or the fallback median_basis names; the
//    peak is not compared). A request workload adds NAME.latency_p99 in ms
//    (lower is better); its other percentiles are not compared.
//  * scenario: every workload's name, kind, unit and setup.resolved
//    parameters (its sizes after auto-sizing), and an observed program's
//    argv. The summary holds neither the run's duration nor its window: they
//    are not compared.
//  * a workload whose state is "failed" flags the node (like a failed check item).
#include <string>

#include <nlohmann/json.hpp>

#include "app/fleet/CheckResult.hpp"

namespace clscope::fleet {

/// Reads a clscope.run/1 summary object. Throws ResultInputError("WHERE: ...")
/// (WHERE defaults to the source; "FILE:LINE" for a line of a JSON-lines file).
CheckResult parse_run_summary(const nlohmann::json& j, const std::string& source,
                              const std::string& where = {});

}  // namespace clscope::fleet
