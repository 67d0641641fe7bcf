// The observed program of the layer tests and of bench/layer_overhead.sh: a
// plain OpenCL C API program that knows nothing of clscope. It checks its
// own results and exits 0 only when they are right, so a test that runs it
// under the layer proves the layer changed nothing the program sees.
//
//   layer_subject basic          in-order queue: kernels (2 names, 1-D/2-D, task),
//                                read/write (+rect), copy (+rect), fill, map/unmap of a
//                                pinned buffer, markers, barriers, clFinish; checks that
//                                profiling looks off (it never asked for it)
//   layer_subject release-early  20 kernels whose events it releases at once
//   layer_subject out-of-order   out-of-order queue, dependencies through events
//   layer_subject user-events    a kernel gated by a user event, clWaitForEvents
//   layer_subject threads        two threads, one queue each (vadd x10 / scale x10)
//   layer_subject profiled       a queue that asks for profiling itself: gets times
//   layer_subject unobserved     an extension looked up twice (the layer passes it
//                                through and says so once)
//   layer_subject images-svm     image, native-kernel, migration and SVM commands (77: no SVM)
//   layer_subject many N         N tiny kernels, one clFinish at the end
//   layer_subject quiet-exit N   N tiny kernels and clFinish, then 300 ms without any
//                                OpenCL call, then _exit(0) (no atexit handler runs)
//   layer_subject kernel-reuse   20 kernels created, launched once and released in turn,
//                                alternating vadd and scale
//   layer_subject thread-masks   10 tiny kernels, then prints each thread's name and
//                                blocked signals ("thread NAME SigBlk HEX")
//   layer_subject bench-tiny N   N x (tiny kernel + clFinish): prints "per_command_us X
//                                iters 1 median_us M" (mean and median launch + finish)
//   layer_subject bench-tiny-profiled N   the same on a queue that asks for profiling
//                                (what the driver's timing costs; the layer then forces nothing)
//   layer_subject bench-ms N [I] N x (~1 ms kernel + clFinish): prints "per_command_us X iters I
//                                median_us M";
//                                I spin iterations per work-item (default: calibrated to ~1 ms)
// The expected figures live in test_layer.cpp next to the checks.
#include <CL/cl.h>

#include <unistd.h>

#include <algorithm>
#include <barrier>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr const char* kSource = R"CL(
__kernel void vadd(__global const float* a, __global const float* b, __global float* c) {
  size_t i = get_global_id(0);
  c[i] = a[i] + b[i];
}
__kernel void scale(__global float* x, float f) {
  size_t i = get_global_id(1) * get_global_size(0) + get_global_id(0);
  x[i] *= f;
}
__kernel void single(__global float* x) { x[0] = 42.0f; }
__kernel void spin(__global float* x, int iters) {
  float v = x[get_global_id(0)];
  for (int i = 0; i < iters; ++i) v = v * 0.999999f + 0.5f;
  x[get_global_id(0)] = v;
}
)CL";

constexpr size_t kN = 4096;
constexpr size_t kBytes = kN * sizeof(float);

[[noreturn]] void fail(const char* what, cl_int err) {
  std::fprintf(stderr, "layer_subject: %s failed (%d)\n", what, err);
  std::exit(3);
}

void check(cl_int err, const char* what) {
  if (err != CL_SUCCESS) fail(what, err);
}

struct Cl {
  cl_platform_id platform = nullptr;
  cl_device_id device = nullptr;
  cl_context context = nullptr;
  cl_program program = nullptr;

