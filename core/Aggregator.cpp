#include "core/Aggregator.hpp"

#include <algorithm>

#include "core/Stats.hpp"

namespace clscope::core {

Aggregator::Aggregator(std::size_t workloads, std::int64_t origin_ns)
    : pending_(workloads), origin_ns_(origin_ns), window_begin_ns_(origin_ns) {}

void Aggregator::submit(int workload, const IterationStats& it) {
  std::lock_guard lock(mu_);
  auto& p = pending_.at(static_cast<std::size_t>(workload));
  p.items.push_back(it);
  p.segment_last_ns = std::max(p.segment_last_ns, it.complete_ns);
}

void Aggregator::mark_start(int workload, std::int64_t t_ns) {
  std::lock_guard lock(mu_);
  auto& p = pending_.at(static_cast<std::size_t>(workload));
  if (p.segment_last_ns > p.segment_begin_ns)
    p.carried_span_ns += p.segment_last_ns - p.segment_begin_ns;
  p.segment_begin_ns = t_ns;
  p.segment_last_ns = 0;
}

WindowStats aggregate(int workload, const std::vector<IterationStats>& items,
                      std::int64_t span_ns, double t_begin_s, double t_end_s) {
  WindowStats w;
  w.workload = workload;
  w.t_begin_s = t_begin_s;
  w.t_end_s = t_end_s;
  if (items.empty()) return w;
  std::vector<double> dispatch, round_trip;
  dispatch.reserve(items.size());
  round_trip.reserve(items.size());
  for (const auto& it : items) {
    ++w.iterations;
    w.requests += it.requests;
    w.bytes += it.bytes;
    w.ops += it.ops;
    (it.transfer ? w.transfer_ns : w.device_busy_ns) += it.device_ns();
    w.api_wall_ns += it.api_wall_ns;
    w.api_cpu_ns += it.api_cpu_ns;
    w.wait_wall_ns += it.wait_wall_ns;
    w.host_work_ns += it.host_work_ns;
    w.sleep_ns += it.sleep_ns;
    w.api_calls += it.api_calls;
    if (it.dispatch_ns() > 0) dispatch.push_back(static_cast<double>(it.dispatch_ns()) * 1e-3);
    if (it.round_trip_ns() > 0)
      round_trip.push_back(static_cast<double>(it.round_trip_ns()) * 1e-3);
    if (it.request) {
      if (!w.request) w.request.emplace();
      w.request->add(*it.request);
    }
  }
  w.span_ns = span_ns;
  w.dispatch_us_p50 = quantile(dispatch, 0.5);
  w.dispatch_us_p99 = quantile(dispatch, 0.99);
  w.round_trip_us_p50 = quantile(round_trip, 0.5);
  w.round_trip_us_p99 = quantile(round_trip, 0.99);
  return w;
}

std::vector<WindowStats> Aggregator::close_window(std::int64_t now_ns) {
  std::vector<std::vector<IterationStats>> taken(pending_.size());
  std::vector<std::int64_t> span(pending_.size());
  {
    std::lock_guard lock(mu_);
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      Pending& p = pending_[i];
      taken[i].swap(p.items);
      span[i] = p.carried_span_ns +
                (p.segment_last_ns > p.segment_begin_ns ? p.segment_last_ns - p.segment_begin_ns : 0);
      p.carried_span_ns = 0;
      // The next window's span starts at this window's last completion.
      if (p.segment_last_ns > 0) p.segment_begin_ns = p.segment_last_ns;
      p.segment_last_ns = 0;
    }
  }
  const double t0 = static_cast<double>(window_begin_ns_ - origin_ns_) * 1e-9;
  const double t1 = static_cast<double>(now_ns - origin_ns_) * 1e-9;
  window_begin_ns_ = now_ns;
  std::vector<WindowStats> out;
  out.reserve(taken.size());
  for (std::size_t i = 0; i < taken.size(); ++i)
    out.push_back(aggregate(static_cast<int>(i), taken[i], span[i], t0, t1));
  return out;
}

}  // namespace clscope::core
