#pragma once
// Offline analysis of recorded windows: recomputes phases, steady figures,
// the verdict timeline and events from raw WindowStats (never from derived
// values stored in a recording), and renders the workload entries and
// events of the `clscope.report/1` object (documented in clscope(1)).
//
// Per workload:
//  * Series: the headline value of each window (WindowStats::value(metric));
//    windows marked excluded (JIT/first launch/calibration) and windows where
//    nothing completed are left out of every steady figure. Excluded windows
//    are listed on their own with their values.
//  * Phase and steady figures (primary): PELT segmentation and
//    classification (Changepoints.hpp) on the usable values; steady_at_s is
//    the start of the steady segment's first window, steady_median and
//    steady_ci its median and 95% order-statistic interval, peak the best
//    level held over kPeakHoldWindows consecutive usable windows
//    (RobustPeak.hpp; the single best window is "max_window", flagged when
//    it is an outlier), sustained_over_peak = steady_median / peak. Every merged
//    segment is listed under "regimes" with its role (warm-up, steady,
//    shift), median and interval; final_level is the last regime's median.
//  * The live detector (SteadyState.hpp) is replayed over the same windows;
//    its result is reported under "live" for comparison with what the
//    dashboard showed.
//  * Solo level (runs with several workloads): recomputed from the windows
//    inside the workload's solo phase (WorkloadSeries::solo, as recorded by
//    the `solo-level` event) with Contention.hpp's rule; "solo_level".
//  * Verdicts: each usable or empty (not excluded) window is classified
//    (Classifier.hpp, with the solo level and the other workloads that
//    completed work in an overlapping window) and fed through VerdictTracker; "verdicts" is its
//    timeline. "verdict" is the dominant verdict (longest total time) within
//    the steady range (steady_at_s to the end), or over the whole run when no
//    steady segment was found; unknown only if nothing else was seen.
//  * Events: bottleneck-shift (tracker), steady-state and regime-shift (from
//    the PELT segmentation), sorted by time.
//  * Request workloads (windows carrying WindowStats::request): latency
//    percentiles recomputed from the merged histograms of the non-excluded
//    windows ("latency_ms", "requests"), the SLO result when
//    WorkloadInfo::slo_p99_ms is set ("slo"), and, when other workloads ran
//    in the same session, the alone / with-background split
//    ("interference"; RequestReport.hpp).
// Pure functions; thread-safe.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Changepoints.hpp"
#include "core/Classifier.hpp"
#include "core/Contention.hpp"
#include "core/Event.hpp"
#include "core/MetricCeiling.hpp"
#include "core/RequestReport.hpp"
#include "core/RobustPeak.hpp"
#include "core/SteadyState.hpp"
#include "core/VerdictTracker.hpp"
#include "core/Window.hpp"