  Cl() {
    check(clGetPlatformIDs(1, &platform, nullptr), "clGetPlatformIDs");
    check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 1, &device, nullptr), "clGetDeviceIDs");
    cl_int err = CL_SUCCESS;
    context = clCreateContext(nullptr, 1, &device, nullptr, nullptr, &err);
    check(err, "clCreateContext");
    const char* source = kSource;
    program = clCreateProgramWithSource(context, 1, &source, nullptr, &err);
    check(err, "clCreateProgramWithSource");
    check(clBuildProgram(program, 1, &device, "", nullptr, nullptr), "clBuildProgram");
  }
  ~Cl() {
    clReleaseProgram(program);
    clReleaseContext(context);
  }
  cl_kernel kernel(const char* name) const {
    cl_int err = CL_SUCCESS;
    cl_kernel k = clCreateKernel(program, name, &err);
    check(err, "clCreateKernel");
    return k;
  }
  cl_mem buffer(cl_mem_flags flags, size_t bytes) const {
    cl_int err = CL_SUCCESS;
    cl_mem m = clCreateBuffer(context, flags, bytes, nullptr, &err);
    check(err, "clCreateBuffer");
    return m;
  }
  cl_command_queue queue(cl_command_queue_properties props) const {
    cl_int err = CL_SUCCESS;
    cl_command_queue q = clCreateCommandQueue(context, device, props, &err);
    check(err, "clCreateCommandQueue");
    return q;
  }
};

bool near(float a, float b) { return std::fabs(a - b) <= 1e-4f * std::fmax(1.0f, std::fabs(b)); }

// vadd of a = i, b = 2i on `q`; returns whether c == 3i. Kernel launches: `launches`.
bool run_vadd(const Cl& cl, cl_command_queue q, int launches, bool release_events_at_once) {
  std::vector<float> a(kN), b(kN), c(kN, -1.0f);
  for (size_t i = 0; i < kN; ++i) {
    a[i] = static_cast<float>(i);
    b[i] = 2.0f * static_cast<float>(i);
  }
  cl_mem da = cl.buffer(CL_MEM_READ_ONLY, kBytes), db = cl.buffer(CL_MEM_READ_ONLY, kBytes),
         dc = cl.buffer(CL_MEM_WRITE_ONLY, kBytes);
  check(clEnqueueWriteBuffer(q, da, CL_TRUE, 0, kBytes, a.data(), 0, nullptr, nullptr), "write a");
  check(clEnqueueWriteBuffer(q, db, CL_TRUE, 0, kBytes, b.data(), 0, nullptr, nullptr), "write b");
  cl_kernel k = cl.kernel("vadd");
  clSetKernelArg(k, 0, sizeof(cl_mem), &da);
  clSetKernelArg(k, 1, sizeof(cl_mem), &db);
  clSetKernelArg(k, 2, sizeof(cl_mem), &dc);
  const size_t global = kN, local = 64;
  for (int i = 0; i < launches; ++i) {
    cl_event ev = nullptr;
    check(clEnqueueNDRangeKernel(q, k, 1, nullptr, &global, &local, 0, nullptr,
                                 release_events_at_once ? &ev : nullptr),
          "vadd");
    if (ev) clReleaseEvent(ev);
  }
  check(clEnqueueReadBuffer(q, dc, CL_TRUE, 0, kBytes, c.data(), 0, nullptr, nullptr), "read c");
  bool ok = true;
  for (size_t i = 0; i < kN; ++i) ok = ok && near(c[i], 3.0f * static_cast<float>(i));
  clReleaseKernel(k);
  clReleaseMemObject(da);
  clReleaseMemObject(db);
  clReleaseMemObject(dc);
  return ok;
}

// The program never asked for profiling: it must look off.
bool profiling_looks_off(cl_command_queue q, cl_event ev) {
  cl_command_queue_properties props = 0;
  check(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES, sizeof(props), &props, nullptr), "queue props");
  cl_ulong t = 0;
  const cl_int err = clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_END, sizeof(t), &t, nullptr);
  if (props & CL_QUEUE_PROFILING_ENABLE) std::fprintf(stderr, "layer_subject: queue shows profiling\n");
  if (err != CL_PROFILING_INFO_NOT_AVAILABLE) std::fprintf(stderr, "layer_subject: profiling answered %d\n", err);
  return !(props & CL_QUEUE_PROFILING_ENABLE) && err == CL_PROFILING_INFO_NOT_AVAILABLE;
}

