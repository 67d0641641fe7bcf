// Host waits: clFinish and clWaitForEvents publish how long the calling
// thread waited (blocking read/write/map report theirs in their own record).
#include <CL/cl.h>

#include "Capture.hpp"
#include "LayerState.hpp"

namespace clscope::layer {
namespace {

cl_int CL_API_CALL finish(cl_command_queue queue) {
  Capture cap(CLSCOPE_KIND_FINISH, queue, 0);
  if (!cap.active()) return target().clFinish(queue);
  cap.enter();
  const cl_int err = target().clFinish(queue);
  cap.record().host_wait_ns = monotonic_ns() - cap.record().host_enter_ns;
  return cap.finish_host_only(err);
}

cl_int CL_API_CALL wait_for_events(cl_uint n, const cl_event* events) {
  Capture cap(CLSCOPE_KIND_WAIT_EVENTS, nullptr, n);
  if (!cap.active()) return target().clWaitForEvents(n, events);
  cap.enter();
  const cl_int err = target().clWaitForEvents(n, events);
  cap.record().host_wait_ns = monotonic_ns() - cap.record().host_enter_ns;
  return cap.finish_host_only(err);
}

}  // namespace

void install_wait_wrappers(cl_icd_dispatch& d, unsigned entries) {
  CLSCOPE_INSTALL(d, entries, clFinish, finish);
  CLSCOPE_INSTALL(d, entries, clWaitForEvents, wait_for_events);
}

}  // namespace clscope::layer
