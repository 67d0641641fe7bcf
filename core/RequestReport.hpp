#pragma once
// Derived figures of request workloads, recomputed from raw windows: latency
// percentiles from the merged histogram, the SLO result, and the split of a
// request workload's windows by whether other workloads ran at the same time
// (interference). Used by the run summary and by `report`. Pure functions.
//
// SLO rule: a target p99_ms is met when the 99th percentile over ALL requests
// that arrived, counting dropped and timed-out requests as infinitely slow,
// is <= p99_ms. Equivalently: at most 1 % of requests may fail or exceed the
// target. (`achieved_p99_ms` is the p99 of completed requests alone.)
//
// Interference: a window of the request workload is "with background" when
// any other workload completed work (iterations > 0) in a window overlapping
// it in time, else "alone". Each group gets its merged latency percentiles,
// SLO result and dominant bottleneck verdict (most windows; unknown only when
// nothing else was seen).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Classifier.hpp"
#include "core/RequestStats.hpp"
#include "core/Window.hpp"

namespace clscope::core {

struct LatencySummary {
  std::uint64_t completed = 0;
  std::uint64_t arrived = 0;
  std::uint64_t dropped = 0;
  std::uint64_t timed_out = 0;
  std::optional<double> p50_ms, p90_ms, p99_ms, p999_ms, max_ms, mean_ms;
  std::optional<double> mean_queue_depth;
  std::uint64_t max_queue_depth = 0;
  std::vector<std::uint64_t> batch_counts;  ///< [i] = batches of i+1 requests
  std::optional<double> mean_batch;
};

struct SloResult {
  double target_p99_ms = 0;
  std::optional<double> achieved_p99_ms;  ///< completed requests only
  double failed_fraction = 0;             ///< (dropped + timed out) / (completed + failed)
  bool met = false;
};

/// Merges the request data of `windows` (windows without it are skipped);
/// nullopt when none has any.
std::optional<RequestWindow> merge_requests(const std::vector<WindowStats>& windows);
LatencySummary summarize(const RequestWindow& r);
/// Evaluates the SLO rule above. With no request at all, met = false.
SloResult evaluate_slo(const RequestWindow& r, double target_p99_ms);

struct InterferenceGroup {
  std::size_t windows = 0;
  std::optional<RequestWindow> requests;
  Verdict verdict = Verdict::unknown;
  double verdict_share = 0;  ///< fraction of the group's windows with that verdict
};

struct InterferenceSplit {
  std::vector<std::string> background;  ///< names of the other workloads
  InterferenceGroup alone, with_background;
};

/// Splits `mine` (a request workload's windows) by the activity of `others`
/// (name, windows). Classification uses `metric` and `ceilings`.
InterferenceSplit split_by_background(
    const std::vector<WindowStats>& mine, Metric metric,
    const std::vector<std::pair<std::string, const std::vector<WindowStats>*>>& others,
    const Ceilings& ceilings);

/// {"p50","p90","p99","p999","max","mean"} in ms (null when empty).
nlohmann::json latency_ms_json(const LatencySummary& s);
/// {"completed","arrived","dropped","timed_out","latency_ms":{...},
///  "queue_depth":{"mean","max"},"batch_size":{"mean","counts":{"1":n,...}}}.
nlohmann::json to_json(const LatencySummary& s);
/// {"p99_ms" (target),"achieved_p99_ms","failed_fraction","met"}.
nlohmann::json to_json(const SloResult& s);
/// {"background":[...],"alone":{...},"with_background":{...}}; each group
/// {"windows","requests","latency_ms","verdict","verdict_share","slo"?}.
nlohmann::json to_json(const InterferenceSplit& s, std::optional<double> slo_p99_ms);

}  // namespace clscope::core