int basic(const Cl& cl) {
  cl_command_queue q = cl.queue(0);
  bool ok = run_vadd(cl, q, 3, false);  // writes 2 x kBytes h2d blocking, 3 vadd, read kBytes d2h blocking

  // scale: 2-D 64x64 without local size, twice; single: a task.
  cl_mem x = cl.buffer(CL_MEM_READ_WRITE, kBytes);
  std::vector<float> ones(kN, 1.0f), back(kN);
  cl_event write_done = nullptr;
  check(clEnqueueWriteBuffer(q, x, CL_FALSE, 0, kBytes, ones.data(), 0, nullptr, &write_done), "write x");
  cl_kernel scale = cl.kernel("scale");
  const float f = 2.0f;
  clSetKernelArg(scale, 0, sizeof(cl_mem), &x);
  clSetKernelArg(scale, 1, sizeof(float), &f);
  const size_t global2[2] = {64, 64};
  check(clEnqueueNDRangeKernel(q, scale, 2, nullptr, global2, nullptr, 1, &write_done, nullptr), "scale");
  check(clEnqueueNDRangeKernel(q, scale, 2, nullptr, global2, nullptr, 0, nullptr, nullptr), "scale");
  cl_kernel single = cl.kernel("single");
  clSetKernelArg(single, 0, sizeof(cl_mem), &x);
  check(clEnqueueTask(q, single, 0, nullptr, nullptr), "single");

  // copy x -> y (kBytes), copy rect 16x16 floats (1024 bytes), fill y's first 1024 bytes.
  cl_mem y = cl.buffer(CL_MEM_READ_WRITE, kBytes);
  check(clEnqueueCopyBuffer(q, x, y, 0, 0, kBytes, 0, nullptr, nullptr), "copy");
  const size_t origin[3] = {0, 0, 0}, region[3] = {16 * sizeof(float), 16, 1};
  check(clEnqueueCopyBufferRect(q, x, y, origin, origin, region, 64 * sizeof(float), 0, 64 * sizeof(float), 0, 0,
                                nullptr, nullptr),
        "copy rect");
  const float zero = 0.0f;
  check(clEnqueueFillBuffer(q, y, &zero, sizeof(zero), 0, 1024, 0, nullptr, nullptr), "fill");

  // Pinned staging: map p (ALLOC_HOST_PTR) for writing, unmap; map for reading and read x into it.
  cl_mem p = cl.buffer(CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, kBytes);
  cl_int err = CL_SUCCESS;
  auto* host = static_cast<float*>(
      clEnqueueMapBuffer(q, p, CL_TRUE, CL_MAP_WRITE_INVALIDATE_REGION, 0, kBytes, 0, nullptr, nullptr, &err));
  check(err, "map write");
  for (size_t i = 0; i < kN; ++i) host[i] = 7.0f;
  check(clEnqueueUnmapMemObject(q, p, host, 0, nullptr, nullptr), "unmap write");
  host = static_cast<float*>(clEnqueueMapBuffer(q, p, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, kBytes, 0, nullptr,
                                                nullptr, &err));
  check(err, "map read");
  ok = ok && host[0] == 7.0f;
  check(clEnqueueReadBuffer(q, x, CL_TRUE, 0, kBytes, host, 0, nullptr, nullptr), "read into mapped");
  // x: ones * 2 * 2, x[0] = 42 by the task.
  ok = ok && host[0] == 42.0f && host[1] == 4.0f && host[kN - 1] == 4.0f;
  check(clEnqueueUnmapMemObject(q, p, host, 0, nullptr, nullptr), "unmap read");

  // Rect read/write: 16 rows of 16 floats of y.
  std::vector<float> rect(256, 9.0f);
  check(clEnqueueWriteBufferRect(q, y, CL_TRUE, origin, origin, region, 64 * sizeof(float), 0, 16 * sizeof(float), 0,
                                 rect.data(), 0, nullptr, nullptr),
        "write rect");
  std::vector<float> rect_back(256, 0.0f);
  check(clEnqueueReadBufferRect(q, y, CL_TRUE, origin, origin, region, 64 * sizeof(float), 0, 16 * sizeof(float), 0,
                                rect_back.data(), 0, nullptr, nullptr),
        "read rect");
  ok = ok && rect_back[0] == 9.0f && rect_back[255] == 9.0f;

  // Markers and barriers, both generations.
  cl_event marker = nullptr, barrier = nullptr, old_marker = nullptr;
  check(clEnqueueMarkerWithWaitList(q, 1, &write_done, &marker), "marker");
  check(clEnqueueBarrierWithWaitList(q, 0, nullptr, &barrier), "barrier");
  check(clEnqueueMarker(q, &old_marker), "old marker");
  check(clEnqueueBarrier(q), "old barrier");
  check(clFinish(q), "clFinish");
  ok = ok && profiling_looks_off(q, marker);

  for (cl_event e : {write_done, marker, barrier, old_marker}) clReleaseEvent(e);
  for (cl_mem m : {x, y, p}) clReleaseMemObject(m);
  clReleaseKernel(scale);
  clReleaseKernel(single);
  clReleaseCommandQueue(q);
  return ok ? 0 : 1;
}

