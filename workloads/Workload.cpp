#include "workloads/Workload.hpp"

#include <chrono>

#include "workloads/DeviceWait.hpp"

namespace clscope::workloads {

SetupInfo Workload::setup(const Device& device, cl::CommandQueue& queue, ApiMeter& meter) {
  SetupInfo info = prepare(device, queue, meter);
  const auto t0 = std::chrono::steady_clock::now();
  first_launch(queue, meter);
  info.first_launch_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  after_first_launch(device, queue, meter, info);
  info.verification = check_first_launch(queue);
  return info;
}

void Workload::first_launch(cl::CommandQueue& queue, ApiMeter& meter) {
  wait_event(enqueue(queue, meter).event);
}

}  // namespace clscope::workloads
