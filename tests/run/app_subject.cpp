// A planted OpenCL program for `clscope run -- CMD` tests: each mode has one
// clear behaviour, so the verdict and the figures clscope reports can be
// checked. It knows nothing of clscope.
//
//   app_subject exit CODE         3 x kernel "tick", prints one line to stdout and
//                                 one to stderr, exits CODE
//   app_subject host-work N MS    N x (tick + clFinish, then MS ms of host CPU work)
//   app_subject sleep N MS        N x (tick + clFinish, then sleeps MS ms)
//   app_subject busy SEC          kernel "spin" (>= 40 ms each) back to back on two
//                                 queues, 4 queued on each per clFinish, for SEC seconds
//   app_subject copies N          N x (write 8 MiB, read 8 MiB), then one tick
//   app_subject copy-loop SEC     blocking 8 MiB writes and reads for SEC seconds
//   app_subject launches SEC      tick + clFinish, nothing else, for SEC seconds
//   app_subject wait-term         ticks every 10 ms until SIGTERM, then exits 7
#include <CL/cl.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr const char* kSource = R"CL(
__kernel void tick(__global float* x) { x[get_global_id(0)] += 1.0f; }
__kernel void spin(__global float* x, int iters) {
  float v = x[get_global_id(0)];
  for (int i = 0; i < iters; ++i) v = v * 0.999999f + 0.5f;
  x[get_global_id(0)] = v;
}
)CL";

constexpr size_t kN = 1024;
volatile std::sig_atomic_t g_term = 0;

void check(cl_int err, const char* what) {
  if (err == CL_SUCCESS) return;
  std::fprintf(stderr, "app_subject: %s failed (%d)\n", what, err);
  std::exit(99);
}

struct Cl {
  cl_context context = nullptr;
  cl_command_queue queue = nullptr;
  cl_command_queue queue2 = nullptr;  // busy: a second stream, so the device never idles
  cl_kernel tick = nullptr, spin = nullptr;
  cl_mem buf = nullptr;

  Cl() {
    cl_platform_id platform;
    cl_device_id device;
    check(clGetPlatformIDs(1, &platform, nullptr), "clGetPlatformIDs");
    check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 1, &device, nullptr), "clGetDeviceIDs");
    cl_int err = CL_SUCCESS;
    context = clCreateContext(nullptr, 1, &device, nullptr, nullptr, &err);
    check(err, "clCreateContext");
    queue = clCreateCommandQueueWithProperties(context, device, nullptr, &err);
    check(err, "clCreateCommandQueueWithProperties");
    queue2 = clCreateCommandQueueWithProperties(context, device, nullptr, &err);
    check(err, "clCreateCommandQueueWithProperties");
    const char* source = kSource;
    cl_program program = clCreateProgramWithSource(context, 1, &source, nullptr, &err);
    check(err, "clCreateProgramWithSource");
    check(clBuildProgram(program, 1, &device, "", nullptr, nullptr), "clBuildProgram");
    tick = clCreateKernel(program, "tick", &err);
    check(err, "clCreateKernel tick");
    spin = clCreateKernel(program, "spin", &err);
    check(err, "clCreateKernel spin");
    buf = clCreateBuffer(context, CL_MEM_READ_WRITE, kN * sizeof(float), nullptr, &err);
    check(err, "clCreateBuffer");
    const float zero = 0;
    check(clEnqueueFillBuffer(queue, buf, &zero, sizeof zero, 0, kN * sizeof(float), 0, nullptr, nullptr),
          "clEnqueueFillBuffer");
    check(clSetKernelArg(tick, 0, sizeof buf, &buf), "clSetKernelArg");
    check(clSetKernelArg(spin, 0, sizeof buf, &buf), "clSetKernelArg");
  }

  void run_tick() {
    const size_t global = kN;
    check(clEnqueueNDRangeKernel(queue, tick, 1, nullptr, &global, nullptr, 0, nullptr, nullptr), "tick");
    check(clFinish(queue), "clFinish");
  }

  double run_spin(int iters, int kernels = 1, bool both_queues = false) {
    const size_t global = 64;  // a few work-items: the kernel's time is its loop
    check(clSetKernelArg(spin, 1, sizeof iters, &iters), "clSetKernelArg");
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < kernels; ++i) {
      check(clEnqueueNDRangeKernel(queue, spin, 1, nullptr, &global, nullptr, 0, nullptr, nullptr), "spin");
      if (both_queues)
        check(clEnqueueNDRangeKernel(queue2, spin, 1, nullptr, &global, nullptr, 0, nullptr, nullptr), "spin");
    }
    check(clFinish(queue), "clFinish");
    if (both_queues) check(clFinish(queue2), "clFinish");
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
};

void host_work(double ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double, std::milli>(ms);
  volatile double x = 1;
  while (std::chrono::steady_clock::now() < until) x = x * 1.0000001 + 1e-9;
}

int busy(Cl& cl, double seconds) {
  int iters = 100000;
  while (cl.run_spin(iters) < 0.04 && iters < (1 << 30) / 2) iters *= 2;  // >= 40 ms per kernel
  // The device never runs dry: two queues, 4 kernels queued on each per wait.
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) cl.run_spin(iters, 4, true);
  return 0;
}

bool before(std::chrono::steady_clock::time_point until) { return std::chrono::steady_clock::now() < until; }

std::chrono::steady_clock::time_point after_s(int seconds) {
  return std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
}

int copies(Cl& cl, int n, int seconds = 0) {
  const size_t bytes = 8u << 20;
  cl_int err = CL_SUCCESS;
  cl_mem big = clCreateBuffer(cl.context, CL_MEM_READ_WRITE, bytes, nullptr, &err);
  check(err, "clCreateBuffer big");
  std::vector<char> host(bytes, 1);
  const auto until = after_s(seconds);
  for (int i = 0; seconds > 0 ? before(until) : i < n; ++i) {
    check(clEnqueueWriteBuffer(cl.queue, big, CL_TRUE, 0, bytes, host.data(), 0, nullptr, nullptr), "write");
    check(clEnqueueReadBuffer(cl.queue, big, CL_TRUE, 0, bytes, host.data(), 0, nullptr, nullptr), "read");
  }
  cl.run_tick();
  clReleaseMemObject(big);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "exit";
  const int a = argc > 2 ? std::atoi(argv[2]) : 0;
  const int b = argc > 3 ? std::atoi(argv[3]) : 0;
  if (mode == "wait-term") std::signal(SIGTERM, [](int) { g_term = 1; });
  Cl cl;
  if (mode == "exit") {
    for (int i = 0; i < 3; ++i) cl.run_tick();
    std::printf("app_subject: stdout line\n");
    std::fprintf(stderr, "app_subject: stderr line\n");
    return a;
  }
  if (mode == "host-work" || mode == "sleep") {
    for (int i = 0; i < a; ++i) {
      cl.run_tick();
      if (mode == "host-work")
        host_work(b);
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(b));
    }
    return 0;
  }
  if (mode == "busy") return busy(cl, a);
  if (mode == "copies") return copies(cl, a);
  if (mode == "copy-loop") return copies(cl, 0, a);
  if (mode == "launches") {
    for (const auto until = after_s(a); before(until);) cl.run_tick();
    return 0;
  }
  if (mode == "wait-term") {
    std::printf("ready\n");
    std::fflush(stdout);
    while (!g_term) {
      cl.run_tick();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return 7;
  }
  std::fprintf(stderr, "app_subject: unknown mode %s\n", mode.c_str());
  return 98;
}
