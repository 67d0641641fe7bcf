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
  cap.record().flags |= CLSCOPE_FLAG_BLOCKING;
  cap.enter();
  return cap.finish_host_only(target().clFinish(queue));
}

cl_int CL_API_CALL wait_for_events(cl_uint n, const cl_event* events) {
  Capture cap(CLSCOPE_KIND_WAIT_EVENTS, nullptr, n);
  if (!cap.active()) return target().clWaitForEvents(n, events);
  cap.record().flags |= CLSCOPE_FLAG_BLOCKING;
  cap.enter();
  return cap.finish_host_only(target().clWaitForEvents(n, events));
}

}  // namespace

void install_wait_wrappers(cl_icd_dispatch& d, unsigned entries) {
  CLSCOPE_INSTALL(d, entries, clFinish, finish);
  CLSCOPE_INSTALL(d, entries, clWaitForEvents, wait_for_events);
}

}  // namespace clscope::layer
