#include "core/Session.hpp"

#include "core/CeilingRaise.hpp"

namespace clscope::core {

Session::Session(std::vector<WorkloadInfo> workloads, AnalysisOptions options)
    : options_(options), infos_(std::move(workloads)) {
  for (const auto& info : infos_) states_.push_back(new_state(info));
  publish(0);
}

Session::State Session::new_state(const WorkloadInfo& info) const {
  State s{SteadyStateDetector(options_.detector), VerdictTracker(info.name, options_.hold_windows),
          PhaseEventTracker(info.name), WorkloadLive{}, {}};
  s.live.info = info;
  return s;
}

int Session::add_workload(const WorkloadInfo& info) {
  infos_.push_back(info);
  states_.push_back(new_state(info));
  const auto snap = snapshot();
  publish(snap ? snap->t_s : 0);
  return static_cast<int>(states_.size()) - 1;
}

void Session::set_ceilings(const Ceilings& ceilings) { ceilings_ = ceilings; }

void Session::set_metric(int workload, Metric metric) {
  auto& s = states_.at(static_cast<std::size_t>(workload));
  s.live.info.metric = metric;
  infos_.at(static_cast<std::size_t>(workload)).metric = metric;
}

std::vector<Event> Session::add_windows(const std::vector<WindowStats>& windows,
                                        const DeviceTelemetry* telemetry) {
  std::vector<Event> out;
  double t = 0;
  for (const auto& w : windows) {
    if (w.workload < 0 || static_cast<std::size_t>(w.workload) >= states_.size()) continue;
    State& s = states_[static_cast<std::size_t>(w.workload)];
    t = std::max(t, w.t_end_s);
    s.all.push_back(w);
    const Metric m = s.live.info.metric;
    // A window with no completion carries no throughput and no verdict evidence.
    s.detector.push(w.t_end_s, w.value(m));
    s.live.steady = s.detector.status();
    ContentionInput contention;
    if (s.live.solo) contention.solo_level = s.live.solo->value;
    for (const auto& o : windows)
      if (o.workload != w.workload && o.workload >= 0 &&
          static_cast<std::size_t>(o.workload) < states_.size() && active_during(o, w))
        contention.others_active.push_back(states_[static_cast<std::size_t>(o.workload)].live.info.name);
    for (auto& e : s.phases.update(s.live.steady)) out.push_back(std::move(e));
    if (w.iterations > 0) {
      // A steady window above its ceiling raises it before it is judged.
      if (const auto v = w.value(m); v && s.live.steady.phase == Phase::steady)
        if (auto e = raise_exceeded_ceiling(ceilings_, s.live.info, w.t_end_s, *v)) out.push_back(*e);
      VerdictResult r = classify(w, m, ceilings_, telemetry, &contention);
      s.live.last = r;
      if (auto e = s.tracker.update(w.t_begin_s, w.t_end_s, r)) {
        if (e->off_gpu) s.live.highlight = true;
        out.push_back(std::move(*e));
      }
      if (s.tracker.current() != s.live.verdict) {
        s.live.verdict = s.tracker.current();
        s.live.verdict_since_s = w.t_begin_s;
      }
    }
    s.live.windows.push_back(w);
    s.live.window_verdicts.push_back(s.live.verdict);
    if (s.live.windows.size() > kLiveHistory) {
      s.live.windows.erase(s.live.windows.begin());
      s.live.window_verdicts.erase(s.live.window_verdicts.begin());
    }
    ++s.live.total_windows;
  }
  for (const auto& e : out) events_.push_back(e);
  publish(t);
  return out;
}

void Session::add_event(const Event& e) {
  events_.push_back(e);
  publish(e.t_s);
}

Event Session::end_solo_phase(int workload, const SoloPhase& phase) {
  State& s = states_.at(static_cast<std::size_t>(workload));
  s.live.solo = solo_level(s.all, s.live.info.metric, phase);
  Event e = solo_level_event(s.live.info, *s.live.solo);
  events_.push_back(e);
  publish(snapshot()->t_s);
  return e;
}

std::optional<SoloPhase> Session::solo_phase(int workload) const {
  const State& s = states_.at(static_cast<std::size_t>(workload));
  if (!s.live.solo) return std::nullopt;
  return s.live.solo->phase;
}

void Session::reset(double t_s) {
  for (auto& s : states_) {
    s.detector = SteadyStateDetector(options_.detector);
    s.tracker = VerdictTracker(s.live.info.name, options_.hold_windows);
    s.phases = PhaseEventTracker(s.live.info.name);
    s.live.steady = {};
    s.live.last.reset();
    s.live.verdict = Verdict::unknown;
    s.live.verdict_since_s.reset();
    s.live.highlight = false;
    s.live.windows.clear();
    s.live.window_verdicts.clear();
  }
  Event e;
  e.t_s = t_s;
  e.type = event_type::kMarker;
  e.evidence = {{"text", "statistics reset"}};
  events_.push_back(e);
  publish(t_s);
}

void Session::acknowledge() {
  for (auto& s : states_) s.live.highlight = false;
  publish(snapshot()->t_s);
}

void Session::publish(double t_s) {
  auto snap = std::make_shared<SessionSnapshot>();
  snap->t_s = t_s;
  snap->ceilings = ceilings_;
  for (const auto& s : states_) snap->workloads.push_back(s.live);
  const std::size_t first = events_.size() > kLiveEvents ? events_.size() - kLiveEvents : 0;
  snap->events.assign(events_.begin() + static_cast<std::ptrdiff_t>(first), events_.end());
  std::lock_guard lock(snapshot_mu_);
  snapshot_ = std::move(snap);
}

std::shared_ptr<const SessionSnapshot> Session::snapshot() const {
  std::lock_guard lock(snapshot_mu_);
  return snapshot_;
}

const std::vector<WindowStats>& Session::all_windows(int workload) const {
  return states_.at(static_cast<std::size_t>(workload)).all;
}

}  // namespace clscope::core
