#pragma once
// Raw per-item and per-window measurements of request workloads (the
// pipeline): completed requests' latencies, drops, time-outs, queue depth and
// batch sizes. Plain, mergeable data: core::aggregate() merges the items of a
// window, reports merge windows, and percentiles are always recomputed from
// the merged histogram (never averaged).
#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Histogram.hpp"

namespace clscope::core {

/// Attached to an IterationStats by a request workload: what happened since
/// its previous item (counters) and what this item completed (latencies).
struct RequestSample {
  std::vector<std::int64_t> latency_ns;  ///< per completed request: completion - scheduled arrival
  std::uint32_t batch_size = 0;          ///< requests of the batch this item completes; 0 = none
  std::uint64_t arrived = 0;             ///< arrivals (admitted or dropped)
  std::uint64_t dropped = 0;             ///< refused: queue full
  std::uint64_t timed_out = 0;           ///< abandoned while waiting
  std::uint64_t depth_sum = 0;           ///< sum of the queue depth each arrival saw
  std::uint64_t depth_samples = 0;
  std::uint64_t depth_max = 0;
};

/// One window (or a merge of windows) of a request workload.
struct RequestWindow {
  Histogram latency_ns;  ///< completed requests, ns from scheduled arrival to completion
  std::uint64_t arrived = 0;
  std::uint64_t dropped = 0;
  std::uint64_t timed_out = 0;
  std::uint64_t depth_sum = 0;
  std::uint64_t depth_samples = 0;
  std::uint64_t depth_max = 0;
  /// batch_counts[i] = batches of i+1 requests.
  std::vector<std::uint64_t> batch_counts;

  void add(const RequestSample& s);
  void merge(const RequestWindow& other);
  std::uint64_t completed() const { return latency_ns.count(); }
  std::uint64_t batches() const;
  /// Mean queue depth seen by arrivals; nullopt without arrivals.
  std::optional<double> mean_depth() const;
  bool operator==(const RequestWindow&) const = default;
};

/// {"latency_ns": histogram, "arrived", "dropped", "timed_out", "depth_sum",
///  "depth_samples", "depth_max", "batch_counts": [...]}. from_json throws
/// std::invalid_argument naming the field.
void to_json(nlohmann::json& j, const RequestWindow& r);
void from_json(const nlohmann::json& j, RequestWindow& r);

}  // namespace clscope::core
