#pragma once
// The launch watchdog's view of a workload thread: when it started waiting
// for the device (an event, a finish), so a launch that never completes can
// be noticed from another thread and the workload failed with the reason,
// while the other workloads go on. A waiting thread cannot be interrupted in
// OpenCL; the runner abandons it instead (see Runner::check_timeout).
#include <atomic>
#include <cstdint>

#include "workloads/OpenCL.hpp"

namespace clscope::workloads {

struct WaitClock {
  std::atomic<std::int64_t> since_ns{0};  ///< 0 = not waiting on the device
};

/// Makes `clock` the calling thread's wait clock (nullptr: none).
void set_thread_wait_clock(WaitClock* clock);

/// Marks the calling thread as waiting on the device for its lifetime
/// (nested scopes keep the outer start).
class DeviceWaitScope {
 public:
  DeviceWaitScope();
  ~DeviceWaitScope();
  DeviceWaitScope(const DeviceWaitScope&) = delete;
  DeviceWaitScope& operator=(const DeviceWaitScope&) = delete;

 private:
  bool outer_ = false;
};

/// event.wait() and queue.finish() under a DeviceWaitScope; return the
/// OpenCL status like the calls they wrap.
cl_int wait_event(const cl::Event& event);
cl_int finish_queue(const cl::CommandQueue& queue);

}  // namespace clscope::workloads
