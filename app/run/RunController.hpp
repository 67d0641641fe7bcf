#pragma once
// Owns the workloads of a run: one Runner per workload on an opened device,
// and the aggregator that closes their windows (core::Session keeps the
// history). Used by LiveRun.
// Thread-safety: tick(), pause() and the accessors are called from one thread
// (the main/UI thread); Runners call into the aggregator from their own.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/Config.hpp"
#include "core/Aggregator.hpp"
#include "workloads/Device.hpp"
#include "workloads/Runner.hpp"

namespace clscope::app {

struct WorkloadSlot {
  config::WorkloadConfig config;
  core::WorkloadInfo info;
  std::unique_ptr<workloads::Runner> runner;
};

class RunController {
 public:
  /// Creates (but does not start) the runners on an opened device, which
  /// must outlive the controller. Throws ConfigError (workload mapping).
  RunController(const workloads::Device& device, const config::Scenario& scenario,
                std::function<void(int index, const std::string& thread_name)> on_thread_start = {});
  ~RunController();

  void start();
  /// Closes the current window (all workloads) and returns it.
  std::vector<core::WindowStats> tick();
  void set_paused(bool paused);
  void stop();  ///< asks every runner to stop and joins them (not an abandoned one)
  /// Fails every workload stuck in one launch past its timeout_s; their indexes.
  std::vector<int> check_timeouts();

  const workloads::Device& device() const { return device_; }
  std::vector<WorkloadSlot>& slots() { return slots_; }
  const std::vector<WorkloadSlot>& slots() const { return slots_; }
  double elapsed_s() const;
  std::int64_t origin_ns() const { return aggregator_->origin_ns(); }

 private:
  const workloads::Device& device_;
  std::unique_ptr<core::Aggregator> aggregator_;
  std::vector<WorkloadSlot> slots_;
};

}  // namespace clscope::app