int release_early(const Cl& cl) {
  cl_command_queue q = cl.queue(0);
  const bool ok = run_vadd(cl, q, 20, true);
  check(clFinish(q), "clFinish");
  clReleaseCommandQueue(q);
  return ok ? 0 : 1;
}

int out_of_order(const Cl& cl) {
  const cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE, 0};
  cl_int err = CL_SUCCESS;
  cl_command_queue q = clCreateCommandQueueWithProperties(cl.context, cl.device, props, &err);
  check(err, "clCreateCommandQueueWithProperties");
  cl_command_queue_properties seen = 0;
  check(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES, sizeof(seen), &seen, nullptr), "props");
  cl_queue_properties array[8] = {};
  size_t array_bytes = 0;
  check(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES_ARRAY, sizeof(array), array, &array_bytes), "props array");
  bool ok = seen == CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE && array_bytes == sizeof(props) &&
            std::memcmp(array, props, sizeof(props)) == 0;
  if (!ok) std::fprintf(stderr, "layer_subject: queue properties changed (%llu)\n", (unsigned long long)seen);

  // Two independent writes, then scale after both, then a read after scale.
  cl_mem x = cl.buffer(CL_MEM_READ_WRITE, kBytes), z = cl.buffer(CL_MEM_READ_WRITE, kBytes);
  std::vector<float> ones(kN, 1.0f), back(kN);
  cl_event w[2] = {};
  check(clEnqueueWriteBuffer(q, x, CL_FALSE, 0, kBytes, ones.data(), 0, nullptr, &w[0]), "write x");
  check(clEnqueueWriteBuffer(q, z, CL_FALSE, 0, kBytes, ones.data(), 0, nullptr, &w[1]), "write z");
  cl_kernel scale = cl.kernel("scale");
  const float f = 3.0f;
  clSetKernelArg(scale, 0, sizeof(cl_mem), &x);
  clSetKernelArg(scale, 1, sizeof(float), &f);
  const size_t global = kN;
  cl_event k = nullptr;
  check(clEnqueueNDRangeKernel(q, scale, 1, nullptr, &global, nullptr, 2, w, &k), "scale");
  check(clEnqueueReadBuffer(q, x, CL_TRUE, 0, kBytes, back.data(), 1, &k, nullptr), "read");
  ok = ok && back[0] == 3.0f && back[kN - 1] == 3.0f;
  check(clFinish(q), "clFinish");
  for (cl_event e : {w[0], w[1], k}) clReleaseEvent(e);
  clReleaseMemObject(x);
  clReleaseMemObject(z);
  clReleaseKernel(scale);
  clReleaseCommandQueue(q);
  return ok ? 0 : 1;
}

int user_events(const Cl& cl) {
  cl_command_queue q = cl.queue(0);
  cl_int err = CL_SUCCESS;
  cl_event gate = clCreateUserEvent(cl.context, &err);
  check(err, "clCreateUserEvent");
  cl_mem x = cl.buffer(CL_MEM_READ_WRITE, kBytes);
  std::vector<float> ones(kN, 1.0f), back(kN);
  check(clEnqueueWriteBuffer(q, x, CL_FALSE, 0, kBytes, ones.data(), 1, &gate, nullptr), "write gated");
  cl_kernel scale = cl.kernel("scale");
  const float f = 5.0f;
  clSetKernelArg(scale, 0, sizeof(cl_mem), &x);
  clSetKernelArg(scale, 1, sizeof(float), &f);
  const size_t global = kN;
  cl_event k = nullptr;
  check(clEnqueueNDRangeKernel(q, scale, 1, nullptr, &global, nullptr, 1, &gate, &k), "scale");
  clFlush(q);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the kernel must wait for the gate
  check(clSetUserEventStatus(gate, CL_COMPLETE), "clSetUserEventStatus");
  check(clWaitForEvents(1, &k), "clWaitForEvents");
  check(clEnqueueReadBuffer(q, x, CL_TRUE, 0, kBytes, back.data(), 0, nullptr, nullptr), "read");
  const bool ok = back[0] == 5.0f && back[kN - 1] == 5.0f;
  check(clFinish(q), "clFinish");
  clReleaseEvent(k);
  clReleaseEvent(gate);
  clReleaseMemObject(x);
  clReleaseKernel(scale);
  clReleaseCommandQueue(q);
  return ok ? 0 : 1;
}

