#pragma once
// `clscope compare A.jsonl B.jsonl`: two recordings side by side, after a
// comparability verdict. Pure functions over loaded runs; thread-safe.
//
// Comparability, from the manifests and the setup records:
//  * must match (else refused): the workloads (names, kinds, every key but
//    `name`), the sizes each workload resolved to (setup records: `resolved`,
//    `metric`), the analysis window, the run's duration, the clscope version,
//    and any manifest entry not named below;
//  * compared (listed, never refused: they are what a comparison is for):
//    host, os, cpu_model, opencl (platform, driver, device, ICD loader),
//    ceilings, ceilings_detail, topology and the device selection
//    (config.device);
//  * ignored (differ on every run): command_line, start_unix_s, config.source.
// Per workload (matched by name): steady median and its 95% interval, peak,
// sustained/peak, phase, dominant verdict, dispatch and round-trip latency
// (median over the steady windows of each window's p50 and p99), and the
// difference B - A. The difference exceeds the runs' own noise when both
// steady medians have a 95% interval and the intervals do not overlap; it is
// not judged (null, with the reason) when either run lacks one.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/record/RecordingLoader.hpp"

namespace clscope::app {

inline constexpr const char* kCompareSchema = "clscope.compare/1";

struct FieldDifference {
  std::string field;  ///< "config.workloads[stream].params.size", "opencl.device.name"
  nlohmann::json a, b;  ///< the values (null when absent on that side)
};

struct Comparability {
  bool comparable = true;
  std::vector<FieldDifference> refused;   ///< must match but differ
  std::vector<FieldDifference> compared;  ///< device, driver, platform, host...
};

/// `a`/`b` are the runs' manifests and records (RecordingLoader's LoadedRun).
Comparability comparability(const LoadedRun& a, const LoadedRun& b);

/// The clscope.compare/1 object. Workloads are compared when `comparable`
/// or `forced`; otherwise "workloads" is empty.
nlohmann::json compare_json(const LoadedRun& a, const std::string& a_path, const LoadedRun& b,
                            const std::string& b_path, const Comparability& c, bool forced);
std::string compare_text(const nlohmann::json& comparison);

}  // namespace clscope::app
