// Queues: profiling forced on at creation, hidden again from the program.
// The program sees the properties, the profiling answers and the error codes
// it would have seen without the layer.
#include <CL/cl.h>

#include <cstring>
#include <vector>

#include "Capture.hpp"
#include "LayerState.hpp"

namespace clscope::layer {
namespace {

constexpr const char* kRefusedText =
    "the driver refused CL_QUEUE_PROFILING_ENABLE on a queue: it was created exactly as the program "
    "asked and its commands carry no device times";

void note_refused() {
  LayerState& s = state();
  count(s.channel.header().queues_refused);
  s.notes.say_once(Note::kProfilingRefused, kRefusedText);
}

cl_command_queue CL_API_CALL create_queue(cl_context context, cl_device_id device,
                                          cl_command_queue_properties properties, cl_int* errcode) {
  LayerState& s = state();
  if (!s.channel.active() || (properties & CL_QUEUE_PROFILING_ENABLE)) {
    return target().clCreateCommandQueue(context, device, properties, errcode);
  }
  cl_int err = CL_SUCCESS;
  cl_command_queue queue =
      target().clCreateCommandQueue(context, device, properties | CL_QUEUE_PROFILING_ENABLE, &err);
  if (queue) {
    s.queues.add(queue, QueueEntry{properties, true, std::nullopt});
    count(s.channel.header().queues_forced);
    if (errcode) *errcode = err;
    return queue;
  }
  // The program's exact call: its result and error code are what it gets.
  queue = target().clCreateCommandQueue(context, device, properties, errcode);
  if (queue) note_refused();
  return queue;
}

cl_command_queue CL_API_CALL create_queue_with_properties(cl_context context, cl_device_id device,
                                                          const cl_queue_properties* properties,
                                                          cl_int* errcode) {
  LayerState& s = state();
  if (!s.channel.active()) return target().clCreateCommandQueueWithProperties(context, device, properties, errcode);
  std::vector<cl_queue_properties> asked;
  std::vector<cl_queue_properties> forced;
  cl_command_queue_properties asked_bits = 0;
  bool has_bits = false;
  if (properties) {
    for (const cl_queue_properties* p = properties; *p != 0; p += 2) {
      asked.push_back(p[0]);
      asked.push_back(p[1]);
      forced.push_back(p[0]);
      if (p[0] == CL_QUEUE_PROPERTIES) {
        has_bits = true;
        asked_bits = static_cast<cl_command_queue_properties>(p[1]);
        forced.push_back(p[1] | CL_QUEUE_PROFILING_ENABLE);
      } else {
        forced.push_back(p[1]);
      }
    }
    asked.push_back(0);
  }
  if (asked_bits & CL_QUEUE_PROFILING_ENABLE) {
    return target().clCreateCommandQueueWithProperties(context, device, properties, errcode);
  }
  if (!has_bits) {
    forced.push_back(CL_QUEUE_PROPERTIES);
    forced.push_back(CL_QUEUE_PROFILING_ENABLE);
  }
  forced.push_back(0);
  cl_int err = CL_SUCCESS;
  cl_command_queue queue = target().clCreateCommandQueueWithProperties(context, device, forced.data(), &err);
  if (queue) {
    QueueEntry entry{asked_bits, true, std::nullopt};
    if (properties) entry.asked_array = std::move(asked);
    else entry.asked_array.emplace();  // the program passed NULL: the array is empty
    s.queues.add(queue, std::move(entry));
    count(s.channel.header().queues_forced);
    if (errcode) *errcode = err;
    return queue;
  }
  queue = target().clCreateCommandQueueWithProperties(context, device, properties, errcode);
  if (queue) note_refused();
  return queue;
}

// Copies `bytes` of `value` the way every clGet*Info does.
cl_int answer(const void* value, size_t bytes, size_t size, void* out, size_t* size_ret) {
  if (out) {
    if (size < bytes) return CL_INVALID_VALUE;
    if (bytes) std::memcpy(out, value, bytes);
  }
  if (size_ret) *size_ret = bytes;
  return CL_SUCCESS;
}

cl_int CL_API_CALL get_queue_info(cl_command_queue queue, cl_command_queue_info name, size_t size, void* value,
                                  size_t* size_ret) {
  if (name != CL_QUEUE_PROPERTIES && name != CL_QUEUE_PROPERTIES_ARRAY) {
    return target().clGetCommandQueueInfo(queue, name, size, value, size_ret);
  }
  const auto entry = state().queues.forced(queue);
  if (!entry) return target().clGetCommandQueueInfo(queue, name, size, value, size_ret);
  if (name == CL_QUEUE_PROPERTIES) {
    cl_command_queue_properties props = 0;
    const cl_int err = target().clGetCommandQueueInfo(queue, name, sizeof(props), &props, nullptr);
    if (err != CL_SUCCESS) return target().clGetCommandQueueInfo(queue, name, size, value, size_ret);
    props &= ~static_cast<cl_command_queue_properties>(CL_QUEUE_PROFILING_ENABLE);
    return answer(&props, sizeof(props), size, value, size_ret);
  }
  if (!entry->asked_array) {
    // Made by clCreateCommandQueue: the driver's answer (no array) is the program's.
    return target().clGetCommandQueueInfo(queue, name, size, value, size_ret);
  }
  const auto& array = *entry->asked_array;
  return answer(array.data(), array.size() * sizeof(cl_queue_properties), size, value, size_ret);
}

cl_int CL_API_CALL release_queue(cl_command_queue queue) {
  LayerState& s = state();
  cl_uint refs = 0;
  const bool known = target().clGetCommandQueueInfo(queue, CL_QUEUE_REFERENCE_COUNT, sizeof(refs), &refs,
                                                    nullptr) == CL_SUCCESS;
  note_handle_release();
  const cl_int err = target().clReleaseCommandQueue(queue);
  if (err == CL_SUCCESS && known && refs == 1) s.queues.remove(queue);
  return err;
}

cl_int CL_API_CALL release_kernel(cl_kernel kernel) {
  note_handle_release();
  return target().clReleaseKernel(kernel);
}

// A program that did not ask for profiling must keep getting "not available".
cl_int CL_API_CALL get_event_profiling_info(cl_event event, cl_profiling_info name, size_t size, void* value,
                                            size_t* size_ret) {
  cl_command_queue queue = nullptr;
  if (target().clGetEventInfo(event, CL_EVENT_COMMAND_QUEUE, sizeof(queue), &queue, nullptr) == CL_SUCCESS &&
      queue && state().queues.forced(queue)) {
    return CL_PROFILING_INFO_NOT_AVAILABLE;
  }
  return target().clGetEventProfilingInfo(event, name, size, value, size_ret);
}

}  // namespace

void install_queue_wrappers(cl_icd_dispatch& d, unsigned entries) {
  CLSCOPE_INSTALL(d, entries, clCreateCommandQueue, create_queue);
  CLSCOPE_INSTALL(d, entries, clCreateCommandQueueWithProperties, create_queue_with_properties);
  CLSCOPE_INSTALL(d, entries, clGetCommandQueueInfo, get_queue_info);
  CLSCOPE_INSTALL(d, entries, clReleaseCommandQueue, release_queue);
  CLSCOPE_INSTALL(d, entries, clReleaseKernel, release_kernel);
  CLSCOPE_INSTALL(d, entries, clGetEventProfilingInfo, get_event_profiling_info);
}

}  // namespace clscope::layer