int threads(const Cl& cl) {
  bool ok1 = false, ok2 = false;
  // Both queues live at once (a released queue's handle may be reused) and both
  // threads start submitting together.
  std::barrier both(2);
  std::thread t1([&] {
    cl_command_queue q = cl.queue(0);
    both.arrive_and_wait();
    ok1 = run_vadd(cl, q, 10, false);
    check(clFinish(q), "clFinish");
    both.arrive_and_wait();
    clReleaseCommandQueue(q);
  });
  std::thread t2([&] {
    cl_command_queue q = cl.queue(0);
    both.arrive_and_wait();
    cl_mem x = cl.buffer(CL_MEM_READ_WRITE, kBytes);
    std::vector<float> ones(kN, 1.0f), back(kN);
    check(clEnqueueWriteBuffer(q, x, CL_TRUE, 0, kBytes, ones.data(), 0, nullptr, nullptr), "write");
    cl_kernel scale = cl.kernel("scale");
    const float f = 1.0f;
    clSetKernelArg(scale, 0, sizeof(cl_mem), &x);
    clSetKernelArg(scale, 1, sizeof(float), &f);
    const size_t global = kN;
    for (int i = 0; i < 10; ++i) check(clEnqueueNDRangeKernel(q, scale, 1, nullptr, &global, nullptr, 0, nullptr, nullptr), "scale");
    check(clEnqueueReadBuffer(q, x, CL_TRUE, 0, kBytes, back.data(), 0, nullptr, nullptr), "read");
    ok2 = back[0] == 1.0f;
    check(clFinish(q), "clFinish");
    both.arrive_and_wait();
    clReleaseMemObject(x);
    clReleaseKernel(scale);
    clReleaseCommandQueue(q);
  });
  t1.join();
  t2.join();
  return ok1 && ok2 ? 0 : 1;
}

int profiled(const Cl& cl) {
  cl_command_queue q = cl.queue(CL_QUEUE_PROFILING_ENABLE);
  cl_mem x = cl.buffer(CL_MEM_READ_WRITE, kBytes);
  cl_kernel single = cl.kernel("single");
  clSetKernelArg(single, 0, sizeof(cl_mem), &x);
  cl_event ev = nullptr;
  check(clEnqueueTask(q, single, 0, nullptr, &ev), "single");
  check(clFinish(q), "clFinish");
  cl_ulong start = 0, end = 0;
  check(clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_START, sizeof(start), &start, nullptr), "start");
  check(clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_END, sizeof(end), &end, nullptr), "end");
  cl_command_queue_properties props = 0;
  check(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES, sizeof(props), &props, nullptr), "props");
  clReleaseEvent(ev);
  clReleaseKernel(single);
  clReleaseMemObject(x);
  clReleaseCommandQueue(q);
  return start > 0 && end >= start && (props & CL_QUEUE_PROFILING_ENABLE) ? 0 : 1;
}

// `launches` kernels of `iters` spin iterations; with `finish_each`, clFinish after each.
// Returns mean wall time per launch in microseconds.
// Mean wall time per launch in µs; with `each_us`, every launch's own time too.
double spin_loop(const Cl& cl, cl_command_queue q, cl_kernel k, int launches, bool finish_each,
                 std::vector<double>* each_us = nullptr) {
  const size_t global = 64;
  const auto t0 = std::chrono::steady_clock::now();
  auto last = t0;
  for (int i = 0; i < launches; ++i) {
    check(clEnqueueNDRangeKernel(q, k, 1, nullptr, &global, nullptr, 0, nullptr, nullptr), "spin");
    if (finish_each) check(clFinish(q), "clFinish");
    if (each_us) {
      const auto now = std::chrono::steady_clock::now();
      each_us->push_back(std::chrono::duration<double, std::micro>(now - last).count());
      last = now;
    }
  }
  check(clFinish(q), "clFinish");
  (void)cl;
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / launches;
}

