// Capture of one enqueued command: stamps the host side of the call (thread,
// time inside the driver's entry point, queue, device), makes sure there is an
// event to time, and hands the record to the completion drain
// (CompletionDrain.hpp), which publishes it once the event completed.
//
// Event ownership (no leak, no early release):
//  - the program passed no event: the layer asks for one and the drain
//    releases it after reading its times (events_created / events_released);
//  - the program passed one: the layer retains it before setting the callback
//    and the drain releases it (events_retained / events_released), so the
//    program may release its own reference at once.
// If the callback cannot be set, the layer releases at once and counts the
// record dropped. A failed call is published at once with its error.
//
// Thread-safety: a Capture belongs to the calling thread; the completion
// callback runs on a driver thread and touches only its own heap record and
// the drain's lock-free stack.
#pragma once

#include <CL/cl.h>

#include <cstdint>

#include "../LayerRecord.h"

namespace clscope::layer {

uint64_t monotonic_ns();
// The calling thread's id (gettid), cached per thread and refreshed after fork().
uint32_t current_tid();
// Once, from clInitLayer: caches the pid and keeps it right across fork().
void init_process_ids();

class Capture {
 public:
  // Inactive (every call passes through untouched) when the layer has no channel.
  Capture(clscope_layer_kind kind, cl_command_queue queue, cl_uint wait_list_len);

  bool active() const { return active_; }
  clscope_layer_record& record() { return record_; }

  // The event pointer to give the driver: the program's, or the layer's own.
  cl_event* event_slot(cl_event* program_event);
  // Right before calling the driver.
  void enter() { record_.host_enter_ns = monotonic_ns(); }
  // Right after the driver returned `result`; takes care of the event. Returns `result`.
  cl_int finish(cl_int result, cl_event* program_event);
  // A call with no event to time (clEnqueueBarrier, clFinish, ...): publish the host side now.
  cl_int finish_host_only(cl_int result);

 private:
  clscope_layer_record record_{};
  cl_event own_event_ = nullptr;
  bool active_ = false;
};

// Name of the kernel's function into the record (truncated, flag set, when
// longer); the calling thread's last kernel is remembered until a release.
void fill_kernel_name(cl_kernel kernel, clscope_layer_record& record);
// Before the program releases a queue or a kernel: every thread forgets the
// handles it remembered (the driver may hand the address out again).
void note_handle_release();
// After a successful unmap of `mapped`: its bytes, map flags and direction, when the map was seen.
void describe_unmapped(clscope_layer_record& record, const void* mapped);
// CLSCOPE_FLAG_PINNED when the buffer was made with ALLOC_HOST_PTR or USE_HOST_PTR.
uint16_t pinned_flag(cl_mem buffer);

}  // namespace clscope::layer
