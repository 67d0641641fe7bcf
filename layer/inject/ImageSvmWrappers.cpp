// Wrappers of the image, SVM, migration and native-kernel commands. They
// become records of the same kinds as their buffer counterparts (read, write,
// copy, fill, map, unmap, kernel), flagged CLSCOPE_FLAG_IMAGE or
// CLSCOPE_FLAG_SVM, so the program's transfers are counted whatever memory
// objects it uses. Like every wrapper, each forwards the program's exact
// arguments (the event pointer aside, when the program passed none) and
// returns exactly what the driver returned.
//
// Bytes: an image region is region[0] x region[1] x region[2] x the image's
// element size (CL_IMAGE_ELEMENT_SIZE; 0 when the driver does not say); a
// migration counts the objects' CL_MEM_SIZE, or 0 bytes when the program
// said their content is undefined (nothing moves). An SVM memcpy's direction
// comes from which side lies in an allocation made by clSVMAlloc.
#include <CL/cl.h>

#include <cstring>

#include "Capture.hpp"
#include "LayerState.hpp"

namespace clscope::layer {
namespace {

uint64_t image_bytes(cl_mem image, const size_t* region) {
  size_t element = 0;
  if (!region || target().clGetImageInfo(image, CL_IMAGE_ELEMENT_SIZE, sizeof(element), &element, nullptr) !=
                     CL_SUCCESS) {
    return 0;
  }
  return static_cast<uint64_t>(region[0]) * region[1] * region[2] * element;
}

// The record's event slot, the driver call, then the event's care: the tail every wrapper shares.
template <typename Call>
cl_int observe(Capture& cap, cl_event* event, Call&& call) {
  cl_event* slot = cap.event_slot(event);
  cap.enter();
  return cap.finish(call(slot), event);
}

void describe(Capture& cap, uint64_t bytes, clscope_layer_direction direction, uint16_t flags, cl_bool blocking) {
  auto& r = cap.record();
  r.bytes = bytes;
  r.direction = direction;
  r.flags |= flags;
  if (blocking) r.flags |= CLSCOPE_FLAG_BLOCKING;
}

cl_int CL_API_CALL read_image(cl_command_queue q, cl_mem image, cl_bool blocking, const size_t* origin,
                              const size_t* region, size_t row_pitch, size_t slice_pitch, void* ptr, cl_uint n,
                              const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_READ, q, n);
  if (!cap.active()) {
    return target().clEnqueueReadImage(q, image, blocking, origin, region, row_pitch, slice_pitch, ptr, n, wait,
                                       event);
  }
  const uint64_t bytes = image_bytes(image, region);
  describe(cap, bytes, CLSCOPE_DIR_DEVICE_TO_HOST, CLSCOPE_FLAG_IMAGE, blocking);
  if (state().maps.contains(ptr, bytes)) cap.record().flags |= CLSCOPE_FLAG_HOST_MAPPED;
  return observe(cap, event, [&](cl_event* slot) {
    return target().clEnqueueReadImage(q, image, blocking, origin, region, row_pitch, slice_pitch, ptr, n, wait,
                                       slot);
  });
}

cl_int CL_API_CALL write_image(cl_command_queue q, cl_mem image, cl_bool blocking, const size_t* origin,
                               const size_t* region, size_t row_pitch, size_t slice_pitch, const void* ptr,
                               cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_WRITE, q, n);
  if (!cap.active()) {
    return target().clEnqueueWriteImage(q, image, blocking, origin, region, row_pitch, slice_pitch, ptr, n, wait,
                                        event);
  }
  const uint64_t bytes = image_bytes(image, region);
  describe(cap, bytes, CLSCOPE_DIR_HOST_TO_DEVICE, CLSCOPE_FLAG_IMAGE, blocking);
  if (state().maps.contains(ptr, bytes)) cap.record().flags |= CLSCOPE_FLAG_HOST_MAPPED;
  return observe(cap, event, [&](cl_event* slot) {
    return target().clEnqueueWriteImage(q, image, blocking, origin, region, row_pitch, slice_pitch, ptr, n, wait,
                                        slot);
  });
}

