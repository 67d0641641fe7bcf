#pragma once
// OpenCL error names and the one error rule: every OpenCL failure is reported
// as "clCallName: CL_ERROR_NAME (code)".
#include <stdexcept>
#include <string>

namespace cl {
class Error;
}

namespace clscope::workloads {

/// "CL_OUT_OF_RESOURCES" for -5; "CL_UNKNOWN_ERROR" for codes OpenCL does not define.
const char* cl_error_name(int code);
/// "clEnqueueNDRangeKernel: CL_OUT_OF_RESOURCES (-5)".
std::string format_cl_error(const std::string& call, int code);

/// An OpenCL call failed. what() is format_cl_error(call, code), optionally
/// followed by "\n" and details (a build log).
class ClError : public std::runtime_error {
 public:
  ClError(std::string call, int code, const std::string& detail = {});
  const std::string& call() const { return call_; }
  int code() const { return code_; }

 private:
  std::string call_;
  int code_;
};

/// Converts the C++ bindings' exception into a ClError.
ClError from_cl_error(const cl::Error& e);

/// Setup found the workload cannot run as configured on this device
/// (e.g. precision=half without cl_khr_fp16). Maps to exit code 2.
class UnsupportedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace clscope::workloads
