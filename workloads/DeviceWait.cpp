#include "workloads/DeviceWait.hpp"

#include "core/Time.hpp"

namespace clscope::workloads {
namespace {
thread_local WaitClock* t_clock = nullptr;
}

void set_thread_wait_clock(WaitClock* clock) { t_clock = clock; }

DeviceWaitScope::DeviceWaitScope() {
  if (t_clock && t_clock->since_ns.load() == 0) {
    t_clock->since_ns = core::now_ns();
    outer_ = true;
  }
}

DeviceWaitScope::~DeviceWaitScope() {
  if (outer_ && t_clock) t_clock->since_ns = 0;
}

cl_int wait_event(const cl::Event& event) {
  DeviceWaitScope scope;
  return event.wait();
}

cl_int finish_queue(const cl::CommandQueue& queue) {
  DeviceWaitScope scope;
  return queue.finish();
}

}  // namespace clscope::workloads