cl_int CL_API_CALL copy_image(cl_command_queue q, cl_mem src, cl_mem dst, const size_t* src_origin,
                              const size_t* dst_origin, const size_t* region, cl_uint n, const cl_event* wait,
                              cl_event* event) {
  Capture cap(CLSCOPE_KIND_COPY, q, n);
  if (!cap.active()) return target().clEnqueueCopyImage(q, src, dst, src_origin, dst_origin, region, n, wait, event);
  describe(cap, image_bytes(src, region), CLSCOPE_DIR_DEVICE_TO_DEVICE, CLSCOPE_FLAG_IMAGE, CL_FALSE);
  return observe(cap, event, [&](cl_event* slot) {
    return target().clEnqueueCopyImage(q, src, dst, src_origin, dst_origin, region, n, wait, slot);
  });
}

cl_int CL_API_CALL fill_image(cl_command_queue q, cl_mem image, const void* color, const size_t* origin,
                              const size_t* region, cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_FILL, q, n);
  if (!cap.active()) return target().clEnqueueFillImage(q, image, color, origin, region, n, wait, event);
  describe(cap, image_bytes(image, region), CLSCOPE_DIR_NONE, CLSCOPE_FLAG_IMAGE, CL_FALSE);
  return observe(cap, event, [&](cl_event* slot) {
    return target().clEnqueueFillImage(q, image, color, origin, region, n, wait, slot);
  });
}

cl_int CL_API_CALL copy_image_to_buffer(cl_command_queue q, cl_mem src, cl_mem dst, const size_t* origin,
                                        const size_t* region, size_t dst_offset, cl_uint n, const cl_event* wait,
                                        cl_event* event) {
  Capture cap(CLSCOPE_KIND_COPY, q, n);
  if (!cap.active()) {
    return target().clEnqueueCopyImageToBuffer(q, src, dst, origin, region, dst_offset, n, wait, event);
  }
  describe(cap, image_bytes(src, region), CLSCOPE_DIR_DEVICE_TO_DEVICE, CLSCOPE_FLAG_IMAGE, CL_FALSE);
  return observe(cap, event, [&](cl_event* slot) {
    return target().clEnqueueCopyImageToBuffer(q, src, dst, origin, region, dst_offset, n, wait, slot);
  });
}

cl_int CL_API_CALL copy_buffer_to_image(cl_command_queue q, cl_mem src, cl_mem dst, size_t src_offset,
                                        const size_t* origin, const size_t* region, cl_uint n, const cl_event* wait,
                                        cl_event* event) {
  Capture cap(CLSCOPE_KIND_COPY, q, n);
  if (!cap.active()) {
    return target().clEnqueueCopyBufferToImage(q, src, dst, src_offset, origin, region, n, wait, event);
  }
  describe(cap, image_bytes(dst, region), CLSCOPE_DIR_DEVICE_TO_DEVICE, CLSCOPE_FLAG_IMAGE, CL_FALSE);
  return observe(cap, event, [&](cl_event* slot) {
    return target().clEnqueueCopyBufferToImage(q, src, dst, src_offset, origin, region, n, wait, slot);
  });
}

void* CL_API_CALL map_image(cl_command_queue q, cl_mem image, cl_bool blocking, cl_map_flags flags,
                            const size_t* origin, const size_t* region, size_t* row_pitch, size_t* slice_pitch,
                            cl_uint n, const cl_event* wait, cl_event* event, cl_int* errcode) {
  Capture cap(CLSCOPE_KIND_MAP, q, n);
  if (!cap.active()) {
    return target().clEnqueueMapImage(q, image, blocking, flags, origin, region, row_pitch, slice_pitch, n, wait,
                                      event, errcode);
  }
  const uint64_t bytes = image_bytes(image, region);
  // As for buffers: mapping for reading brings device data to the host.
  describe(cap, bytes, (flags & CL_MAP_READ) ? CLSCOPE_DIR_DEVICE_TO_HOST : CLSCOPE_DIR_NONE, CLSCOPE_FLAG_IMAGE,
           blocking);
  cap.record().map_flags = flags;
  cl_int err = CL_SUCCESS;
  void* host = nullptr;
  observe(cap, event, [&](cl_event* slot) {
    host = target().clEnqueueMapImage(q, image, blocking, flags, origin, region, row_pitch, slice_pitch, n, wait,
                                      slot, &err);
    if (err == CL_SUCCESS && host) state().maps.mapped(host, Region{bytes, flags});
    return err;
  });
  if (errcode) *errcode = err;
  return host;
}

