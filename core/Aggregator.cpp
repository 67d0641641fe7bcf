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
}

void Aggregator::mark_start(int workload, std::int64_t t_ns) {
  std::lock_guard lock(mu_);
  auto& p = pending_.at(static_cast<std::size_t>(workload));
  p.items.clear();
  p.last_complete_ns = t_ns;
}

WindowStats aggregate(int workload, const std::vector<IterationStats>& items,
                      std::int64_t span_begin_ns, double t_begin_s, double t_end_s) {
  WindowStats w;
  w.workload = workload;
  w.t_begin_s = t_begin_s;
  w.t_end_s = t_end_s;
  if (items.empty()) return w;
  std::vector<double> dispatch, round_trip;
  dispatch.reserve(items.size());
  round_trip.reserve(items.size());
  std::int64_t last_complete = span_begin_ns;
  std::int64_t first_enqueue = items.front().enqueue_begin_ns;
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
    last_complete = std::max(last_complete, it.complete_ns);
    first_enqueue = std::min(first_enqueue, it.enqueue_begin_ns);
  }
  const std::int64_t begin = span_begin_ns > 0 ? span_begin_ns : first_enqueue;
  w.span_ns = last_complete - begin;
  w.dispatch_us_p50 = quantile(dispatch, 0.5);
  w.dispatch_us_p99 = quantile(dispatch, 0.99);
  w.round_trip_us_p50 = quantile(round_trip, 0.5);
  w.round_trip_us_p99 = quantile(round_trip, 0.99);
  return w;
}

std::vector<WindowStats> Aggregator::close_window(std::int64_t now_ns) {
  std::vector<std::vector<IterationStats>> taken(pending_.size());
  std::vector<std::int64_t> span_begin(pending_.size());
  {
    std::lock_guard lock(mu_);
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      taken[i].swap(pending_[i].items);
      span_begin[i] = pending_[i].last_complete_ns;
      for (const auto& it : taken[i])
        pending_[i].last_complete_ns = std::max(pending_[i].last_complete_ns, it.complete_ns);
    }
  }
  const double t0 = static_cast<double>(window_begin_ns_ - origin_ns_) * 1e-9;
  const double t1 = static_cast<double>(now_ns - origin_ns_) * 1e-9;
  window_begin_ns_ = now_ns;
  std::vector<WindowStats> out;
  out.reserve(taken.size());
  for (std::size_t i = 0; i < taken.size(); ++i)
    out.push_back(aggregate(static_cast<int>(i), taken[i], span_begin[i], t0, t1));
  return out;
}

}  // namespace clscope::core
