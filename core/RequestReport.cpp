#include "core/RequestReport.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace clscope::core {
namespace {

std::optional<double> ms(std::optional<double> ns) {
  if (!ns) return std::nullopt;
  return *ns * 1e-6;
}

nlohmann::json opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

std::optional<RequestWindow> merge_requests(const std::vector<WindowStats>& windows) {
  std::optional<RequestWindow> out;
  for (const WindowStats& w : windows) {
    if (!w.request) continue;
    if (!out) out.emplace();
    out->merge(*w.request);
  }
  return out;
}

LatencySummary summarize(const RequestWindow& r) {
  LatencySummary s;
  s.completed = r.completed();
  s.arrived = r.arrived;
  s.dropped = r.dropped;
  s.timed_out = r.timed_out;
  const Histogram& h = r.latency_ns;
  s.p50_ms = ms(h.percentile(0.50));
  s.p90_ms = ms(h.percentile(0.90));
  s.p99_ms = ms(h.percentile(0.99));
  s.p999_ms = ms(h.percentile(0.999));
  if (h.max()) s.max_ms = static_cast<double>(*h.max()) * 1e-6;
  s.mean_ms = ms(h.mean());
  s.mean_queue_depth = r.mean_depth();
  s.max_queue_depth = r.depth_max;
  s.batch_counts = r.batch_counts;
  const std::uint64_t batches = r.batches();
  if (batches > 0) {
    double sum = 0;
    for (std::size_t i = 0; i < r.batch_counts.size(); ++i)
      sum += static_cast<double>(i + 1) * static_cast<double>(r.batch_counts[i]);
    s.mean_batch = sum / static_cast<double>(batches);
  }
  return s;
}

SloResult evaluate_slo(const RequestWindow& r, double target_p99_ms) {
  SloResult s;
  s.target_p99_ms = target_p99_ms;
  const std::uint64_t completed = r.completed();
  const std::uint64_t failed = r.dropped + r.timed_out;
  const std::uint64_t total = completed + failed;
  s.achieved_p99_ms = ms(r.latency_ns.percentile(0.99));
  if (total == 0) return s;
  s.failed_fraction = static_cast<double>(failed) / static_cast<double>(total);
  // Failed requests rank above every completed one: the p99 over all requests
  // is a completed request's latency only if its rank lies among them.
  const auto rank = static_cast<std::uint64_t>(
      std::max(1.0, std::ceil(0.99 * static_cast<double>(total) - 1e-9)));
  if (rank > completed) return s;  // met stays false
  const double q = static_cast<double>(rank) / static_cast<double>(completed);
  const auto p = r.latency_ns.percentile(q);
  s.met = p && *p * 1e-6 <= target_p99_ms;
  return s;
}

InterferenceSplit split_by_background(
    const std::vector<WindowStats>& mine, Metric metric,
    const std::vector<std::pair<std::string, const std::vector<WindowStats>*>>& others,
    const Ceilings& ceilings) {
  InterferenceSplit split;
  for (const auto& [name, windows] : others) split.background.push_back(name);
  std::map<Verdict, std::size_t> verdicts[2];
  for (const WindowStats& w : mine) {
    bool busy = false;
    for (const auto& [name, windows] : others) {
      for (const WindowStats& o : *windows) {
        if (o.t_end_s <= w.t_begin_s || o.t_begin_s >= w.t_end_s) continue;
        if (o.iterations > 0) busy = true;
      }
      if (busy) break;
    }
    InterferenceGroup& g = busy ? split.with_background : split.alone;
    ++g.windows;
    if (w.request) {
      if (!g.requests) g.requests.emplace();
      g.requests->merge(*w.request);
    }
    ++verdicts[busy ? 1 : 0][classify(w, metric, ceilings).verdict];
  }
  for (int i = 0; i < 2; ++i) {
    InterferenceGroup& g = i ? split.with_background : split.alone;
    std::size_t best = 0;
    for (const auto& [v, n] : verdicts[i])
      if (v != Verdict::unknown && n > best) g.verdict = v, best = n;
    if (g.verdict == Verdict::unknown && verdicts[i].count(Verdict::unknown))
      best = verdicts[i][Verdict::unknown];
    g.verdict_share = g.windows ? static_cast<double>(best) / static_cast<double>(g.windows) : 0.0;
  }
  return split;
}

nlohmann::json latency_ms_json(const LatencySummary& s) {
  return {{"p50", opt(s.p50_ms)},   {"p90", opt(s.p90_ms)}, {"p99", opt(s.p99_ms)},
          {"p999", opt(s.p999_ms)}, {"max", opt(s.max_ms)}, {"mean", opt(s.mean_ms)}};
}

nlohmann::json to_json(const LatencySummary& s) {
  nlohmann::json counts = nlohmann::json::object();
  for (std::size_t i = 0; i < s.batch_counts.size(); ++i)
    if (s.batch_counts[i] > 0) counts[std::to_string(i + 1)] = s.batch_counts[i];
  return {{"completed", s.completed},
          {"arrived", s.arrived},
          {"dropped", s.dropped},
          {"timed_out", s.timed_out},
          {"latency_ms", latency_ms_json(s)},
          {"queue_depth", {{"mean", opt(s.mean_queue_depth)}, {"max", s.max_queue_depth}}},
          {"batch_size", {{"mean", opt(s.mean_batch)}, {"counts", counts}}}};
}

nlohmann::json to_json(const SloResult& s) {
  return {{"p99_ms", s.target_p99_ms},
          {"achieved_p99_ms", opt(s.achieved_p99_ms)},
          {"failed_fraction", s.failed_fraction},
          {"met", s.met}};
}

nlohmann::json to_json(const InterferenceSplit& s, std::optional<double> slo_p99_ms) {
  auto group = [&](const InterferenceGroup& g) {
    nlohmann::json j{{"windows", g.windows},
                     {"verdict", verdict_name(g.verdict)},
                     {"verdict_share", g.verdict_share}};
    if (g.requests) {
      const LatencySummary sum = summarize(*g.requests);
      j["requests"] = sum.completed;
      j["dropped"] = sum.dropped;
      j["timed_out"] = sum.timed_out;
      j["latency_ms"] = latency_ms_json(sum);
      if (slo_p99_ms) j["slo"] = to_json(evaluate_slo(*g.requests, *slo_p99_ms));
    } else {
      j["requests"] = 0;
      j["latency_ms"] = nullptr;
    }
    return j;
  };
  return {{"background", s.background},
          {"alone", group(s.alone)},
          {"with_background", group(s.with_background)}};
}

}  // namespace clscope::core
