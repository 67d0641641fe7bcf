#include "workloads/Device.hpp"

#include <chrono>
#include <regex>

#include "workloads/ClError.hpp"

namespace clscope::workloads {

Device::Device(const DeviceInfo& info) : info_(info) {
  try {
    std::vector<cl::Platform> platforms;
    cl::Platform::get(&platforms);
    platform_ = platforms.at(static_cast<std::size_t>(info.platform_index));
    std::vector<cl::Device> devices;
    platform_.getDevices(CL_DEVICE_TYPE_ALL, &devices);
    device_ = devices.at(static_cast<std::size_t>(info.device_index));
    context_ = cl::Context(device_);
    platform_name_ = platform_.getInfo<CL_PLATFORM_NAME>();
    platform_version_ = platform_.getInfo<CL_PLATFORM_VERSION>();
  } catch (const cl::Error& e) {
    throw from_cl_error(e);
  }
}

std::string strip_temp_paths(const std::string& log, const std::string& origin) {
  // Absolute paths ending in a source-like file name, as compilers print them.
  static const std::regex kPath(R"((/[^\s:'"]+)+\.(cl|c|h|bc|ll|so))");
  return std::regex_replace(log, kPath, origin);
}

BuiltProgram Device::build(const std::string& source, const std::string& options,
                           const std::string& origin) const {
  BuiltProgram out;
  // The C API here: the bindings would throw before we could read the log.
  cl_int err = CL_SUCCESS;
  const char* text = source.c_str();
  const std::size_t length = source.size();
  cl_program program = clCreateProgramWithSource(context_(), 1, &text, &length, &err);
  if (err != CL_SUCCESS) throw ClError("clCreateProgramWithSource", err);
  out.program = cl::Program(program);  // takes ownership
  cl_device_id dev = device_();
  const auto t0 = std::chrono::steady_clock::now();
  err = clBuildProgram(program, 1, &dev, options.c_str(), nullptr, nullptr);
  out.build_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::string log;
  std::size_t log_size = 0;
  if (clGetProgramBuildInfo(program, dev, CL_PROGRAM_BUILD_LOG, 0, nullptr, &log_size) ==
          CL_SUCCESS &&
      log_size > 1) {
    log.resize(log_size);
    clGetProgramBuildInfo(program, dev, CL_PROGRAM_BUILD_LOG, log_size, log.data(), nullptr);
    while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
  }
  out.log = strip_temp_paths(log, origin);
  if (err != CL_SUCCESS)
    throw ClError("clBuildProgram", err,
                  "build log for " + origin + (options.empty() ? "" : " (" + options + ")") +
                      ":\n" + out.log);
  return out;
}

cl::CommandQueue Device::make_queue() const {
  try {
    return cl::CommandQueue(context_, device_, CL_QUEUE_PROFILING_ENABLE);
  } catch (const cl::Error& e) {
    throw from_cl_error(e);
  }
}

}  // namespace clscope::workloads
