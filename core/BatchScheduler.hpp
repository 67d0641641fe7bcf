#pragma once
// The open-loop request scheduler of request workloads: admission, dynamic
// batching, drops and time-outs, and latency from each request's SCHEDULED
// arrival time. Pure: every method takes the current time, so tests drive it
// with a fake clock. One thread.
//
// The no-coordinated-omission rule lives here: requests are generated from
// the arrival process independently of how the server keeps up. advance(now)
// admits every request scheduled at or before `now`, however late the caller
// is (a caller stalled for 100 ms admits the whole 100 ms of arrivals at
// once), and complete() charges each request from its scheduled arrival. A
// stall therefore raises the latency of every request that should have
// arrived during it.
//
// Policy:
//  * queue depth = requests admitted and not finished (waiting + in service),
//    sampled by every arrival before it joins;
//  * an arrival finding `queue_limit` requests waiting (not yet dispatched) is
//    dropped (0 = unlimited);
//  * a waiting request still undispatched `timeout_ns` after its scheduled
//    arrival is abandoned and counted as timed out (0 = never);
//  * a batch (oldest first, at most max_batch requests) is due when max_batch
//    requests wait, or when the oldest has waited max_wait_ns since its
//    scheduled arrival.
#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

#include "core/Arrivals.hpp"

namespace clscope::core {

struct Request {
  std::uint64_t id = 0;
  std::int64_t scheduled_ns = 0;  ///< scheduled arrival, absolute (steady clock)
  std::uint32_t rows = 0;         ///< request size
};

struct BatchPolicy {
  std::uint32_t max_batch = 8;
  std::int64_t max_wait_ns = 2'000'000;
  std::uint64_t queue_limit = 0;  ///< waiting requests; 0 = unlimited
  std::int64_t timeout_ns = 0;    ///< 0 = never
};

/// Counts since the previous take_counters().
struct SchedulerCounters {
  std::uint64_t arrived = 0;    ///< admitted or dropped
  std::uint64_t dropped = 0;    ///< refused: queue full
  std::uint64_t timed_out = 0;  ///< abandoned while waiting
  std::uint64_t depth_sum = 0;  ///< sum of the depth seen by arrivals
  std::uint64_t depth_samples = 0;
  std::uint64_t depth_max = 0;
};

class BatchScheduler {
 public:
  static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

  /// Arrival offsets are added to `start_ns`.
  BatchScheduler(BatchPolicy policy, ArrivalProcess arrivals, SizeDistribution sizes,
                 std::int64_t start_ns);

  /// Admits every request scheduled at or before `now_ns`, then abandons
  /// waiting requests past their time-out.
  void advance(std::int64_t now_ns);
  /// The next batch if one is due at `now_ns` (or, with `flush`, whatever
  /// waits); empty otherwise. The requests move to "in service".
  std::vector<Request> take_batch(std::int64_t now_ns, bool flush = false);
  /// Marks a batch done at `done_ns`; returns each request's latency,
  /// done_ns - scheduled_ns, in the batch's order.
  std::vector<std::int64_t> complete(const std::vector<Request>& batch, std::int64_t done_ns);
  /// Puts a dispatched batch back at the front of the queue (not served).
  void requeue(const std::vector<Request>& batch);

  /// Earliest time at which advance()/take_batch() can change anything
  /// without a completion: the next arrival, the oldest waiting request's
  /// time-out and, when `can_dispatch` (a server slot is free), its batching
  /// deadline.
  std::int64_t next_event_ns(bool can_dispatch = true) const;
  /// Shifts the schedule (future arrivals and waiting requests) by `delta_ns`:
  /// used after a pause, whose time is charged to no request.
  void shift(std::int64_t delta_ns);

  std::size_t waiting() const { return waiting_.size(); }
  std::uint64_t in_service() const { return in_service_; }
  SchedulerCounters take_counters();
  const BatchPolicy& policy() const { return policy_; }

 private:
  void generate_next();

  BatchPolicy policy_;
  ArrivalProcess arrivals_;
  SizeDistribution sizes_;
  std::int64_t start_ns_;
  Request next_;  // the next request not yet admitted
  std::deque<Request> waiting_;
  std::uint64_t in_service_ = 0;
  std::uint64_t next_id_ = 0;
  SchedulerCounters counters_;
};

}  // namespace clscope::core
