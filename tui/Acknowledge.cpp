#include "tui/Acknowledge.hpp"

#include <cstdio>

namespace clscope::tui {

std::string AckTracker::event_key(const EventEntry& e) {
  char t[32];
  std::snprintf(t, sizeof t, "%.6f", e.t_s);
  return std::string(t) + '\x1f' + e.type + '\x1f' + e.workload + '\x1f' + e.text;
}

void AckTracker::apply(DashboardModel& model) {
  for (EventEntry& e : model.events)
    if (e.off_gpu && acked_events_.count(event_key(e)) > 0) e.acknowledged = true;
  for (WorkloadRow& w : model.workloads) {
    if (!w.highlighted) acked_flags_.erase(w.name);  // flag dropped: a new one counts again
    else if (acked_flags_.count(w.name) > 0) w.highlighted = false;
    for (const EventEntry& e : model.events)
      if (e.off_gpu && !e.acknowledged && e.workload == w.name) w.highlighted = true;
  }
}

void AckTracker::acknowledge(const DashboardModel& model, int index) {
  auto wanted = [&](const std::string& name) {
    if (index < 0) return true;
    const auto i = static_cast<std::size_t>(index);
    return i < model.workloads.size() && model.workloads[i].name == name;
  };
  for (const EventEntry& e : model.events)
    if (e.off_gpu && (index < 0 || wanted(e.workload))) acked_events_.insert(event_key(e));
  for (const WorkloadRow& w : model.workloads)
    if (w.highlighted && wanted(w.name)) acked_flags_.insert(w.name);
}

}  // namespace clscope::tui
