#pragma once
// Hysteresis over per-window verdicts, and the events of one workload.
// Not thread-safe: one owner feeds and reads each tracker.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/Classifier.hpp"
#include "core/Event.hpp"
#include "core/SteadyState.hpp"

namespace clscope::core {

inline constexpr int kDefaultHoldWindows = 3;

struct VerdictSpan {
  double from_s = 0;
  double to_s = 0;
  Verdict verdict = Verdict::unknown;
};

/// A new window verdict replaces the current one only after it has held for
/// `hold_windows` consecutive windows (the first verdict out of the initial
/// `unknown` too). The change is dated back to the start of the first window
/// of that run, both in the timeline and in the event. A change emits a
/// `bottleneck-shift` event, except the initial adoption out of `unknown`
/// (nothing shifted). `unknown` windows (no launch completed) count like any
/// verdict, so a workload that stops completing becomes `unknown` after
/// `hold_windows` windows.
class VerdictTracker {
 public:
  explicit VerdictTracker(std::string workload, int hold_windows = kDefaultHoldWindows);

  /// Feeds the verdict of the window [t_begin_s, t_end_s). Returns the
  /// bottleneck-shift event when the current verdict changed.
  std::optional<Event> update(double t_begin_s, double t_end_s, const VerdictResult& result);

  Verdict current() const { return current_; }
  /// The window verdict that confirmed (or last repeated) the current one.
  const std::optional<VerdictResult>& current_result() const { return current_result_; }
  /// Contiguous spans of the current verdict over time, oldest first.
  const std::vector<VerdictSpan>& timeline() const { return timeline_; }

 private:
  std::string workload_;
  int hold_;
  Verdict current_ = Verdict::unknown;
  std::optional<VerdictResult> current_result_;
  bool adopted_once_ = false;
  Verdict candidate_ = Verdict::unknown;
  int candidate_count_ = 0;
  double candidate_from_s_ = 0;
  std::vector<VerdictSpan> timeline_;
};

/// Turns a detector's status changes into events: `steady-state` the first
/// time it settles (dated at the steady point; from = previous phase,
/// to = "steady") and `regime-shift` for every new shift (dated at the shift;
/// from = "steady", to = "shifted"; evidence: levels and relative change).
class PhaseEventTracker {
 public:
  explicit PhaseEventTracker(std::string workload) : workload_(std::move(workload)) {}
  /// Call after each push; returns 0, 1 or 2 events.
  std::vector<Event> update(const SteadyStatus& status);

 private:
  std::string workload_;
  Phase last_phase_ = Phase::warming;
  bool steady_reported_ = false;
  std::size_t shifts_reported_ = 0;
};

}  // namespace clscope::core
