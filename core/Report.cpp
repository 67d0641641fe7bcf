#include "core/Report.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

#include "core/CeilingRaise.hpp"
#include "core/Stats.hpp"

namespace clscope::core {

const char* regime_role_name(RegimeRole r) {
  switch (r) {
    case RegimeRole::warm_up:
      return "warm-up";
    case RegimeRole::steady:
      return "steady";
    case RegimeRole::shift:
      return "shift";
    case RegimeRole::unsettled:
      return "unsettled";
  }
  return "?";
}

Verdict dominant_verdict(const std::vector<VerdictSpan>& timeline, double from_s, double to_s) {
  std::map<Verdict, double> time_s;
  for (const VerdictSpan& s : timeline) {
    const double overlap = std::min(s.to_s, to_s) - std::max(s.from_s, from_s);
    if (overlap > 0) time_s[s.verdict] += overlap;
  }
  Verdict best = Verdict::unknown;
  double best_s = -1;
  for (const auto& [v, t] : time_s)
    if (v != Verdict::unknown && t > best_s) best = v, best_s = t;
  return best;
}

namespace {

/// For each window of `series`, the other workloads of `run` that completed
/// work in an overlapping window (both series in time order).
std::vector<std::vector<std::string>> others_active(const WorkloadSeries& series,
                                                    const std::vector<WorkloadSeries>* run) {
  std::vector<std::vector<std::string>> out(series.windows.size());
  if (!run) return out;
  for (const WorkloadSeries& other : *run) {
    if (other.info.name == series.info.name) continue;
    std::size_t j = 0;
    for (std::size_t i = 0; i < series.windows.size(); ++i) {
      const WindowStats& w = series.windows[i];
      while (j < other.windows.size() && other.windows[j].t_end_s <= w.t_begin_s) ++j;
      for (std::size_t k = j; k < other.windows.size() && other.windows[k].t_begin_s < w.t_end_s; ++k)
        if (active_during(other.windows[k], w)) {
          out[i].push_back(other.info.name);
          break;
        }
    }
  }
  return out;
}

}  // namespace

WorkloadReport analyse_workload(const WorkloadSeries& series, const Ceilings& ceilings,
                                const AnalysisOptions& options, std::vector<Event>* events,
                                const std::vector<WorkloadSeries>* run) {
  const std::size_t n = series.windows.size();
  const std::string& name = series.info.name;
  if (!series.excluded.empty() && series.excluded.size() != n)
    throw std::invalid_argument("workload '" + name +
                                "': " + std::to_string(series.excluded.size()) +
                                " exclusion flags for " + std::to_string(n) + " windows");
  if (!series.telemetry.empty() && series.telemetry.size() != n)
    throw std::invalid_argument("workload '" + name +
                                "': " + std::to_string(series.telemetry.size()) +
                                " telemetry entries for " + std::to_string(n) + " windows");
  const Metric metric = series.info.metric;
  WorkloadReport r;
  r.info = series.info;
  r.windows = n;

  std::optional<double> solo_value;  // in force from the end of the solo phase
  if (series.solo) {
    std::vector<WindowStats> kept;
    for (std::size_t i = 0; i < n; ++i)
      if (series.excluded.empty() || !series.excluded[i]) kept.push_back(series.windows[i]);
    r.solo = solo_level(kept, metric, *series.solo);
    solo_value = r.solo->value;
    if (events) events->push_back(solo_level_event(series.info, *r.solo));
  }
  const auto others = others_active(series, run);

  SteadyStateDetector detector(options.detector);
  VerdictTracker tracker(name, options.hold_windows);
  std::vector<double> values;
  std::vector<std::size_t> index;  // window index of each usable value
  PeakTracker peak;
  for (std::size_t i = 0; i < n; ++i) {
    const WindowStats& w = series.windows[i];
    const std::optional<double> v = w.value(metric);
    const bool excluded = !series.excluded.empty() && series.excluded[i];
    detector.push(w.t_begin_s, v, excluded);
    if (excluded) {
      r.excluded.push_back({w.t_begin_s, w.t_end_s, v});
      continue;
    }
    if (v) {
      values.push_back(*v);
      index.push_back(i);
      peak.push(w.t_begin_s, *v);
    } else {
      ++r.empty_windows;
    }
    const DeviceTelemetry* telemetry =
        !series.telemetry.empty() && series.telemetry[i] ? &*series.telemetry[i] : nullptr;
    ContentionInput contention;
    contention.others_active = others[i];
    if (series.solo && w.t_begin_s >= series.solo->to_s - 1e-6) contention.solo_level = solo_value;
    if (auto e = tracker.update(w.t_begin_s, w.t_end_s,
                                classify(w, metric, ceilings, telemetry, &contention));
        e && events)
      events->push_back(std::move(*e));
  }
  r.live = detector.status();
  r.peak_detail = peak.summary(metric_ceiling(series.info, ceilings));
  r.peak = r.peak_detail.peak;
  r.peak_at_s = r.peak_detail.peak_at_s;
  r.verdicts = tracker.timeline();
  {
    std::vector<WindowStats> kept;
    for (std::size_t i = 0; i < n; ++i)
      if (series.excluded.empty() || !series.excluded[i]) kept.push_back(series.windows[i]);
    if (const auto merged = merge_requests(kept)) {
      r.requests = summarize(*merged);
      if (series.info.slo_p99_ms) r.slo = evaluate_slo(*merged, *series.info.slo_p99_ms);
    }
  }

  const Segmentation seg = segment_series(values, options.segmentation);
  r.phase = seg.phase;
  r.outlier_windows = seg.outliers;
  for (std::size_t j = 0; j < seg.merged.size(); ++j) {
    const Segment& s = seg.merged[j];
    Regime g;
    g.role = !seg.steady        ? RegimeRole::unsettled
             : j < *seg.steady  ? RegimeRole::warm_up
             : j == *seg.steady ? RegimeRole::steady
                                : RegimeRole::shift;
    g.from_s = series.windows[index[s.begin]].t_begin_s;
    g.to_s = series.windows[index[s.end - 1]].t_end_s;
    const std::span<const double> part = std::span<const double>(values).subspan(s.begin, s.size());
    g.level = *estimate_level(part);
    g.mean = mean(part);
    g.stddev = stddev(part);
    r.regimes.push_back(g);
  }
  if (!r.regimes.empty()) r.final_level = r.regimes.back().level.median;

  const double run_begin_s = n ? series.windows.front().t_begin_s : 0.0;
  const double run_end_s = n ? series.windows.back().t_end_s : 0.0;
  if (seg.steady) {
    const Regime& steady = r.regimes[*seg.steady];
    r.steady_at_s = steady.from_s;
    r.time_to_steady_s = steady.from_s - run_begin_s;
    r.steady = steady.level;
    if (r.peak && *r.peak > 0) r.sustained_over_peak = steady.level.median / *r.peak;
    if (events) {
      Event e;
      e.t_s = steady.from_s;
      e.type = event_type::kSteadyState;
      e.workload = name;
      e.from = phase_name(Phase::warming);
      e.to = phase_name(Phase::steady);
      e.evidence = {{"median", steady.level.median},
                    {"ci_low", steady.level.ci_low ? nlohmann::json(*steady.level.ci_low)
                                                   : nlohmann::json(nullptr)},
                    {"ci_high", steady.level.ci_high ? nlohmann::json(*steady.level.ci_high)
                                                     : nlohmann::json(nullptr)},
                    {"time_to_steady_s", *r.time_to_steady_s}};
      events->push_back(std::move(e));
      for (std::size_t j : seg.shifts) {
        const Regime& before = r.regimes[j - 1];
        const Regime& after = r.regimes[j];
        Event s;
        s.t_s = after.from_s;
        s.type = event_type::kRegimeShift;
        s.workload = name;
        s.from = phase_name(Phase::steady);
        s.to = phase_name(Phase::shifted);
        s.evidence = {{"from_level", before.level.median}, {"to_level", after.level.median}};
        if (before.level.median != 0)
          s.evidence["relative_change"] = after.level.median / before.level.median - 1.0;
        events->push_back(std::move(s));
      }
    }
    r.verdict = dominant_verdict(r.verdicts, steady.from_s, run_end_s);
  } else {
    r.verdict = dominant_verdict(r.verdicts, -std::numeric_limits<double>::infinity(),
                                 std::numeric_limits<double>::infinity());
  }
  return r;
}

Ceilings raise_exceeded_ceilings(const std::vector<WorkloadSeries>& series, Ceilings ceilings,
                                 const AnalysisOptions& options, std::vector<Event>* events) {
  // The same rule as the live session: a window judged steady by the live
  // detector that beats its ceiling by more than 2% raises it.
  for (const WorkloadSeries& s : series) {
    SteadyStateDetector detector(options.detector);
    for (std::size_t k = 0; k < s.windows.size(); ++k) {
      const WindowStats& w = s.windows[k];
      const bool excluded = !s.excluded.empty() && s.excluded[k];
      const auto v = w.value(s.info.metric);
      detector.push(w.t_end_s, v, excluded);
      if (excluded || !v || w.iterations == 0 || detector.status().phase != Phase::steady) continue;
      if (auto e = raise_exceeded_ceiling(ceilings, s.info, w.t_end_s, *v); e && events)
        events->push_back(std::move(*e));
    }
  }
  return ceilings;
}

ReportAnalysis analyse(const std::vector<WorkloadSeries>& series, const Ceilings& measured,
                       const AnalysisOptions& options) {
  ReportAnalysis a;
  a.ceilings = raise_exceeded_ceilings(series, measured, options, &a.events);
  const Ceilings& ceilings = a.ceilings;
  for (const WorkloadSeries& s : series)
    a.workloads.push_back(analyse_workload(s, ceilings, options, &a.events, &series));
  for (std::size_t i = 0; i < series.size() && series.size() > 1; ++i) {
    if (!a.workloads[i].requests) continue;
    std::vector<std::pair<std::string, const std::vector<WindowStats>*>> others;
    for (std::size_t j = 0; j < series.size(); ++j)
      if (j != i) others.emplace_back(series[j].info.name, &series[j].windows);
    std::vector<WindowStats> kept;
    for (std::size_t k = 0; k < series[i].windows.size(); ++k)
      if (series[i].excluded.empty() || !series[i].excluded[k]) kept.push_back(series[i].windows[k]);
    a.workloads[i].interference =
        split_by_background(kept, series[i].info.metric, others, ceilings);
  }
  std::stable_sort(a.events.begin(), a.events.end(),
                   [](const Event& x, const Event& y) { return x.t_s < y.t_s; });
  return a;
}

namespace {

template <typename T>
nlohmann::json opt(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json ci_json(const std::optional<LevelEstimate>& l) {
  if (!l || !l->ci_low || !l->ci_high) return nullptr;
  return {{"low", *l->ci_low}, {"high", *l->ci_high}, {"level", 0.95}};
}

}  // namespace

nlohmann::json to_json(const SteadyStatus& s) {
  return {
      {"phase", phase_name(s.phase)},
      {"windows", s.windows},
      {"usable", s.usable},
      {"excluded", s.excluded},
      {"steady_at_s", opt(s.steady_at_s)},
      {"time_to_steady_s", opt(s.time_to_steady_s)},
      {"steady_median", s.steady ? nlohmann::json(s.steady->median) : nlohmann::json(nullptr)},
      {"steady_ci", ci_json(s.steady)},
      {"peak", opt(s.peak)},
      {"peak_at_s", opt(s.peak_at_s)},
      {"sustained_over_peak", opt(s.sustained_over_peak)},
      {"shifts", s.shifts},
      {"shift_at_s", opt(s.shift_at_s)},
      {"shift_from_level", opt(s.shift_from_level)},
      {"shift_to_level", opt(s.shift_to_level)},
      {"current_level", s.current ? nlohmann::json(s.current->median) : nlohmann::json(nullptr)}};
}

nlohmann::json to_json(const WorkloadReport& r) {
  nlohmann::json verdicts = nlohmann::json::array();
  for (const VerdictSpan& s : r.verdicts)
    verdicts.push_back(
        {{"from_s", s.from_s}, {"to_s", s.to_s}, {"verdict", verdict_name(s.verdict)}});
  nlohmann::json regimes = nlohmann::json::array();
  for (const Regime& g : r.regimes)
    regimes.push_back({{"role", regime_role_name(g.role)},
                       {"from_s", g.from_s},
                       {"to_s", g.to_s},
                       {"median", g.level.median},
                       {"ci", ci_json(g.level)},
                       {"mean", g.mean},
                       {"stddev", g.stddev},
                       {"windows", g.level.windows}});
  nlohmann::json excluded = nlohmann::json::array();
  for (const ExcludedWindow& x : r.excluded)
    excluded.push_back({{"from_s", x.from_s}, {"to_s", x.to_s}, {"value", opt(x.value)}});
  nlohmann::json j{{"name", r.info.name},
          {"kind", r.info.kind},
          {"unit", metric_unit(r.info.metric)},
          {"phase", phase_name(r.phase)},
          {"steady_at_s", opt(r.steady_at_s)},
          {"peak", opt(r.peak)},
          {"steady_median", r.steady ? nlohmann::json(r.steady->median) : nlohmann::json(nullptr)},
          {"sustained_over_peak", opt(r.sustained_over_peak)},
          {"verdict", verdict_name(r.verdict)},
          {"verdicts", verdicts},
          {"steady_ci", ci_json(r.steady)},
          {"time_to_steady_s", opt(r.time_to_steady_s)},
          {"peak_at_s", opt(r.peak_at_s)},
          {"peak_hold_windows", kPeakHoldWindows},
          {"max_window", max_window_json(r.peak_detail)},
          {"final_level", opt(r.final_level)},
          {"regimes", regimes},
          {"live", to_json(r.live)},
          {"excluded", excluded},
          {"windows", r.windows},
          {"empty_windows", r.empty_windows},
          {"outlier_windows", r.outlier_windows}};
  if (r.requests) {
    j["latency_ms"] = latency_ms_json(*r.requests);
    j["requests"] = to_json(*r.requests);
  }
  if (r.slo) j["slo"] = to_json(*r.slo);
  if (r.interference) j["interference"] = to_json(*r.interference, r.info.slo_p99_ms);
  if (r.solo)  // workloads with a solo phase only (recordings before it read as before)
    j["solo_level"] = {{"value", opt(r.solo->value)},
                       {"from_s", r.solo->phase.from_s},
                       {"to_s", r.solo->phase.to_s},
                       {"windows", r.solo->windows}};
  return j;
}

nlohmann::json to_json(const ReportAnalysis& a) {
  nlohmann::json workloads = nlohmann::json::array();
  for (const WorkloadReport& r : a.workloads) workloads.push_back(to_json(r));
  nlohmann::json events = nlohmann::json::array();
  for (const Event& e : a.events) events.push_back(e);
  return {{"workloads", workloads}, {"events", events}};
}

}  // namespace clscope::core
