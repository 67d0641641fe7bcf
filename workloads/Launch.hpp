#pragma once
// `launch`: the smallest kernel, to measure launch cost; launch/s, plus
// dispatch latency (START - QUEUED, device clock) and round trip (enqueue to
// observed completion, host clock) per launch.
// Bytes per launch: 8 (one int read and written). Ops: 1.
#include "workloads/Workload.hpp"

namespace clscope::workloads {

struct LaunchOptions {
  std::uint64_t work_items = 1;
};

class LaunchWorkload final : public Workload {
 public:
  LaunchWorkload(CommonOptions common, LaunchOptions options);
  std::string kind() const override { return "launch"; }
  core::Metric metric() const override { return core::Metric::launches_per_s; }
  SetupInfo prepare(const Device& device, cl::CommandQueue& queue, ApiMeter& meter) override;
  std::string check_first_launch(cl::CommandQueue& queue) override;
  Launch enqueue(cl::CommandQueue& queue, ApiMeter& meter) override;
  std::string verify_after(cl::CommandQueue& queue, std::uint64_t launches) override;

 private:
  int read_counter(cl::CommandQueue& queue);

  LaunchOptions opt_;
  cl::Buffer counter_;
  cl::Kernel kernel_;
};

}  // namespace clscope::workloads
