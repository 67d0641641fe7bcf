#pragma once
// `stream`: McCalpin's copy/scale/add/triad on float vectors; GB/s.
// Bytes per launch (STREAM convention, write-allocate not counted):
//   copy, scale: 2 * N * 4;  add, triad: 3 * N * 4   (N floats per array).
// Ops per launch: copy 0, scale N, add N, triad 2N.
#include <vector>

#include "workloads/Workload.hpp"

namespace clscope::workloads {

enum class StreamOp { copy, scale, add, triad };

struct StreamOptions {
  StreamOp op = StreamOp::triad;
  int vec = 4;                     ///< 1, 2, 4, 8, 16
  std::uint64_t array_bytes = 0;   ///< bytes per array; 0 = default past the cache
};

/// Bytes and ops one launch of `op` over `n` floats accounts for.
double stream_bytes(StreamOp op, std::uint64_t n);
double stream_ops(StreamOp op, std::uint64_t n);
const char* stream_op_name(StreamOp op);

class StreamWorkload final : public Workload {
 public:
  StreamWorkload(CommonOptions common, StreamOptions options);
  std::string kind() const override { return "stream"; }
  core::Metric metric() const override { return core::Metric::bytes_per_s; }
  SetupInfo prepare(const Device& device, cl::CommandQueue& queue, ApiMeter& meter) override;
  std::string check_first_launch(cl::CommandQueue& queue) override { return check(queue); }
  Launch enqueue(cl::CommandQueue& queue, ApiMeter& meter) override;
  std::string verify_after(cl::CommandQueue& queue, std::uint64_t launches) override;

  /// After setup: switches to another op and vector width over the same
  /// arrays (rebuilds the kernel; no new buffers, no fill). Used by the
  /// calibration to try several variants on one set of large arrays. The
  /// contents no longer match the host reference after a copy or scale.
  void retarget(const Device& device, StreamOp op, int vec);

 private:
  void build_kernel(const Device& device, BuiltProgram* built_out);
  void bind_arguments();  ///< kernel arguments and global size for opt_
  std::string check(cl::CommandQueue& queue);

  StreamOptions opt_;
  std::uint64_t n_ = 0;  // floats per array
  static constexpr float kScalar = 3.0f;
  /// Floats per host slice when filling and checking (64 MiB).
  static constexpr std::uint64_t kSliceFloats = 16ull << 20;
  std::uint64_t array_seed(int array) const { return common_.seed * 3 + static_cast<unsigned>(array); }
  cl::Buffer da_, db_, dc_;
  cl::Kernel kernel_;
  cl::NDRange global_;
};

}  // namespace clscope::workloads
