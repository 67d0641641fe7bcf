#include "workloads/Launch.hpp"
#include "workloads/DeviceWait.hpp"

#include <chrono>

#include "kernels/Kernels.hpp"

namespace clscope::workloads {

LaunchWorkload::LaunchWorkload(CommonOptions common, LaunchOptions options)
    : Workload(std::move(common)), opt_(options) {}

int LaunchWorkload::read_counter(cl::CommandQueue& queue) {
  cl_int v = 0;
  queue.enqueueReadBuffer(counter_, CL_TRUE, 0, sizeof v, &v);
  return v;
}

SetupInfo LaunchWorkload::prepare(const Device& device, cl::CommandQueue& queue, ApiMeter& /*meter*/) {
  SetupInfo info;
  BuiltProgram built = device.build(std::string(*kernels::source("launch.cl")), "-cl-std=CL1.2",
                                    "launch.cl");
  info.build_ms = built.build_ms;
  kernel_ = cl::Kernel(built.program, "launch_tick");
  const cl_int zero = 0;
  counter_ = cl::Buffer(device.context(), CL_MEM_READ_WRITE, sizeof(cl_int));
  queue.enqueueWriteBuffer(counter_, CL_TRUE, 0, sizeof zero, &zero);
  kernel_.setArg(0, counter_);
  info.description = "empty kernel, " + std::to_string(opt_.work_items) + " work-item" +
                     (opt_.work_items == 1 ? "" : "s");
  info.bytes_per_launch = 8;
  info.ops_per_launch = 1;
  info.resolved = {{"work_items", opt_.work_items}};
  return info;
}

std::string LaunchWorkload::check_first_launch(cl::CommandQueue& queue) {
  const int v = read_counter(queue);
  if (v != 1)
    throw VerificationError("launch: counter is " + std::to_string(v) + " after one launch");
  // Reset so that verify_after can count every timed launch.
  const cl_int zero = 0;
  queue.enqueueWriteBuffer(counter_, CL_TRUE, 0, sizeof zero, &zero);
  return "ok: counter incremented once per launch";
}

Launch LaunchWorkload::enqueue(cl::CommandQueue& queue, ApiMeter& meter) {
  Launch l;
  meter.call([&] {
    return queue.enqueueNDRangeKernel(kernel_, cl::NullRange, cl::NDRange(opt_.work_items),
                                      cl::NullRange, nullptr, &l.event);
  });
  l.bytes = 8;
  l.ops = 1;
  return l;
}

std::string LaunchWorkload::verify_after(cl::CommandQueue& queue, std::uint64_t launches) {
  const int v = read_counter(queue);
  if (static_cast<std::uint64_t>(v) != launches)
    throw VerificationError("launch: counter is " + std::to_string(v) + " after " +
                            std::to_string(launches) + " launches");
  return "ok: counter equals the " + std::to_string(launches) + " launches";
}

}  // namespace clscope::workloads
