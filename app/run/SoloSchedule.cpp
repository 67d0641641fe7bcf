#include "app/run/SoloSchedule.hpp"

namespace clscope::app {

SoloSchedule::SoloSchedule(std::size_t workloads, int windows_per_phase)
    : n_(workloads),
      per_phase_(windows_per_phase),
      stage_(workloads > 1 && windows_per_phase > 0 ? Stage::setup : Stage::together) {}

bool SoloSchedule::applies(const config::Scenario& scenario) {
  if (scenario.workloads.size() < 2 || scenario.solo_windows <= 0) return false;
  for (const auto& w : scenario.workloads)
    if (w.get_number("start_after_s") > 0 || w.get_number("stop_after_s") > 0) return false;
  return true;
}

void SoloSchedule::start_phase(std::size_t from, double t_s, const std::vector<bool>& gone) {
  std::size_t k = from;
  while (k < n_ && k < gone.size() && gone[k]) ++k;
  if (k >= n_) {
    stage_ = Stage::together;
    return;
  }
  stage_ = Stage::solo;
  current_ = k;
  count_ = 0;
  from_s_ = t_s;
}

std::optional<SoloSchedule::Ended> SoloSchedule::on_window(double /*t_begin_s*/, double t_end_s,
                                                           bool past_setup, bool paused,
                                                           const std::vector<bool>& gone) {
  switch (stage_) {
    case Stage::together:
      return std::nullopt;
    case Stage::setup:
      if (past_setup) start_phase(0, t_end_s, gone);
      return std::nullopt;
    case Stage::solo:
      break;
  }
  if (paused) return std::nullopt;
  if (++count_ < per_phase_) return std::nullopt;
  Ended ended{current_, core::SoloPhase{from_s_, t_end_s}};
  start_phase(current_ + 1, t_end_s, gone);
  return ended;
}

bool SoloSchedule::may_run(std::size_t i) const {
  switch (stage_) {
    case Stage::together:
      return true;
    case Stage::setup:
      return false;
    case Stage::solo:
      return i == current_;
  }
  return true;
}

std::optional<std::size_t> SoloSchedule::soloist() const {
  if (stage_ != Stage::solo) return std::nullopt;
  return current_;
}

std::string SoloSchedule::describe(const std::vector<std::string>& names) const {
  switch (stage_) {
    case Stage::together:
      return {};
    case Stage::setup:
      return "solo phases after setup";
    case Stage::solo:
      break;
  }
  const std::string name = current_ < names.size() ? names[current_] : std::to_string(current_);
  return "solo: " + name + " " + std::to_string(count_ + 1 > per_phase_ ? per_phase_ : count_ + 1) +
         "/" + std::to_string(per_phase_);
}

}  // namespace clscope::app
