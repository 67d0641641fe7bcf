#pragma once
// Collects IterationStats from workload threads and cuts them into windows.
// submit() is thread-safe and cheap (a mutex-protected append); close_window()
// is called by one thread (the session's ticker).
#include <cstdint>
#include <mutex>
#include <vector>

#include "core/IterationStats.hpp"
#include "core/Window.hpp"

namespace clscope::core {

class Aggregator {
 public:
  /// `origin_ns` is the steady-clock time that t=0 refers to.
  Aggregator(std::size_t workloads, std::int64_t origin_ns);

  /// Called from a workload thread for each completed launch.
  void submit(int workload, const IterationStats& it);
  /// Tells the aggregator that a workload (re)started timing at `t_ns` (start,
  /// resume after a pause): the time before it is not part of any span, and
  /// completions already submitted keep the span they had.
  void mark_start(int workload, std::int64_t t_ns);

  /// Aggregates everything submitted since the previous call into one window
  /// per workload ending at `now_ns`. Workloads with no completion get a
  /// window with iterations == 0.
  std::vector<WindowStats> close_window(std::int64_t now_ns);

  std::int64_t origin_ns() const { return origin_ns_; }

 private:
  struct Pending {
    std::vector<IterationStats> items;
    std::int64_t segment_begin_ns = 0;  // where the current timed segment's span starts
    std::int64_t segment_last_ns = 0;   // last completion in the current segment, 0 = none
    std::int64_t carried_span_ns = 0;   // span of earlier segments in this window
  };
  std::mutex mu_;
  std::vector<Pending> pending_;
  std::int64_t origin_ns_;
  std::int64_t window_begin_ns_;
};

/// Aggregates a batch of iterations into one window (pure; used by
/// Aggregator and by tests). `span_ns` is the time the work took (see
/// WindowStats::span_ns).
WindowStats aggregate(int workload, const std::vector<IterationStats>& items,
                      std::int64_t span_ns, double t_begin_s, double t_end_s);

}  // namespace clscope::core