namespace clscope::core {

struct AnalysisOptions {
  DetectorOptions detector;
  SegmentationOptions segmentation;
  int hold_windows = kDefaultHoldWindows;
};

/// One workload's recorded windows, in time order.
struct WorkloadSeries {
  WorkloadInfo info;
  std::vector<WindowStats> windows;
  std::vector<bool> excluded;  ///< empty = none excluded; else one flag per window
  /// Empty = no telemetry; else one entry per window (nullopt = none that window).
  std::vector<std::optional<DeviceTelemetry>> telemetry;
  /// Its solo phase, when the run had one (several workloads, staggered).
  std::optional<SoloPhase> solo;
};

/// Segments before the steady one are warm-up, later ones shifts; with no
/// steady segment every segment is unsettled.
enum class RegimeRole { warm_up, steady, shift, unsettled };
const char* regime_role_name(RegimeRole r);  ///< "warm-up", "steady", "shift", "unsettled"

struct Regime {
  RegimeRole role = RegimeRole::warm_up;
  double from_s = 0;  ///< start of its first window
  double to_s = 0;    ///< end of its last window
  LevelEstimate level;
  double mean = 0;
  double stddev = 0;
};

struct ExcludedWindow {
  double from_s = 0;
  double to_s = 0;
  std::optional<double> value;
};

struct WorkloadReport {
  WorkloadInfo info;
  Phase phase = Phase::warming;
  std::optional<double> steady_at_s;
  std::optional<double> time_to_steady_s;  ///< steady_at_s - start of the first window
  std::optional<LevelEstimate> steady;
  std::optional<double> peak;  ///< best level held over kPeakHoldWindows windows
  std::optional<double> peak_at_s;
  PeakSummary peak_detail;     ///< the peak, and the single best window ("max window")
  std::optional<double> sustained_over_peak;
  std::optional<double> final_level;  ///< median of the last regime
  std::vector<Regime> regimes;
  SteadyStatus live;  ///< replayed live detector, final state
  Verdict verdict = Verdict::unknown;
  std::vector<VerdictSpan> verdicts;
  std::vector<ExcludedWindow> excluded;
  std::size_t windows = 0;
  std::size_t empty_windows = 0;    ///< not excluded, nothing completed
  std::size_t outlier_windows = 0;  ///< neutralised by the outlier filter for segmentation
  std::optional<LatencySummary> requests;  ///< request workloads only
  std::optional<SloResult> slo;            ///< request workloads with an SLO
  std::optional<InterferenceSplit> interference;  ///< request workloads beside others
  std::optional<SoloLevel> solo;  ///< recomputed over its solo phase, when it had one
};

struct ReportAnalysis {
  std::vector<WorkloadReport> workloads;
  std::vector<Event> events;  ///< all workloads, sorted by t_s
  Ceilings ceilings;          ///< in force: as measured, or raised (a "ceiling-raised" event each)
};

/// Replays each series through the live steady-state detector and raises a
/// ceiling that a steady window beats by more than 2% (see CeilingRaise.hpp),
/// appending one "ceiling-raised" event per raise to `events`.
Ceilings raise_exceeded_ceilings(const std::vector<WorkloadSeries>& series, Ceilings ceilings,
                                 const AnalysisOptions& options, std::vector<Event>* events);

/// Throws std::invalid_argument when `excluded` or `telemetry` is non-empty
/// with a size different from `windows`. `run`: every series of the run
/// (this one included, told apart by name), for the `contended` verdict;
/// null = no other workload.
WorkloadReport analyse_workload(const WorkloadSeries& series, const Ceilings& ceilings,
                                const AnalysisOptions& options, std::vector<Event>* events,
                                const std::vector<WorkloadSeries>* run = nullptr);
ReportAnalysis analyse(const std::vector<WorkloadSeries>& series, const Ceilings& ceilings,
                       const AnalysisOptions& options = {});

/// Dominant verdict over [from_s, to_s] of a timeline (longest total time,
/// unknown only when nothing else overlaps).
Verdict dominant_verdict(const std::vector<VerdictSpan>& timeline, double from_s, double to_s);

/// {"name","kind","unit","phase","steady_at_s","peak","steady_median",
///  "sustained_over_peak","verdict","verdicts":[{"from_s","to_s","verdict"}],
///  "steady_ci":{"low","high","level"},"time_to_steady_s","peak_at_s",
///  "final_level","regimes":[...],"live":{...},"excluded":[...],
///  "windows","empty_windows","outlier_windows",
///  "solo_level":{"value","from_s","to_s","windows"} (only with a solo phase)};
///  absent values are null.
///  Request workloads add "latency_ms":{"p50","p90","p99","p999","max","mean"},
///  "requests":{...}, "slo":{...} (with an SLO) and "interference":{...}.
nlohmann::json to_json(const WorkloadReport& r);
/// {"workloads": [...], "events": [...]}: the analysis part of clscope.report/1.
nlohmann::json to_json(const ReportAnalysis& a);
/// The live detector's status as JSON (phase, steady figures, shifts).
nlohmann::json to_json(const SteadyStatus& s);

}  // namespace clscope::core
