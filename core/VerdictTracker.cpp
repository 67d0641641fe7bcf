#include "core/VerdictTracker.hpp"

#include <algorithm>

namespace clscope::core {

VerdictTracker::VerdictTracker(std::string workload, int hold_windows)
    : workload_(std::move(workload)), hold_(std::max(1, hold_windows)) {}

std::optional<Event> VerdictTracker::update(double t_begin_s, double t_end_s,
                                            const VerdictResult& result) {
  if (timeline_.empty()) timeline_.push_back({t_begin_s, t_begin_s, Verdict::unknown});
  timeline_.back().to_s = std::max(timeline_.back().to_s, t_end_s);

  if (result.verdict == current_) {
    candidate_count_ = 0;
    current_result_ = result;
    return std::nullopt;
  }
  if (candidate_count_ > 0 && result.verdict == candidate_) {
    ++candidate_count_;
  } else {
    candidate_ = result.verdict;
    candidate_count_ = 1;
    candidate_from_s_ = t_begin_s;
  }
  if (candidate_count_ < hold_) return std::nullopt;

  const Verdict from = current_;
  current_ = candidate_;
  current_result_ = result;
  candidate_count_ = 0;
  VerdictSpan& last = timeline_.back();
  if (candidate_from_s_ <= last.from_s) {
    last.verdict = current_;  // the whole span so far belongs to the new verdict
  } else {
    last.to_s = candidate_from_s_;
    timeline_.push_back({candidate_from_s_, t_end_s, current_});
  }
  const bool initial = !adopted_once_ && from == Verdict::unknown;
  adopted_once_ = true;
  if (initial) return std::nullopt;

  Event e;
  e.t_s = candidate_from_s_;
  e.type = event_type::kBottleneckShift;
  e.workload = workload_;
  e.from = verdict_name(from);
  e.to = verdict_name(current_);
  e.off_gpu = off_gpu(current_);
  e.evidence = result;  // verdict, confidence, why and the evidence
  return e;
}

std::vector<Event> PhaseEventTracker::update(const SteadyStatus& s) {
  std::vector<Event> out;
  if (!steady_reported_ && s.steady_at_s) {
    steady_reported_ = true;
    Event e;
    e.t_s = *s.steady_at_s;
    e.type = event_type::kSteadyState;
    e.workload = workload_;
    e.from = phase_name(last_phase_ == Phase::unsettled ? Phase::unsettled : Phase::warming);
    e.to = phase_name(Phase::steady);
    e.evidence = {{"time_to_steady_s", s.time_to_steady_s ? nlohmann::json(*s.time_to_steady_s)
                                                          : nlohmann::json(nullptr)},
                  {"peak", s.peak ? nlohmann::json(*s.peak) : nlohmann::json(nullptr)}};
    if (s.steady) {
      e.evidence["median"] = s.steady->median;
      e.evidence["windows"] = s.steady->windows;
    }
    out.push_back(std::move(e));
  }
  if (s.shifts > shifts_reported_ && s.shift_at_s) {
    shifts_reported_ = s.shifts;
    Event e;
    e.t_s = *s.shift_at_s;
    e.type = event_type::kRegimeShift;
    e.workload = workload_;
    e.from = phase_name(Phase::steady);
    e.to = phase_name(Phase::shifted);
    e.evidence = {{"from_level", s.shift_from_level ? nlohmann::json(*s.shift_from_level)
                                                    : nlohmann::json(nullptr)},
                  {"to_level",
                   s.shift_to_level ? nlohmann::json(*s.shift_to_level) : nlohmann::json(nullptr)}};
    if (s.shift_from_level && s.shift_to_level && *s.shift_from_level != 0)
      e.evidence["relative_change"] = *s.shift_to_level / *s.shift_from_level - 1.0;
    out.push_back(std::move(e));
  }
  last_phase_ = s.phase;
  return out;
}

}  // namespace clscope::core
