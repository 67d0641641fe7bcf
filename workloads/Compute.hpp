#pragma once
// `compute`: FMA-dense kernel with 8 independent chains per work-item; GFLOP/s.
// Ops per launch = work_items * iters * 8 chains * 2 (FMA) * vec lanes.
// Bytes per launch = work_items * vec * sizeof(element) * 2 (one load, one store each).
#include <vector>

#include "workloads/Workload.hpp"

namespace clscope::workloads {

enum class Precision { f32, f64, f16 };
const char* precision_name(Precision p);

struct ComputeOptions {
  Precision precision = Precision::f32;
  int vec = 8;                   ///< 1, 2, 4, 8, 16; 0 = the device's native float width
  std::uint64_t work_items = 0;  ///< 0 = sized so one launch takes about 20 ms
  int iters = 256;               ///< FMA rounds per work-item
  int chains = 8;                ///< independent FMA chains per work-item: 4, 8 or 16
};

constexpr int kComputeChains = 8;
double compute_ops(std::uint64_t work_items, int iters, int vec, int chains = kComputeChains);

/// Host reference for one lane starting at `x` (the input value), in double.
double compute_reference(double x, double a, double b, int iters, int chains = kComputeChains);

class ComputeWorkload final : public Workload {
 public:
  ComputeWorkload(CommonOptions common, ComputeOptions options);
  std::string kind() const override { return "compute"; }
  core::Metric metric() const override { return core::Metric::flops_per_s; }
  SetupInfo prepare(const Device& device, cl::CommandQueue& queue, ApiMeter& meter) override;
  /// Auto-size (no work_items given): one launch of about 20 ms.
  void after_first_launch(const Device& device, cl::CommandQueue& queue, ApiMeter& meter,
                          SetupInfo& info) override;
  std::string check_first_launch(cl::CommandQueue& queue) override { return check(queue); }
  Launch enqueue(cl::CommandQueue& queue, ApiMeter& meter) override;
  std::string verify_after(cl::CommandQueue& queue, std::uint64_t launches) override;

 private:
  std::string check(cl::CommandQueue& queue);
  void set_size(const Device& device, std::uint64_t work_items);
  /// description, ops/bytes per launch and resolved keys at the current size.
  void describe(SetupInfo& info) const;

  ComputeOptions opt_;
  std::uint64_t work_items_ = 0;
  std::size_t elem_bytes_ = 4;
  std::string vtype_;  ///< "float16", ...
  double a_ = 0.999, b_ = 0.001;
  cl::Buffer in_, out_;
  std::vector<float> input_;  // starting values, as float (converted per precision)
  cl::Kernel kernel_;
};

}  // namespace clscope::workloads
