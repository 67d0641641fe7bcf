#pragma once
// Keeps off-GPU bottleneck shifts highlighted until the operator acknowledges
// them (key `a`), across snapshots: the data side only reports events; this
// remembers which ones were seen and acknowledged.
//
// apply() marks acknowledged events and sets WorkloadRow::highlighted:
// - a workload with an off-GPU event not yet acknowledged is highlighted;
// - a workload the app flagged `highlighted` stays so until acknowledged, and
//   is highlighted again once the app clears and raises the flag anew.
// Thread safety: none (the UI thread owns it).
#include <set>
#include <string>

#include "tui/Model.hpp"

namespace clscope::tui {

class AckTracker {
 public:
  /// Updates `model` in place (events' `acknowledged`, workloads' `highlighted`).
  void apply(DashboardModel& model);
  /// Acknowledges the off-GPU shifts of workload `index` (-1: all) in `model`,
  /// as the operator saw it. Call apply() afterwards to refresh the model.
  void acknowledge(const DashboardModel& model, int index);

 private:
  static std::string event_key(const EventEntry& e);
  std::set<std::string> acked_events_;
  std::set<std::string> acked_flags_;  // workloads whose app-raised flag was acknowledged
};

}  // namespace clscope::tui
