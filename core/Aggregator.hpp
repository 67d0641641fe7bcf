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
  /// Tells the aggregator that a workload (re)started timing at `t_ns`, so the
  /// first window's span starts there and not at the previous completion.
  void mark_start(int workload, std::int64_t t_ns);

  /// Aggregates everything submitted since the previous call into one window
  /// per workload ending at `now_ns`. Workloads with no completion get a
  /// window with iterations == 0.
  std::vector<WindowStats> close_window(std::int64_t now_ns);

  std::int64_t origin_ns() const { return origin_ns_; }

 private:
  struct Pending {
    std::vector<IterationStats> items;
    std::int64_t last_complete_ns = 0;  // end of the previous window's span
  };
  std::mutex mu_;
  std::vector<Pending> pending_;
  std::int64_t origin_ns_;
  std::int64_t window_begin_ns_;
};

/// Aggregates a batch of iterations into one window (pure; used by
/// Aggregator and by tests). `span_begin_ns` is where the span starts.
WindowStats aggregate(int workload, const std::vector<IterationStats>& items,
                      std::int64_t span_begin_ns, double t_begin_s, double t_end_s);

}  // namespace clscope::core
