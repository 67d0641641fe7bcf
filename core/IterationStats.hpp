#pragma once
// One timed launch (a kernel or a transfer command) as measured by a workload
// thread. Plain data; produced on workload threads, consumed by core::Session.
#include <cstdint>
#include <optional>

#include "core/RequestStats.hpp"

namespace clscope::core {

struct IterationStats {
  // Device profiling timestamps (CL_PROFILING_COMMAND_*), ns on the device's
  // clock. All four are 0 when the command carries no profiling info.
  std::uint64_t queued_ns = 0;
  std::uint64_t submit_ns = 0;
  std::uint64_t start_ns = 0;
  std::uint64_t end_ns = 0;

  // Host steady-clock timestamps (core::now_ns()).
  std::int64_t enqueue_begin_ns = 0;  ///< just before the enqueue call
  std::int64_t enqueue_end_ns = 0;    ///< just after the enqueue call returned
  std::int64_t complete_ns = 0;       ///< when the host saw the command complete

  // Submitting-thread accounting attributed to this launch.
  std::int64_t api_wall_ns = 0;   ///< wall time inside OpenCL calls (enqueue, flush, wait)
  std::int64_t api_cpu_ns = 0;    ///< thread CPU time inside OpenCL calls
  std::int64_t wait_wall_ns = 0;  ///< part of api_wall_ns spent blocked waiting for completion
  std::int64_t host_work_ns = 0;  ///< busy host work done before this launch (host_work_us)
  std::int64_t sleep_ns = 0;      ///< idle gap before this launch (host_sleep_us)
  std::uint32_t api_calls = 0;    ///< OpenCL calls made for this launch

  double bytes = 0;  ///< bytes moved by this launch (see each workload's accounting)
  double ops = 0;    ///< arithmetic operations done (FMA counts as 2)
  bool transfer = false;  ///< a host<->device copy rather than a kernel
  std::uint32_t requests = 0;  ///< requests completed (request workloads)
  /// Request workloads: latencies of the requests this item completed and the
  /// admission counters since the workload's previous item. Set on every item
  /// of a request workload (empty sample on commands that complete nothing).
  std::optional<RequestSample> request;

  /// Device execution time END-START (0 if unknown).
  std::int64_t device_ns() const {
    return end_ns > start_ns ? static_cast<std::int64_t>(end_ns - start_ns) : 0;
  }
  /// Dispatch latency START-QUEUED (0 if unknown).
  std::int64_t dispatch_ns() const {
    return start_ns > queued_ns && queued_ns != 0 ? static_cast<std::int64_t>(start_ns - queued_ns)
                                                  : 0;
  }
  /// Host round trip: enqueue call to observed completion.
  std::int64_t round_trip_ns() const { return complete_ns - enqueue_begin_ns; }
};

}  // namespace clscope::core
