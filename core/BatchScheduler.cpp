#include "core/BatchScheduler.hpp"

#include <algorithm>

namespace clscope::core {

BatchScheduler::BatchScheduler(BatchPolicy policy, ArrivalProcess arrivals, SizeDistribution sizes,
                               std::int64_t start_ns)
    : policy_(policy),
      arrivals_(std::move(arrivals)),
      sizes_(std::move(sizes)),
      start_ns_(start_ns) {
  policy_.max_batch = std::max<std::uint32_t>(1, policy_.max_batch);
  generate_next();
}

void BatchScheduler::generate_next() {
  next_.id = next_id_++;
  next_.scheduled_ns = start_ns_ + arrivals_.next_ns();
  next_.rows = sizes_.next();
}

void BatchScheduler::advance(std::int64_t now_ns) {
  while (next_.scheduled_ns <= now_ns) {
    ++counters_.arrived;
    const std::uint64_t depth = waiting_.size() + in_service_;
    counters_.depth_sum += depth;
    ++counters_.depth_samples;
    counters_.depth_max = std::max(counters_.depth_max, depth);
    if (policy_.queue_limit > 0 && waiting_.size() >= policy_.queue_limit)
      ++counters_.dropped;
    else
      waiting_.push_back(next_);
    generate_next();
  }
  if (policy_.timeout_ns > 0) {
    // Waiting requests are in scheduled order: expired ones are at the front.
    while (!waiting_.empty() && now_ns - waiting_.front().scheduled_ns > policy_.timeout_ns) {
      waiting_.pop_front();
      ++counters_.timed_out;
    }
  }
}

std::vector<Request> BatchScheduler::take_batch(std::int64_t now_ns, bool flush) {
  if (waiting_.empty()) return {};
  const bool full = waiting_.size() >= policy_.max_batch;
  const bool waited = now_ns - waiting_.front().scheduled_ns >= policy_.max_wait_ns;
  if (!full && !waited && !flush) return {};
  const std::size_t n = std::min<std::size_t>(waiting_.size(), policy_.max_batch);
  std::vector<Request> batch(waiting_.begin(), waiting_.begin() + static_cast<std::ptrdiff_t>(n));
  waiting_.erase(waiting_.begin(), waiting_.begin() + static_cast<std::ptrdiff_t>(n));
  in_service_ += n;
  return batch;
}

std::vector<std::int64_t> BatchScheduler::complete(const std::vector<Request>& batch,
                                                   std::int64_t done_ns) {
  std::vector<std::int64_t> latency;
  latency.reserve(batch.size());
  for (const Request& r : batch) latency.push_back(done_ns - r.scheduled_ns);
  in_service_ -= std::min<std::uint64_t>(in_service_, batch.size());
  return latency;
}

void BatchScheduler::requeue(const std::vector<Request>& batch) {
  waiting_.insert(waiting_.begin(), batch.begin(), batch.end());
  in_service_ -= std::min<std::uint64_t>(in_service_, batch.size());
}

std::int64_t BatchScheduler::next_event_ns(bool can_dispatch) const {
  std::int64_t t = next_.scheduled_ns;
  if (!waiting_.empty()) {
    if (can_dispatch) {
      const bool full = waiting_.size() >= policy_.max_batch;
      t = std::min(t, full ? std::int64_t{0} : waiting_.front().scheduled_ns + policy_.max_wait_ns);
    }
    if (policy_.timeout_ns > 0) t = std::min(t, waiting_.front().scheduled_ns + policy_.timeout_ns + 1);
  }
  return t;
}

void BatchScheduler::shift(std::int64_t delta_ns) {
  start_ns_ += delta_ns;
  next_.scheduled_ns += delta_ns;
  for (Request& r : waiting_) r.scheduled_ns += delta_ns;
}

SchedulerCounters BatchScheduler::take_counters() {
  SchedulerCounters c = counters_;
  counters_ = {};
  return c;
}

}  // namespace clscope::core
