// Calls the layer forwards untouched but cannot describe: image and SVM
// commands, native kernels, migrations, and extension functions (whose
// entry points go straight to the driver). Each says so once on stderr and
// counts in calls_unobserved, so a quiet record stream is never mistaken
// for an idle program.
#include <CL/cl.h>

#include <string>

#include "LayerState.hpp"

namespace clscope::layer {
namespace {

void unobserved(const char* call) {
  LayerState& s = state();
  if (!s.channel.active()) return;
  count(s.channel.header().calls_unobserved);
  s.notes.say_once_per_key(call, std::string(call) + " is not observed: passed through without a record");
}

cl_int CL_API_CALL read_image(cl_command_queue q, cl_mem image, cl_bool blocking, const size_t* origin,
                              const size_t* region, size_t row_pitch, size_t slice_pitch, void* ptr, cl_uint n,
                              const cl_event* wait, cl_event* event) {
  unobserved("clEnqueueReadImage");
  return target().clEnqueueReadImage(q, image, blocking, origin, region, row_pitch, slice_pitch, ptr, n, wait, event);
}

cl_int CL_API_CALL write_image(cl_command_queue q, cl_mem image, cl_bool blocking, const size_t* origin,
                               const size_t* region, size_t row_pitch, size_t slice_pitch, const void* ptr,
                               cl_uint n, const cl_event* wait, cl_event* event) {
  unobserved("clEnqueueWriteImage");
  return target().clEnqueueWriteImage(q, image, blocking, origin, region, row_pitch, slice_pitch, ptr, n, wait,
                                      event);
}

cl_int CL_API_CALL copy_image(cl_command_queue q, cl_mem src, cl_mem dst, const size_t* src_origin,
                              const size_t* dst_origin, const size_t* region, cl_uint n, const cl_event* wait,
                              cl_event* event) {
  unobserved("clEnqueueCopyImage");
  return target().clEnqueueCopyImage(q, src, dst, src_origin, dst_origin, region, n, wait, event);
}

cl_int CL_API_CALL fill_image(cl_command_queue q, cl_mem image, const void* color, const size_t* origin,
                              const size_t* region, cl_uint n, const cl_event* wait, cl_event* event) {
  unobserved("clEnqueueFillImage");
  return target().clEnqueueFillImage(q, image, color, origin, region, n, wait, event);
}

cl_int CL_API_CALL copy_image_to_buffer(cl_command_queue q, cl_mem src, cl_mem dst, const size_t* origin,
                                        const size_t* region, size_t dst_offset, cl_uint n, const cl_event* wait,
                                        cl_event* event) {
  unobserved("clEnqueueCopyImageToBuffer");
  return target().clEnqueueCopyImageToBuffer(q, src, dst, origin, region, dst_offset, n, wait, event);
}

cl_int CL_API_CALL copy_buffer_to_image(cl_command_queue q, cl_mem src, cl_mem dst, size_t src_offset,
                                        const size_t* origin, const size_t* region, cl_uint n, const cl_event* wait,
                                        cl_event* event) {
  unobserved("clEnqueueCopyBufferToImage");
  return target().clEnqueueCopyBufferToImage(q, src, dst, src_offset, origin, region, n, wait, event);
}

void* CL_API_CALL map_image(cl_command_queue q, cl_mem image, cl_bool blocking, cl_map_flags flags,
                            const size_t* origin, const size_t* region, size_t* row_pitch, size_t* slice_pitch,
                            cl_uint n, const cl_event* wait, cl_event* event, cl_int* errcode) {
  unobserved("clEnqueueMapImage");
  return target().clEnqueueMapImage(q, image, blocking, flags, origin, region, row_pitch, slice_pitch, n, wait,
                                    event, errcode);
}

cl_int CL_API_CALL native_kernel(cl_command_queue q, void(CL_CALLBACK* fn)(void*), void* args, size_t args_size,
                                 cl_uint num_mem, const cl_mem* mems, const void** mem_locs, cl_uint n,
                                 const cl_event* wait, cl_event* event) {
  unobserved("clEnqueueNativeKernel");
  return target().clEnqueueNativeKernel(q, fn, args, args_size, num_mem, mems, mem_locs, n, wait, event);
}

cl_int CL_API_CALL migrate(cl_command_queue q, cl_uint num_mem, const cl_mem* mems, cl_mem_migration_flags flags,
                           cl_uint n, const cl_event* wait, cl_event* event) {
  unobserved("clEnqueueMigrateMemObjects");
  return target().clEnqueueMigrateMemObjects(q, num_mem, mems, flags, n, wait, event);
}

cl_int CL_API_CALL svm_memcpy(cl_command_queue q, cl_bool blocking, void* dst, const void* src, size_t size,
                              cl_uint n, const cl_event* wait, cl_event* event) {
  unobserved("clEnqueueSVMMemcpy");
  return target().clEnqueueSVMMemcpy(q, blocking, dst, src, size, n, wait, event);
}

cl_int CL_API_CALL svm_mem_fill(cl_command_queue q, void* ptr, const void* pattern, size_t pattern_size, size_t size,
                                cl_uint n, const cl_event* wait, cl_event* event) {
  unobserved("clEnqueueSVMMemFill");
  return target().clEnqueueSVMMemFill(q, ptr, pattern, pattern_size, size, n, wait, event);
}

cl_int CL_API_CALL svm_map(cl_command_queue q, cl_bool blocking, cl_map_flags flags, void* ptr, size_t size,
                           cl_uint n, const cl_event* wait, cl_event* event) {
  unobserved("clEnqueueSVMMap");
  return target().clEnqueueSVMMap(q, blocking, flags, ptr, size, n, wait, event);
}

cl_int CL_API_CALL svm_unmap(cl_command_queue q, void* ptr, cl_uint n, const cl_event* wait, cl_event* event) {
  unobserved("clEnqueueSVMUnmap");
  return target().clEnqueueSVMUnmap(q, ptr, n, wait, event);
}

void* CL_API_CALL extension_address(const char* name) {
  void* fn = target().clGetExtensionFunctionAddress(name);
  if (fn && name) unobserved(name);
  return fn;
}

void* CL_API_CALL extension_address_for_platform(cl_platform_id platform, const char* name) {
  void* fn = target().clGetExtensionFunctionAddressForPlatform(platform, name);
  if (fn && name) unobserved(name);
  return fn;
}

}  // namespace

void install_unobserved_wrappers(cl_icd_dispatch& d, unsigned entries) {
  CLSCOPE_INSTALL(d, entries, clEnqueueReadImage, read_image);
  CLSCOPE_INSTALL(d, entries, clEnqueueWriteImage, write_image);
  CLSCOPE_INSTALL(d, entries, clEnqueueCopyImage, copy_image);
  CLSCOPE_INSTALL(d, entries, clEnqueueFillImage, fill_image);
  CLSCOPE_INSTALL(d, entries, clEnqueueCopyImageToBuffer, copy_image_to_buffer);
  CLSCOPE_INSTALL(d, entries, clEnqueueCopyBufferToImage, copy_buffer_to_image);
  CLSCOPE_INSTALL(d, entries, clEnqueueMapImage, map_image);
  CLSCOPE_INSTALL(d, entries, clEnqueueNativeKernel, native_kernel);
  CLSCOPE_INSTALL(d, entries, clEnqueueMigrateMemObjects, migrate);
  CLSCOPE_INSTALL(d, entries, clEnqueueSVMMemcpy, svm_memcpy);
  CLSCOPE_INSTALL(d, entries, clEnqueueSVMMemFill, svm_mem_fill);
  CLSCOPE_INSTALL(d, entries, clEnqueueSVMMap, svm_map);
  CLSCOPE_INSTALL(d, entries, clEnqueueSVMUnmap, svm_unmap);
  CLSCOPE_INSTALL(d, entries, clGetExtensionFunctionAddress, extension_address);
  CLSCOPE_INSTALL(d, entries, clGetExtensionFunctionAddressForPlatform, extension_address_for_platform);
}

}  // namespace clscope::layer