cl_int CL_API_CALL native_kernel(cl_command_queue q, void(CL_CALLBACK* fn)(void*), void* args, size_t args_size,
                                 cl_uint num_mem, const cl_mem* mems, const void** mem_locs, cl_uint n,
                                 const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_KERNEL, q, n);
  if (!cap.active()) {
    return target().clEnqueueNativeKernel(q, fn, args, args_size, num_mem, mems, mem_locs, n, wait, event);
  }
  auto& r = cap.record();
  static_assert(sizeof("(native kernel)") <= sizeof(r.name));
  std::memcpy(r.name, "(native kernel)", sizeof("(native kernel)"));
  r.work_dim = 1;
  r.global_size[0] = r.global_size[1] = r.global_size[2] = 1;
  r.local_size[0] = r.local_size[1] = r.local_size[2] = 1;
  r.flags |= CLSCOPE_FLAG_LOCAL_SIZE;
  return observe(cap, event, [&](cl_event* slot) {
    return target().clEnqueueNativeKernel(q, fn, args, args_size, num_mem, mems, mem_locs, n, wait, slot);
  });
}

cl_int CL_API_CALL migrate(cl_command_queue q, cl_uint num_mem, const cl_mem* mems, cl_mem_migration_flags flags,
                           cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_COPY, q, n);
  if (!cap.active()) return target().clEnqueueMigrateMemObjects(q, num_mem, mems, flags, n, wait, event);
  uint64_t bytes = 0;
  if (!(flags & CL_MIGRATE_MEM_OBJECT_CONTENT_UNDEFINED) && mems) {
    for (cl_uint i = 0; i < num_mem; ++i) {
      size_t size = 0;
      if (target().clGetMemObjectInfo(mems[i], CL_MEM_SIZE, sizeof(size), &size, nullptr) == CL_SUCCESS) {
        bytes += size;
      }
    }
  }
  const auto direction =
      (flags & CL_MIGRATE_MEM_OBJECT_HOST) ? CLSCOPE_DIR_DEVICE_TO_HOST : CLSCOPE_DIR_HOST_TO_DEVICE;
  describe(cap, bytes, direction, 0, CL_FALSE);
  return observe(cap, event, [&](cl_event* slot) {
    return target().clEnqueueMigrateMemObjects(q, num_mem, mems, flags, n, wait, slot);
  });
}

void* CL_API_CALL svm_alloc(cl_context context, cl_svm_mem_flags flags, size_t size, cl_uint alignment) {
  void* ptr = target().clSVMAlloc(context, flags, size, alignment);
  if (ptr && state().channel.active()) state().svm.mapped(ptr, Region{size, 0});
  return ptr;
}

void CL_API_CALL svm_free(cl_context context, void* ptr) {
  if (ptr) state().svm.unmapped(ptr);
  target().clSVMFree(context, ptr);
}

cl_int CL_API_CALL enqueue_svm_free(cl_command_queue q, cl_uint num, void* ptrs[],
                                    void(CL_CALLBACK* fn)(cl_command_queue, cl_uint, void*[], void*), void* user,
                                    cl_uint n, const cl_event* wait, cl_event* event) {
  const cl_int err = target().clEnqueueSVMFree(q, num, ptrs, fn, user, n, wait, event);
  if (err == CL_SUCCESS && ptrs) {
    for (cl_uint i = 0; i < num; ++i) state().svm.unmapped(ptrs[i]);
  }
  return err;
}

cl_int CL_API_CALL svm_memcpy(cl_command_queue q, cl_bool blocking, void* dst, const void* src, size_t size,
                              cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_COPY, q, n);
  if (!cap.active()) return target().clEnqueueSVMMemcpy(q, blocking, dst, src, size, n, wait, event);
  const bool from_svm = state().svm.contains(src, size);
  const bool to_svm = state().svm.contains(dst, size);
  const auto direction = from_svm && to_svm ? CLSCOPE_DIR_DEVICE_TO_DEVICE
                         : from_svm         ? CLSCOPE_DIR_DEVICE_TO_HOST
                         : to_svm           ? CLSCOPE_DIR_HOST_TO_DEVICE
                                            : CLSCOPE_DIR_NONE;
  describe(cap, size, direction, CLSCOPE_FLAG_SVM, blocking);
  return observe(cap, event, [&](cl_event* slot) {
    return target().clEnqueueSVMMemcpy(q, blocking, dst, src, size, n, wait, slot);
  });
}