int bench(const Cl& cl, int launches, bool one_ms, int given_iters,
          cl_command_queue_properties props = 0) {
  cl_command_queue q = cl.queue(props);
  cl_mem x = cl.buffer(CL_MEM_READ_WRITE, 64 * sizeof(float));
  const float zero = 0.0f;
  check(clEnqueueFillBuffer(q, x, &zero, sizeof(zero), 0, 64 * sizeof(float), 0, nullptr, nullptr), "fill");
  cl_kernel k = cl.kernel("spin");
  clSetKernelArg(k, 0, sizeof(cl_mem), &x);
  int iters = 1;
  clSetKernelArg(k, 1, sizeof(int), &iters);
  spin_loop(cl, q, k, 20, true);  // JIT and warm-up
  if (one_ms && given_iters > 0) {
    iters = given_iters;
    clSetKernelArg(k, 1, sizeof(int), &iters);
    spin_loop(cl, q, k, 2, true);
  } else if (one_ms) {
    // Calibrate iterations to ~1 ms per kernel (without the layer's influence: the
    // same iteration count is printed, so both runs can be checked to match).
    for (iters = 1000;; iters *= 2) {
      clSetKernelArg(k, 1, sizeof(int), &iters);
      if (spin_loop(cl, q, k, 5, true) >= 1000.0 || iters > (1 << 28)) break;
    }
  }
  std::vector<double> each_us;
  each_us.reserve(static_cast<size_t>(launches));
  const double us = spin_loop(cl, q, k, launches, true, &each_us);
  std::nth_element(each_us.begin(), each_us.begin() + launches / 2, each_us.end());
  std::printf("per_command_us %.3f iters %d median_us %.3f\n", us, iters, each_us[launches / 2]);
  clReleaseKernel(k);
  clReleaseMemObject(x);
  clReleaseCommandQueue(q);
  return 0;
}

int unobserved(const Cl& cl) {
  for (int i = 0; i < 2; ++i) {
    if (!clGetExtensionFunctionAddressForPlatform(cl.platform, "clIcdGetPlatformIDsKHR")) {
      std::fprintf(stderr, "layer_subject: no clIcdGetPlatformIDsKHR\n");
    }
  }
  return 0;
}

void CL_CALLBACK native_set_flag(void* args) { **static_cast<int**>(args) = 1; }

