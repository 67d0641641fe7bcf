#pragma once
// Turns a recording (clscope.record/1) back into the raw series the analysis
// needs: workloads, their windows, the ceilings and the raw events (markers,
// errors). Derived values stored in the file are never used.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/run/program/AppFigures.hpp"
#include "core/CeilingsRecord.hpp"
#include "core/Classifier.hpp"
#include "core/Event.hpp"
#include "core/Recording.hpp"
#include "core/Report.hpp"

namespace clscope::app {

struct LoadedRun {
  core::Recording recording;
  std::vector<core::WorkloadSeries> series;
  core::CeilingsRecord ceilings_record;  ///< as recorded (clscope.ceilings/1)
  core::Ceilings ceilings;               ///< its values
  std::vector<core::Event> raw_events;  ///< markers and errors as recorded
  /// Each workload's setup record (build, first launch, verification): never
  /// part of any throughput figure, reported on its own.
  std::map<std::string, nlohmann::json> setups;
  /// Observed programs (run -- CMD): their windows' kernels and copies merged,
  /// and the "app_end" record (exit status, channel counters), by workload.
  std::map<std::string, AppFigures> apps;
  std::map<std::string, nlohmann::json> app_ends;
};

/// Throws core::RecordingError with "FILE:LINE: ..." on malformed input.
LoadedRun load_run(const std::string& path);

/// The clscope.report/1 object for a loaded run (recomputed from raw windows).
nlohmann::json report_json(const LoadedRun& run);
std::string report_text(const nlohmann::json& report);

}  // namespace clscope::app
