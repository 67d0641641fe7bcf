// Wrappers of the enqueue calls the layer observes. Each one forwards the
// program's exact arguments (the event pointer aside, when the program passed
// none) and returns exactly what the driver returned.
#include <CL/cl.h>

#include "Capture.hpp"
#include "LayerState.hpp"

namespace clscope::layer {
namespace {

uint64_t region_bytes(const size_t* region) {
  return region ? static_cast<uint64_t>(region[0]) * region[1] * region[2] : 0;
}

cl_int CL_API_CALL nd_range(cl_command_queue queue, cl_kernel kernel, cl_uint work_dim, const size_t* offset,
                            const size_t* global, const size_t* local, cl_uint n, const cl_event* wait,
                            cl_event* event) {
  Capture cap(CLSCOPE_KIND_KERNEL, queue, n);
  if (!cap.active()) return target().clEnqueueNDRangeKernel(queue, kernel, work_dim, offset, global, local, n, wait, event);
  auto& r = cap.record();
  fill_kernel_name(kernel, r);
  r.work_dim = work_dim;
  for (cl_uint d = 0; d < 3; ++d) {
    const bool used = d < work_dim;
    r.global_size[d] = used && global ? global[d] : 1;
    r.local_size[d] = used && local ? local[d] : 0;
  }
  if (local) r.flags |= CLSCOPE_FLAG_LOCAL_SIZE;
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  const cl_int err = target().clEnqueueNDRangeKernel(queue, kernel, work_dim, offset, global, local, n, wait, slot);
  return cap.finish(err, event);
}

cl_int CL_API_CALL task(cl_command_queue queue, cl_kernel kernel, cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_KERNEL, queue, n);
  if (!cap.active()) return target().clEnqueueTask(queue, kernel, n, wait, event);
  auto& r = cap.record();
  fill_kernel_name(kernel, r);
  r.work_dim = 1;
  r.global_size[0] = r.global_size[1] = r.global_size[2] = 1;
  r.local_size[0] = r.local_size[1] = r.local_size[2] = 1;
  r.flags |= CLSCOPE_FLAG_LOCAL_SIZE;
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  return cap.finish(target().clEnqueueTask(queue, kernel, n, wait, slot), event);
}

// Read/write of `bytes` between `buffer` and the host pointer `host`.
void describe_transfer(Capture& cap, cl_mem buffer, const void* host, uint64_t bytes, cl_bool blocking,
                       clscope_layer_direction direction) {
  auto& r = cap.record();
  r.bytes = bytes;
  r.direction = direction;
  r.flags |= pinned_flag(buffer);
  if (state().maps.contains(host, bytes)) r.flags |= CLSCOPE_FLAG_HOST_MAPPED;
  if (blocking) r.flags |= CLSCOPE_FLAG_BLOCKING;
}

cl_int CL_API_CALL read_buffer(cl_command_queue queue, cl_mem buffer, cl_bool blocking, size_t offset, size_t size,
                               void* ptr, cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_READ, queue, n);
  if (!cap.active()) return target().clEnqueueReadBuffer(queue, buffer, blocking, offset, size, ptr, n, wait, event);
  describe_transfer(cap, buffer, ptr, size, blocking, CLSCOPE_DIR_DEVICE_TO_HOST);
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  return cap.finish(target().clEnqueueReadBuffer(queue, buffer, blocking, offset, size, ptr, n, wait, slot), event);
}

cl_int CL_API_CALL write_buffer(cl_command_queue queue, cl_mem buffer, cl_bool blocking, size_t offset, size_t size,
                                const void* ptr, cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_WRITE, queue, n);
  if (!cap.active()) return target().clEnqueueWriteBuffer(queue, buffer, blocking, offset, size, ptr, n, wait, event);
  describe_transfer(cap, buffer, ptr, size, blocking, CLSCOPE_DIR_HOST_TO_DEVICE);
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  return cap.finish(target().clEnqueueWriteBuffer(queue, buffer, blocking, offset, size, ptr, n, wait, slot), event);
}

cl_int CL_API_CALL read_buffer_rect(cl_command_queue queue, cl_mem buffer, cl_bool blocking, const size_t* buffer_origin,
                                    const size_t* host_origin, const size_t* region, size_t buffer_row_pitch,
                                    size_t buffer_slice_pitch, size_t host_row_pitch, size_t host_slice_pitch,
                                    void* ptr, cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_READ, queue, n);
  if (!cap.active()) {
    return target().clEnqueueReadBufferRect(queue, buffer, blocking, buffer_origin, host_origin, region,
                                            buffer_row_pitch, buffer_slice_pitch, host_row_pitch,
                                            host_slice_pitch, ptr, n, wait, event);
  }
  describe_transfer(cap, buffer, ptr, region_bytes(region), blocking, CLSCOPE_DIR_DEVICE_TO_HOST);
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  return cap.finish(target().clEnqueueReadBufferRect(queue, buffer, blocking, buffer_origin, host_origin, region,
                                                     buffer_row_pitch, buffer_slice_pitch, host_row_pitch,
                                                     host_slice_pitch, ptr, n, wait, slot),
                    event);
}

