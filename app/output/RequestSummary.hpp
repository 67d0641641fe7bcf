#pragma once
// Request-workload fields of the end-of-run summary (clscope.run/1), kept
// apart from Summary.cpp: latency percentiles from the merged per-window
// histograms, SLO result, drops and time-outs, queue depth, batch sizes, and
// the alone / with-background split when other workloads ran.
#include <string>

#include <nlohmann/json.hpp>

#include "core/Session.hpp"

namespace clscope::app {

/// Adds to a summary workload entry `e` (for a request workload; nothing
/// otherwise): "completed", "arrived", "dropped", "timed_out",
/// "latency_ms":{"p50","p90","p99","p999","max","mean"}, "queue_depth":{"mean","max"},
/// "batch_size":{"mean","counts":{"1":n,...}}, "slo":{"p99_ms","achieved_p99_ms",
/// "failed_fraction","met"} (with an SLO), "interference":{...} (beside other
/// workloads; verdicts use the session's ceilings). Windows come from the
/// session, the one owner of the window history.
void add_request_summary(nlohmann::json& e, int workload, const core::Session& session);

/// Text lines for the summary's text form (empty for other workloads), e.g.
/// "    latency ms p50 1.20 p90 2.10 p99 4.80 p99.9 7.90 max 9.10; SLO p99 <= 50 ms: met".
std::string request_summary_text(const nlohmann::json& entry);

}  // namespace clscope::app
