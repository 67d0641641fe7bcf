#pragma once
// An opened OpenCL device: context, program builds (timed, with logs) and
// profiling queues. Thread-safety: building and queue creation may be called
// from several workload threads (OpenCL contexts are thread-safe).
#include <string>

#include "workloads/Discovery.hpp"
#include "workloads/OpenCL.hpp"

namespace clscope::workloads {

struct BuiltProgram {
  cl::Program program;
  double build_ms = 0;  ///< wall time of clBuildProgram (compilation, never throughput)
  std::string log;      ///< build log with temporary file paths stripped
};

class Device {
 public:
  /// Opens the device `info` names (re-enumerates to get the handle).
  /// Throws ClError.
  explicit Device(const DeviceInfo& info);

  const DeviceInfo& info() const { return info_; }
  const cl::Context& context() const { return context_; }
  const cl::Device& device() const { return device_; }
  const std::string& platform_name() const { return platform_name_; }
  const std::string& platform_version() const { return platform_version_; }

  /// Builds `source` with `options`. On failure throws ClError
  /// "clBuildProgram: CL_BUILD_PROGRAM_FAILURE (-11)" followed by the log.
  BuiltProgram build(const std::string& source, const std::string& options,
                     const std::string& origin) const;

  /// An in-order queue with profiling enabled.
  cl::CommandQueue make_queue() const;

 private:
  DeviceInfo info_;
  cl::Platform platform_;
  cl::Device device_;
  cl::Context context_;
  std::string platform_name_, platform_version_;
};

/// Removes temporary file paths (e.g. "/tmp/poclXYZ/program.cl:3:5") from a
/// build log, keeping "<origin>:3:5".
std::string strip_temp_paths(const std::string& log, const std::string& origin);

}  // namespace clscope::workloads