cl_int CL_API_CALL write_buffer_rect(cl_command_queue queue, cl_mem buffer, cl_bool blocking,
                                     const size_t* buffer_origin, const size_t* host_origin, const size_t* region,
                                     size_t buffer_row_pitch, size_t buffer_slice_pitch, size_t host_row_pitch,
                                     size_t host_slice_pitch, const void* ptr, cl_uint n, const cl_event* wait,
                                     cl_event* event) {
  Capture cap(CLSCOPE_KIND_WRITE, queue, n);
  if (!cap.active()) {
    return target().clEnqueueWriteBufferRect(queue, buffer, blocking, buffer_origin, host_origin, region,
                                             buffer_row_pitch, buffer_slice_pitch, host_row_pitch,
                                             host_slice_pitch, ptr, n, wait, event);
  }
  describe_transfer(cap, buffer, ptr, region_bytes(region), blocking, CLSCOPE_DIR_HOST_TO_DEVICE);
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  return cap.finish(target().clEnqueueWriteBufferRect(queue, buffer, blocking, buffer_origin, host_origin, region,
                                                      buffer_row_pitch, buffer_slice_pitch, host_row_pitch,
                                                      host_slice_pitch, ptr, n, wait, slot),
                    event);
}

cl_int CL_API_CALL copy_buffer(cl_command_queue queue, cl_mem src, cl_mem dst, size_t src_offset, size_t dst_offset,
                               size_t size, cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_COPY, queue, n);
  if (!cap.active()) return target().clEnqueueCopyBuffer(queue, src, dst, src_offset, dst_offset, size, n, wait, event);
  cap.record().bytes = size;
  cap.record().direction = CLSCOPE_DIR_DEVICE_TO_DEVICE;
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  return cap.finish(target().clEnqueueCopyBuffer(queue, src, dst, src_offset, dst_offset, size, n, wait, slot), event);
}

cl_int CL_API_CALL copy_buffer_rect(cl_command_queue queue, cl_mem src, cl_mem dst, const size_t* src_origin,
                                    const size_t* dst_origin, const size_t* region, size_t src_row_pitch,
                                    size_t src_slice_pitch, size_t dst_row_pitch, size_t dst_slice_pitch, cl_uint n,
                                    const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_COPY, queue, n);
  if (!cap.active()) {
    return target().clEnqueueCopyBufferRect(queue, src, dst, src_origin, dst_origin, region, src_row_pitch,
                                            src_slice_pitch, dst_row_pitch, dst_slice_pitch, n, wait, event);
  }
  cap.record().bytes = region_bytes(region);
  cap.record().direction = CLSCOPE_DIR_DEVICE_TO_DEVICE;
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  return cap.finish(target().clEnqueueCopyBufferRect(queue, src, dst, src_origin, dst_origin, region, src_row_pitch,
                                                     src_slice_pitch, dst_row_pitch, dst_slice_pitch, n, wait, slot),
                    event);
}

cl_int CL_API_CALL fill_buffer(cl_command_queue queue, cl_mem buffer, const void* pattern, size_t pattern_size,
                               size_t offset, size_t size, cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_FILL, queue, n);
  if (!cap.active()) {
    return target().clEnqueueFillBuffer(queue, buffer, pattern, pattern_size, offset, size, n, wait, event);
  }
  cap.record().bytes = size;
  cap.record().flags |= pinned_flag(buffer);
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  return cap.finish(target().clEnqueueFillBuffer(queue, buffer, pattern, pattern_size, offset, size, n, wait, slot),
                    event);
}

void* CL_API_CALL map_buffer(cl_command_queue queue, cl_mem buffer, cl_bool blocking, cl_map_flags map_flags,
                             size_t offset, size_t size, cl_uint n, const cl_event* wait, cl_event* event,
                             cl_int* errcode) {
  Capture cap(CLSCOPE_KIND_MAP, queue, n);
  if (!cap.active()) {
    return target().clEnqueueMapBuffer(queue, buffer, blocking, map_flags, offset, size, n, wait, event, errcode);
  }
  auto& r = cap.record();
  r.bytes = size;
  r.map_flags = map_flags;
  // Mapping for reading brings device data to the host; a write-only map moves nothing yet.
  r.direction = (map_flags & CL_MAP_READ) ? CLSCOPE_DIR_DEVICE_TO_HOST : CLSCOPE_DIR_NONE;
  r.flags |= pinned_flag(buffer);
  if (blocking) r.flags |= CLSCOPE_FLAG_BLOCKING;
  cl_int err = CL_SUCCESS;
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  void* host = target().clEnqueueMapBuffer(queue, buffer, blocking, map_flags, offset, size, n, wait, slot, &err);
  if (errcode) *errcode = err;
  if (err == CL_SUCCESS && host) state().maps.mapped(host, Region{size, map_flags});
  cap.finish(err, event);
  return host;
}