// Images (8x8 RGBA float, 16 bytes a pixel): 2 writes, a 4x4 fill, a read, a copy
// to a buffer, a map for reading and its unmap; a native kernel; two migrations
// of a kBytes buffer (to the host, then back); then, where the device has SVM:
// memcpy in, fill of the first half, map (read+write) and unmap, memcpy out.
// Exits 77 when the device has no SVM (after everything else ran and checked).
int images_svm(const Cl& cl) {
  cl_command_queue q = cl.queue(0);
  const cl_image_format format{CL_RGBA, CL_FLOAT};
  cl_image_desc desc{};
  desc.image_type = CL_MEM_OBJECT_IMAGE2D;
  desc.image_width = 8;
  desc.image_height = 8;
  cl_int err = CL_SUCCESS;
  cl_mem image = clCreateImage(cl.context, CL_MEM_READ_WRITE, &format, &desc, nullptr, &err);
  check(err, "clCreateImage");
  std::vector<float> pixels(8 * 8 * 4, 1.0f), back(8 * 8 * 4, 0.0f), copied(8 * 8 * 4, 0.0f);
  const size_t origin[3] = {0, 0, 0}, region[3] = {8, 8, 1}, corner[3] = {4, 4, 1};
  for (int i = 0; i < 2; ++i) {
    check(clEnqueueWriteImage(q, image, CL_TRUE, origin, region, 0, 0, pixels.data(), 0, nullptr, nullptr),
          "clEnqueueWriteImage");
  }
  const float color[4] = {2.0f, 2.0f, 2.0f, 2.0f};
  check(clEnqueueFillImage(q, image, color, origin, corner, 0, nullptr, nullptr), "clEnqueueFillImage");
  check(clEnqueueReadImage(q, image, CL_TRUE, origin, region, 0, 0, back.data(), 0, nullptr, nullptr),
        "clEnqueueReadImage");
  cl_mem buffer = cl.buffer(CL_MEM_READ_WRITE, copied.size() * sizeof(float));
  check(clEnqueueCopyImageToBuffer(q, image, buffer, origin, region, 0, 0, nullptr, nullptr),
        "clEnqueueCopyImageToBuffer");
  check(clEnqueueReadBuffer(q, buffer, CL_TRUE, 0, copied.size() * sizeof(float), copied.data(), 0, nullptr,
                            nullptr),
        "read copied");
  size_t row_pitch = 0;
  auto* mapped = static_cast<float*>(clEnqueueMapImage(q, image, CL_TRUE, CL_MAP_READ, origin, region, &row_pitch,
                                                       nullptr, 0, nullptr, nullptr, &err));
  check(err, "clEnqueueMapImage");
  const float mapped_corner = mapped[0];
  check(clEnqueueUnmapMemObject(q, image, mapped, 0, nullptr, nullptr), "unmap image");
  bool ok = back[0] == 2.0f && back.back() == 1.0f && copied[0] == 2.0f && copied.back() == 1.0f &&
            mapped_corner == 2.0f;

  int ran = 0;
  int* flag = &ran;
  check(clEnqueueNativeKernel(q, native_set_flag, &flag, sizeof(flag), 0, nullptr, nullptr, 0, nullptr, nullptr),
        "clEnqueueNativeKernel");
  cl_mem migrated = cl.buffer(CL_MEM_READ_WRITE, kBytes);
  check(clEnqueueMigrateMemObjects(q, 1, &migrated, CL_MIGRATE_MEM_OBJECT_HOST, 0, nullptr, nullptr),
        "migrate to host");
  check(clEnqueueMigrateMemObjects(q, 1, &migrated, 0, 0, nullptr, nullptr), "migrate to device");
  check(clFinish(q), "clFinish");
  ok = ok && ran == 1;
  clReleaseMemObject(migrated);
  clReleaseMemObject(buffer);
  clReleaseMemObject(image);

  cl_device_svm_capabilities svm_caps = 0;
  if (clGetDeviceInfo(cl.device, CL_DEVICE_SVM_CAPABILITIES, sizeof(svm_caps), &svm_caps, nullptr) != CL_SUCCESS ||
      !(svm_caps & CL_DEVICE_SVM_COARSE_GRAIN_BUFFER)) {
    clReleaseCommandQueue(q);
    return ok ? 77 : 1;
  }
  auto* svm = static_cast<float*>(clSVMAlloc(cl.context, CL_MEM_READ_WRITE, kBytes, 0));
  if (!svm) fail("clSVMAlloc", CL_OUT_OF_RESOURCES);
  std::vector<float> host(kN), out(kN, -1.0f);
  for (size_t i = 0; i < kN; ++i) host[i] = static_cast<float>(i);
  check(clEnqueueSVMMemcpy(q, CL_TRUE, svm, host.data(), kBytes, 0, nullptr, nullptr), "svm memcpy in");
  const float three = 3.0f;
  check(clEnqueueSVMMemFill(q, svm, &three, sizeof(three), kBytes / 2, 0, nullptr, nullptr), "svm fill");
  check(clEnqueueSVMMap(q, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, svm, kBytes, 0, nullptr, nullptr), "svm map");
  ok = ok && svm[0] == 3.0f && svm[kN - 1] == static_cast<float>(kN - 1);
  svm[0] = 5.0f;
  check(clEnqueueSVMUnmap(q, svm, 0, nullptr, nullptr), "svm unmap");
  check(clEnqueueSVMMemcpy(q, CL_TRUE, out.data(), svm, kBytes, 0, nullptr, nullptr), "svm memcpy out");
  check(clFinish(q), "clFinish");
  ok = ok && out[0] == 5.0f && out[1] == 3.0f && out[kN - 1] == static_cast<float>(kN - 1);
  clSVMFree(cl.context, svm);
  clReleaseCommandQueue(q);
  return ok ? 0 : 1;
}

