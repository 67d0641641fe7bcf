#pragma once
// The end-of-run summary (`clscope.run/1`), recomputed from every window with
// the same offline analysis as `clscope report`.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/run/RunController.hpp"
#include "core/Phase.hpp"
#include "core/Session.hpp"
#include "core/VerdictTracker.hpp"
#include "workloads/Calibration.hpp"

namespace clscope::app {

/// One workload's figures over the whole run, from the same offline analysis
/// as `clscope report`: the figures of the summary, read by `check` too.
struct WorkloadFigures {
  std::string unit;
  std::uint64_t iterations = 0;
  std::size_t windows = 0;
  std::optional<double> peak;    ///< best level held over 3 consecutive windows
  std::optional<double> median;  ///< steady median, else see median_basis
  std::string median_basis;      ///< "steady state", "no steady state found: ...", "a single window"
  std::optional<std::array<double, 2>> median_ci95;
  core::Phase phase{};
  std::optional<double> steady_at_s;
  std::optional<double> sustained_over_peak;
  core::Verdict verdict{};
  std::vector<core::VerdictSpan> verdicts;
  /// Its level alone (runs with several workloads: its solo phase), in `unit`.
  std::optional<double> solo_level;
};

/// The session's windows as the offline analysis reads them (with each
/// workload's solo phase).
std::vector<core::WorkloadSeries> session_series(const core::Session& session);
WorkloadFigures workload_figures(const core::Session& session, int workload);
void to_json(nlohmann::json& j, const WorkloadFigures& f);

nlohmann::json run_summary_json(const RunController& run, const core::Session& session,
                                const workloads::DeviceInfo& device,
                                const std::string& platform, const std::string& platform_version,
                                const workloads::CeilingsResult* ceilings);
std::string summary_text(const nlohmann::json& summary);
/// "ceilings: memory 35.60 GB/s, ..., round_trip not measured" from a
/// clscope.ceilings/1 object (or the flat ceilings of an older recording);
/// untrusted, cached and raised entries say so.
std::string ceilings_line(const nlohmann::json& ceilings);

}  // namespace clscope::app