cl_int CL_API_CALL unmap(cl_command_queue queue, cl_mem memobj, void* mapped, cl_uint n, const cl_event* wait,
                         cl_event* event) {
  Capture cap(CLSCOPE_KIND_UNMAP, queue, n);
  if (!cap.active()) return target().clEnqueueUnmapMemObject(queue, memobj, mapped, n, wait, event);
  auto& r = cap.record();
  r.flags |= pinned_flag(memobj);
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  const cl_int err = target().clEnqueueUnmapMemObject(queue, memobj, mapped, n, wait, slot);
  if (err == CL_SUCCESS) describe_unmapped(r, mapped);
  return cap.finish(err, event);
}

cl_int CL_API_CALL marker_with_wait_list(cl_command_queue queue, cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_MARKER, queue, n);
  if (!cap.active()) return target().clEnqueueMarkerWithWaitList(queue, n, wait, event);
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  return cap.finish(target().clEnqueueMarkerWithWaitList(queue, n, wait, slot), event);
}

cl_int CL_API_CALL barrier_with_wait_list(cl_command_queue queue, cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_BARRIER, queue, n);
  if (!cap.active()) return target().clEnqueueBarrierWithWaitList(queue, n, wait, event);
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  return cap.finish(target().clEnqueueBarrierWithWaitList(queue, n, wait, slot), event);
}

// OpenCL 1.0 marker: the event is the program's and mandatory.
cl_int CL_API_CALL marker(cl_command_queue queue, cl_event* event) {
  Capture cap(CLSCOPE_KIND_MARKER, queue, 0);
  if (!cap.active() || !event) return target().clEnqueueMarker(queue, event);
  cap.event_slot(event);
  cap.enter();
  return cap.finish(target().clEnqueueMarker(queue, event), event);
}

// OpenCL 1.0 barrier: no event exists, so only the host side is recorded.
cl_int CL_API_CALL barrier(cl_command_queue queue) {
  Capture cap(CLSCOPE_KIND_BARRIER, queue, 0);
  if (!cap.active()) return target().clEnqueueBarrier(queue);
  cap.enter();
  return cap.finish_host_only(target().clEnqueueBarrier(queue));
}

cl_int CL_API_CALL enqueue_wait_for_events(cl_command_queue queue, cl_uint n, const cl_event* wait) {
  Capture cap(CLSCOPE_KIND_BARRIER, queue, n);
  if (!cap.active()) return target().clEnqueueWaitForEvents(queue, n, wait);
  cap.enter();
  return cap.finish_host_only(target().clEnqueueWaitForEvents(queue, n, wait));
}

}  // namespace

void install_enqueue_wrappers(cl_icd_dispatch& d, unsigned entries) {
  CLSCOPE_INSTALL(d, entries, clEnqueueNDRangeKernel, nd_range);
  CLSCOPE_INSTALL(d, entries, clEnqueueTask, task);
  CLSCOPE_INSTALL(d, entries, clEnqueueReadBuffer, read_buffer);
  CLSCOPE_INSTALL(d, entries, clEnqueueWriteBuffer, write_buffer);
  CLSCOPE_INSTALL(d, entries, clEnqueueReadBufferRect, read_buffer_rect);
  CLSCOPE_INSTALL(d, entries, clEnqueueWriteBufferRect, write_buffer_rect);
  CLSCOPE_INSTALL(d, entries, clEnqueueCopyBuffer, copy_buffer);
  CLSCOPE_INSTALL(d, entries, clEnqueueCopyBufferRect, copy_buffer_rect);
  CLSCOPE_INSTALL(d, entries, clEnqueueFillBuffer, fill_buffer);
  CLSCOPE_INSTALL(d, entries, clEnqueueMapBuffer, map_buffer);
  CLSCOPE_INSTALL(d, entries, clEnqueueUnmapMemObject, unmap);
  CLSCOPE_INSTALL(d, entries, clEnqueueMarkerWithWaitList, marker_with_wait_list);
  CLSCOPE_INSTALL(d, entries, clEnqueueBarrierWithWaitList, barrier_with_wait_list);
  CLSCOPE_INSTALL(d, entries, clEnqueueMarker, marker);
  CLSCOPE_INSTALL(d, entries, clEnqueueBarrier, barrier);
  CLSCOPE_INSTALL(d, entries, clEnqueueWaitForEvents, enqueue_wait_for_events);
}

}  // namespace clscope::layer
