// libclscope-layer.so's two exported symbols: the ICD loader layer interface
// (<CL/cl_layer.h>, ocl-icd >= 2.3). Everything else in the library is hidden.
//
// clInitLayer copies at most `num_entries` pointers of the loader's (the
// target's) dispatch table into our own, replaces the entries we wrap and
// returns ours; every entry we do not wrap is the target's own function.
// Without a usable channel (CLSCOPE_LAYER_CHANNEL unset or wrong) the layer
// says so once and every wrapper passes its call straight through.
#include <CL/cl_layer.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <string>

#include "Capture.hpp"
#include "LayerState.hpp"

#define CLSCOPE_LAYER_EXPORT extern "C" __attribute__((visibility("default")))

namespace clscope::layer {
namespace {

LayerState* g_state = nullptr;  // created once in clInitLayer, never destroyed (see LayerState.hpp)

constexpr char kLayerName[] = "clscope-layer (records every command for clscope)";

// The first target entry that the wrappers call besides the one they wrap, if
// the table lacks it (copied entries beyond the loader's count are null).
const char* missing_helper(const cl_icd_dispatch& t) {
  if (!t.clGetCommandQueueInfo) return "clGetCommandQueueInfo";
  if (!t.clGetKernelInfo) return "clGetKernelInfo";
  if (!t.clGetMemObjectInfo) return "clGetMemObjectInfo";
  if (!t.clGetEventInfo) return "clGetEventInfo";
  if (!t.clGetEventProfilingInfo) return "clGetEventProfilingInfo";
  if (!t.clRetainEvent) return "clRetainEvent";
  if (!t.clReleaseEvent) return "clReleaseEvent";
  if (!t.clSetEventCallback) return "clSetEventCallback";
  return nullptr;
}

}  // namespace

LayerState& state() { return *g_state; }
const cl_icd_dispatch& target() { return g_state->target; }

}  // namespace clscope::layer

CLSCOPE_LAYER_EXPORT cl_int CL_API_CALL clGetLayerInfo(cl_layer_info name, size_t size, void* value,
                                                       size_t* size_ret) {
  const void* answer = nullptr;
  size_t bytes = 0;
  static const cl_layer_api_version kVersion = CL_LAYER_API_VERSION_100;
  switch (name) {
    case CL_LAYER_API_VERSION:
      answer = &kVersion;
      bytes = sizeof(kVersion);
      break;
    case CL_LAYER_NAME:
      answer = clscope::layer::kLayerName;
      bytes = sizeof(clscope::layer::kLayerName);
      break;
    default:
      return CL_INVALID_VALUE;
  }
  if (value) {
    if (size < bytes) return CL_INVALID_VALUE;
    std::memcpy(value, answer, bytes);
  }
  if (size_ret) *size_ret = bytes;
  return CL_SUCCESS;
}

CLSCOPE_LAYER_EXPORT cl_int CL_API_CALL clInitLayer(cl_uint num_entries, const cl_icd_dispatch* target_dispatch,
                                                    cl_uint* num_entries_ret,
                                                    const cl_icd_dispatch** layer_dispatch_ret) {
  using namespace clscope::layer;
  constexpr auto kOurEntries = static_cast<cl_uint>(sizeof(cl_icd_dispatch) / sizeof(void*));
  if (!target_dispatch || !num_entries_ret || !layer_dispatch_ret) return CL_INVALID_VALUE;
  if (!g_state) {
    g_state = new (std::nothrow) LayerState;
    if (!g_state) return CL_OUT_OF_HOST_MEMORY;
    init_process_ids();
  }
  LayerState& s = *g_state;
  const cl_uint copied = std::min(num_entries, kOurEntries);
  std::memcpy(static_cast<void*>(&s.target), target_dispatch, copied * sizeof(void*));
  s.dispatch = s.target;

  *num_entries_ret = copied;
  *layer_dispatch_ret = &s.dispatch;
  if (const char* missing = missing_helper(s.target)) {
    // An older loader (or a layer below) without an entry the wrappers rely on:
    // hand back the target's table unchanged rather than call a null pointer.
    s.notes.say_once(Note::kNoChannel, (std::string("the loader's dispatch table has no ") + missing +
                                        ": every call passes through unobserved").c_str());
    return CL_SUCCESS;
  }
  std::string why;
  if (!s.channel.active() && !s.channel.attach(why)) {
    s.notes.say_once(Note::kNoChannel, ("no channel (" + why + "): every call passes through unobserved").c_str());
  }
  // Wrappers check channel.active() themselves; installing them anyway keeps
  // one code path (a pass-through costs one branch).
  install_queue_wrappers(s.dispatch, copied);
  install_enqueue_wrappers(s.dispatch, copied);
  install_wait_wrappers(s.dispatch, copied);
  install_image_svm_wrappers(s.dispatch, copied);
  install_unobserved_wrappers(s.dispatch, copied);
  return CL_SUCCESS;
}
