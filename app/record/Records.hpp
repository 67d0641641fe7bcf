#pragma once
// The records of a recording (clscope.record/1, documented in clscope(1)):
// the type names and, per record type, the one place that writes it. The
// reader (RecordingLoader) reads the same names. Window and event bodies are
// core::WindowStats and core::Event with their own to_json/from_json.
#include <string>

#include <nlohmann/json.hpp>

#include "app/run/RunSink.hpp"

namespace clscope::app::record {

inline constexpr const char* kManifest = "manifest";
inline constexpr const char* kWindow = "window";
inline constexpr const char* kProbe = "probe";
inline constexpr const char* kEvent = "event";
inline constexpr const char* kSetup = "setup";
inline constexpr const char* kBinding = "binding";
inline constexpr const char* kWatch = "watch";
/// Observed programs (run -- CMD), written by app/run/program/AppSource: one
/// "app" record per window (its AppFigures), one "app_end" when it exited.
inline constexpr const char* kApp = "app";
inline constexpr const char* kAppEnd = "app_end";

nlohmann::json setup_record(const WorkloadSetup& s);
nlohmann::json window_record(const core::WindowStats& w, const std::string& workload_name);
nlohmann::json event_record(const core::Event& e);
nlohmann::json binding_record(const ThreadBinding& b);
/// `clscope watch`: the window's processes, verdicts, evidence and threads
/// (watch::round_json with type "watch"); report reads the windows instead.
nlohmann::json watch_record(const watch::WatchRound& round);
/// The device's telemetry, the host CPU, the process and the workload threads
/// ("cl:NAME") at time `t_s`.
nlohmann::json probe_record(double t_s, const probes::SampleSet& set,
                            const probes::ProbeReading* device_reading);

}  // namespace clscope::app::record
