#include "core/Contention.hpp"

#include <cstdio>

#include "core/Stats.hpp"

namespace clscope::core {

namespace {
constexpr double kEdgeS = 1e-6;
}  // namespace

bool inside(const SoloPhase& p, const WindowStats& w) {
  return w.t_begin_s >= p.from_s - kEdgeS && w.t_end_s <= p.to_s + kEdgeS;
}

bool active_during(const WindowStats& other, const WindowStats& w) {
  return other.iterations > 0 && other.t_end_s > w.t_begin_s + kEdgeS &&
         other.t_begin_s < w.t_end_s - kEdgeS;
}

SoloLevel solo_level(const std::vector<WindowStats>& windows, Metric metric,
                     const SoloPhase& phase) {
  SoloLevel s;
  s.phase = phase;
  std::vector<double> values;
  bool first = true;
  for (const WindowStats& w : windows) {
    if (!inside(phase, w)) continue;
    if (first) {  // warm-up: dropped
      first = false;
      continue;
    }
    if (const auto v = w.value(metric)) values.push_back(*v);
  }
  s.windows = values.size();
  if (!values.empty()) s.value = median(values);
  return s;
}

Event solo_level_event(const WorkloadInfo& info, const SoloLevel& level) {
  Event e;
  e.t_s = level.phase.to_s;
  e.type = event_type::kSoloLevel;
  e.workload = info.name;
  char text[160];
  if (level.value)
    std::snprintf(text, sizeof text, "solo level %.3g %s (alone %.1f-%.1f s, median of %zu windows)",
                  *level.value, metric_unit(info.metric), level.phase.from_s, level.phase.to_s,
                  level.windows);
  else
    std::snprintf(text, sizeof text, "no solo level: nothing completed alone (%.1f-%.1f s)",
                  level.phase.from_s, level.phase.to_s);
  e.evidence = {{"level", level.value ? nlohmann::json(*level.value) : nlohmann::json(nullptr)},
                {"unit", metric_unit(info.metric)},
                {"windows", level.windows},
                {"from_s", level.phase.from_s},
                {"to_s", level.phase.to_s},
                {"text", text}};
  return e;
}

std::string name_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace clscope::core
