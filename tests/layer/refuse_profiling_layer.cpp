// A test-only loader layer that plays a driver refusing profiling: queue
// creation with CL_QUEUE_PROFILING_ENABLE fails with CL_INVALID_QUEUE_PROPERTIES,
// everything else passes through. Placed between libclscope-layer.so and the
// driver, it exercises the layer's "retry the program's exact call" path.
#include <CL/cl_layer.h>

#include <cstring>

namespace {

cl_icd_dispatch g_target{};
cl_icd_dispatch g_dispatch{};

cl_command_queue CL_API_CALL create_queue(cl_context c, cl_device_id d, cl_command_queue_properties p, cl_int* err) {
  if (p & CL_QUEUE_PROFILING_ENABLE) {
    if (err) *err = CL_INVALID_QUEUE_PROPERTIES;
    return nullptr;
  }
  return g_target.clCreateCommandQueue(c, d, p, err);
}

cl_command_queue CL_API_CALL create_queue_with_properties(cl_context c, cl_device_id d, const cl_queue_properties* p,
                                                          cl_int* err) {
  for (const cl_queue_properties* q = p; q && *q; q += 2) {
    if (q[0] == CL_QUEUE_PROPERTIES && (q[1] & CL_QUEUE_PROFILING_ENABLE)) {
      if (err) *err = CL_INVALID_QUEUE_PROPERTIES;
      return nullptr;
    }
  }
  return g_target.clCreateCommandQueueWithProperties(c, d, p, err);
}

}  // namespace

extern "C" __attribute__((visibility("default"))) cl_int CL_API_CALL clGetLayerInfo(cl_layer_info name, size_t size,
                                                                                      void* value, size_t* size_ret) {
  if (name != CL_LAYER_API_VERSION) return CL_INVALID_VALUE;
  const cl_layer_api_version version = CL_LAYER_API_VERSION_100;
  if (value) {
    if (size < sizeof(version)) return CL_INVALID_VALUE;
    std::memcpy(value, &version, sizeof(version));
  }
  if (size_ret) *size_ret = sizeof(version);
  return CL_SUCCESS;
}

extern "C" __attribute__((visibility("default"))) cl_int CL_API_CALL clInitLayer(
    cl_uint num_entries, const cl_icd_dispatch* target, cl_uint* num_entries_ret,
    const cl_icd_dispatch** layer_dispatch_ret) {
  const cl_uint n = num_entries < sizeof(cl_icd_dispatch) / sizeof(void*)
                        ? num_entries
                        : static_cast<cl_uint>(sizeof(cl_icd_dispatch) / sizeof(void*));
  std::memcpy(static_cast<void*>(&g_target), target, n * sizeof(void*));
  g_dispatch = g_target;
  g_dispatch.clCreateCommandQueue = create_queue;
  g_dispatch.clCreateCommandQueueWithProperties = create_queue_with_properties;
  *num_entries_ret = n;
  *layer_dispatch_ret = &g_dispatch;
  return CL_SUCCESS;
}