int many(const Cl& cl, int launches) {
  cl_command_queue q = cl.queue(0);
  cl_mem x = cl.buffer(CL_MEM_READ_WRITE, 64 * sizeof(float));
  cl_kernel k = cl.kernel("spin");
  clSetKernelArg(k, 0, sizeof(cl_mem), &x);
  const int iters = 1;
  clSetKernelArg(k, 1, sizeof(int), &iters);
  spin_loop(cl, q, k, launches, false);
  clReleaseKernel(k);
  clReleaseMemObject(x);
  clReleaseCommandQueue(q);
  return 0;
}

// The records of finished commands must leave while the program makes no
// call; _exit skips every atexit handler, the layer's last drain included.
int quiet_exit(const Cl& cl, int launches) {
  many(cl, launches);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::fflush(nullptr);
  _exit(0);
}

// 20 kernels, each created, launched once and released, alternating vadd and
// scale: a driver hands the freed address out again, and every record must
// still carry the name of the kernel launched.
int kernel_reuse(const Cl& cl) {
  cl_command_queue q = cl.queue(0);
  cl_mem a = cl.buffer(CL_MEM_READ_WRITE, kBytes);
  const size_t global[2] = {kN, 1};
  for (int i = 0; i < 20; ++i) {
    const bool vadd = i % 2 == 0;
    cl_kernel k = cl.kernel(vadd ? "vadd" : "scale");
    if (vadd) {
      for (cl_uint arg = 0; arg < 3; ++arg) clSetKernelArg(k, arg, sizeof(cl_mem), &a);
    } else {
      const float f = 1.0f;
      clSetKernelArg(k, 0, sizeof(cl_mem), &a);
      clSetKernelArg(k, 1, sizeof(float), &f);
    }
    check(clEnqueueNDRangeKernel(q, k, vadd ? 1 : 2, nullptr, global, nullptr, 0, nullptr, nullptr), "kernel");
    check(clFinish(q), "clFinish");
    clReleaseKernel(k);
  }
  clReleaseMemObject(a);
  clReleaseCommandQueue(q);
  return 0;
}

// After some commands: every thread's name and blocked-signal mask, as
// "thread NAME SigBlk HEX" lines read from /proc/self/task/*/status.
int thread_masks(const Cl& cl) {
  many(cl, 10);
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream status(task.path() / "status");
    std::string line, name, blocked;
    while (std::getline(status, line)) {
      if (line.rfind("Name:", 0) == 0) name = line.substr(line.find_first_not_of(" \t", 5));
      if (line.rfind("SigBlk:", 0) == 0) blocked = line.substr(line.find_first_not_of(" \t", 7));
    }
    std::printf("thread %s SigBlk %s\n", name.c_str(), blocked.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "basic";
  const int n = argc > 2 ? std::atoi(argv[2]) : 100;
  Cl cl;
  if (mode == "basic") return basic(cl);
  if (mode == "release-early") return release_early(cl);
  if (mode == "out-of-order") return out_of_order(cl);
  if (mode == "user-events") return user_events(cl);
  if (mode == "threads") return threads(cl);
  if (mode == "profiled") return profiled(cl);
  if (mode == "unobserved") return unobserved(cl);
  if (mode == "images-svm") return images_svm(cl);
  if (mode == "many") return many(cl, n);
  if (mode == "quiet-exit") return quiet_exit(cl, n);
  if (mode == "thread-masks") return thread_masks(cl);
  if (mode == "kernel-reuse") return kernel_reuse(cl);
  if (mode == "bench-tiny") return bench(cl, n, false, 0);
  if (mode == "bench-tiny-profiled") return bench(cl, n, false, 0, CL_QUEUE_PROFILING_ENABLE);
  if (mode == "bench-ms") return bench(cl, n, true, argc > 3 ? std::atoi(argv[3]) : 0);
  std::fprintf(stderr, "layer_subject: unknown mode %s\n", mode.c_str());
  return 2;
}