cl_int CL_API_CALL svm_mem_fill(cl_command_queue q, void* ptr, const void* pattern, size_t pattern_size, size_t size,
                                cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_FILL, q, n);
  if (!cap.active()) return target().clEnqueueSVMMemFill(q, ptr, pattern, pattern_size, size, n, wait, event);
  describe(cap, size, CLSCOPE_DIR_NONE, CLSCOPE_FLAG_SVM, CL_FALSE);
  return observe(cap, event, [&](cl_event* slot) {
    return target().clEnqueueSVMMemFill(q, ptr, pattern, pattern_size, size, n, wait, slot);
  });
}

cl_int CL_API_CALL svm_map(cl_command_queue q, cl_bool blocking, cl_map_flags flags, void* ptr, size_t size,
                           cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_MAP, q, n);
  if (!cap.active()) return target().clEnqueueSVMMap(q, blocking, flags, ptr, size, n, wait, event);
  describe(cap, size, (flags & CL_MAP_READ) ? CLSCOPE_DIR_DEVICE_TO_HOST : CLSCOPE_DIR_NONE, CLSCOPE_FLAG_SVM,
           blocking);
  cap.record().map_flags = flags;
  return observe(cap, event, [&](cl_event* slot) {
    const cl_int err = target().clEnqueueSVMMap(q, blocking, flags, ptr, size, n, wait, slot);
    if (err == CL_SUCCESS) state().maps.mapped(ptr, Region{size, flags});
    return err;
  });
}

cl_int CL_API_CALL svm_unmap(cl_command_queue q, void* ptr, cl_uint n, const cl_event* wait, cl_event* event) {
  Capture cap(CLSCOPE_KIND_UNMAP, q, n);
  if (!cap.active()) return target().clEnqueueSVMUnmap(q, ptr, n, wait, event);
  cap.record().flags |= CLSCOPE_FLAG_SVM;
  return observe(cap, event, [&](cl_event* slot) {
    const cl_int err = target().clEnqueueSVMUnmap(q, ptr, n, wait, slot);
    if (err == CL_SUCCESS) describe_unmapped(cap.record(), ptr);
    return err;
  });
}

}  // namespace

void install_image_svm_wrappers(cl_icd_dispatch& d, unsigned entries) {
  CLSCOPE_INSTALL(d, entries, clEnqueueReadImage, read_image);
  CLSCOPE_INSTALL(d, entries, clEnqueueWriteImage, write_image);
  CLSCOPE_INSTALL(d, entries, clEnqueueCopyImage, copy_image);
  CLSCOPE_INSTALL(d, entries, clEnqueueFillImage, fill_image);
  CLSCOPE_INSTALL(d, entries, clEnqueueCopyImageToBuffer, copy_image_to_buffer);
  CLSCOPE_INSTALL(d, entries, clEnqueueCopyBufferToImage, copy_buffer_to_image);
  CLSCOPE_INSTALL(d, entries, clEnqueueMapImage, map_image);
  CLSCOPE_INSTALL(d, entries, clEnqueueNativeKernel, native_kernel);
  CLSCOPE_INSTALL(d, entries, clEnqueueMigrateMemObjects, migrate);
  CLSCOPE_INSTALL(d, entries, clSVMAlloc, svm_alloc);
  CLSCOPE_INSTALL(d, entries, clSVMFree, svm_free);
  CLSCOPE_INSTALL(d, entries, clEnqueueSVMFree, enqueue_svm_free);
  CLSCOPE_INSTALL(d, entries, clEnqueueSVMMemcpy, svm_memcpy);
  CLSCOPE_INSTALL(d, entries, clEnqueueSVMMemFill, svm_mem_fill);
  CLSCOPE_INSTALL(d, entries, clEnqueueSVMMap, svm_map);
  CLSCOPE_INSTALL(d, entries, clEnqueueSVMUnmap, svm_unmap);
}

}  // namespace clscope::layer
