#pragma once
// `custom`: the user's own kernel from a .cl file, with buffers, arguments
// and work sizes from the scenario (syntax: config/CustomSpec.hpp).
//
// Accounting (declared by the user, per work-item; items = product of the
// global sizes): bytes = bytes_per_item * items, ops = ops_per_item * items.
// Headline metric: as chosen (`metric`), or by default GFLOP/s when
// ops_per_item > 0, else GB/s when bytes_per_item > 0, else launches/s.
//
// Errors (all thrown from setup(); UnsupportedError maps to exit status 2):
//  * build failure: UnsupportedError "clBuildProgram:
//    CL_BUILD_PROGRAM_FAILURE (-11)" followed by the build log, in which the
//    compiler's temporary paths are replaced by the user's file name
//    ("kernels/k.cl:12:5: error: ...");
//  * a kernel name not in the file: the kernels the file defines are listed;
//  * argument count or kinds that do not match the kernel's parameters
//    (read with clGetKernelArgInfo; the program is built with
//    -cl-kernel-arg-info): "kernel 'NAME' argument 2 ('scale'): expects
//    float, got a buffer ('x')". Without argument info the OpenCL error of
//    clSetKernelArg is reported with the argument's index.
// No host reference exists for a user's kernel: verification reports, for
// every buffer the kernel may write, how many 32-bit words changed after the
// first launch and whether they hold NaN or Inf (as floats).
#include <optional>
#include <string>
#include <vector>

#include "workloads/Workload.hpp"

namespace clscope::workloads {

enum class BufferInit { zero, random, random_int, sequence, sequence_int, file };
enum class BufferAccess { read, write, read_write };

struct CustomBuffer {
  std::string name;
  std::uint64_t bytes = 0;
  BufferInit init = BufferInit::zero;
  BufferAccess access = BufferAccess::read_write;
  std::vector<unsigned char> contents;  ///< init = file: the file's bytes (at least `bytes`)
};

struct CustomArg {
  enum class Kind { buffer, scalar, local };
  Kind kind = Kind::buffer;
  std::string text;                  ///< as written ("x", "float:2.5", "local:4KiB")
  std::string buffer;                ///< Kind::buffer
  std::string type;                  ///< Kind::scalar: OpenCL type name ("float", "uint", ...)
  std::vector<unsigned char> value;  ///< Kind::scalar: the value's bytes in that type
  std::uint64_t local_bytes = 0;     ///< Kind::local
};

struct CustomOptions {
  std::string source;   ///< the kernel file's text
  std::string origin;   ///< the file name shown in build logs and messages
  std::string kernel;
  std::string build_options;
  std::vector<CustomBuffer> buffers;
  std::vector<CustomArg> args;
  std::vector<std::size_t> global, local;  ///< local empty = runtime's choice
  double bytes_per_item = 0;
  double ops_per_item = 0;
  std::optional<core::Metric> metric;  ///< nullopt = by the accounting (above)
};

class CustomWorkload final : public Workload {
 public:
  CustomWorkload(CommonOptions common, CustomOptions options);
  std::string kind() const override { return "custom"; }
  core::Metric metric() const override;
  SetupInfo prepare(const Device& device, cl::CommandQueue& queue, ApiMeter& meter) override;
  std::string check_first_launch(cl::CommandQueue& queue) override {
    return "unchecked (no host reference for a custom kernel); after the first launch: " +
           describe_outputs(queue);
  }
  Launch enqueue(cl::CommandQueue& queue, ApiMeter& meter) override;
  std::string verify_after(cl::CommandQueue& queue, std::uint64_t launches) override;

 private:
  std::string label() const;  // "custom 'NAME'"
  void set_args(const Device& device);
  std::string describe_outputs(cl::CommandQueue& queue);

  CustomOptions opt_;
  double items_ = 0;
  cl::Kernel kernel_;
  std::vector<cl::Buffer> buffers_;
  std::vector<std::vector<unsigned char>> initial_;  // initial contents per buffer
  cl::NDRange global_, local_;
};

}  // namespace clscope::workloads
