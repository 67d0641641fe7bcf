#pragma once
// The staggered start of a live run with several workloads: each workload
// first runs alone for a solo phase of `windows_per_phase` windows, one after
// another in scenario order, then they all run together. Its solo level
// (core/Contention.hpp) is measured over its phase, so the classifier can tell
// a workload slowed by the others (`contended`) from one limited by itself.
//
//   setup     every workload held until all are past their setup (so nobody's
//             solo windows share the cores with another's kernel compilation)
//   solo 0    workload 0 runs, the others are held
//   solo 1    workload 1 runs, the others are held (workload 0 too)
//   ...
//   together  every workload runs; --duration counts from here
//
// Windows while the run is paused do not count. A workload that already
// failed or stopped gets no phase. Disabled (everything runs at once, no solo
// levels) with a single workload, windows_per_phase = 0, or when a workload
// sets start_after_s or stop_after_s (the scenario schedules itself).
// Pure and single-threaded: LiveRun feeds it one call per closed window.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "config/Config.hpp"
#include "core/Contention.hpp"

namespace clscope::app {

class SoloSchedule {
 public:
  SoloSchedule(std::size_t workloads, int windows_per_phase);

  /// Whether a scenario gets solo phases (see above).
  static bool applies(const config::Scenario& scenario);

  struct Ended {
    std::size_t workload = 0;
    core::SoloPhase phase;
  };

  /// One window [t_begin_s, t_end_s] was closed. `past_setup`: every
  /// workload has finished its setup; `paused`: the run was paused; `gone[i]`:
  /// workload i failed or stopped. Returns the solo phase that ended with
  /// this window.
  std::optional<Ended> on_window(double t_begin_s, double t_end_s, bool past_setup, bool paused,
                                 const std::vector<bool>& gone);

  /// Whether workload i may run now (false: held).
  bool may_run(std::size_t i) const;
  bool together() const { return stage_ == Stage::together; }
  /// The workload in its solo phase, if any.
  std::optional<std::size_t> soloist() const;
  int windows_done() const { return count_; }
  int windows_per_phase() const { return per_phase_; }
  /// "waiting for setup", "solo: stream 2/3", "" when together.
  std::string describe(const std::vector<std::string>& names) const;

 private:
  enum class Stage { setup, solo, together };
  /// Starts the solo phase of the first workload >= `from` not gone, at t_s.
  void start_phase(std::size_t from, double t_s, const std::vector<bool>& gone);

  std::size_t n_;
  int per_phase_;
  Stage stage_;
  std::size_t current_ = 0;
  int count_ = 0;
  double from_s_ = 0;
};

}  // namespace clscope::app
