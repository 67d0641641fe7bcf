#pragma once
// Drives one workload on its own thread (never a TBB worker: it blocks in
// OpenCL waits): setup, then timed launches with `in_flight` outstanding,
// host work and sleep between them, each completed launch handed to the
// aggregator. Control methods are thread-safe.
// Timing window of a workload: setup runs at once; timed work starts at
// session start + start_after_s (state "waiting" until then) and ends at
// stop_after_s (if > 0), after max_launches launches (if > 0), or on
// request_stop(). The session start is the aggregator's origin.
// A workload that owns_loop() runs its own loop through a RunContext.
// Launch watchdog: check_timeout() (called by the owner every window) fails a
// workload whose thread has waited on one launch longer than its timeout_s.
// OpenCL cannot cancel that launch, so the thread is abandoned: it touches
// nothing shared if it ever wakes, join() no longer waits for it, and the
// owner keeps the Runner alive (see RunController::stop).
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/Aggregator.hpp"
#include "workloads/DeviceWait.hpp"
#include "workloads/Workload.hpp"

namespace clscope::workloads {

enum class RunState { pending, building, waiting, running, paused, stopped, failed };
const char* run_state_name(RunState s);

struct RunnerStatus {
  RunState state = RunState::pending;
  std::string error;  ///< set when failed: "clEnqueueNDRangeKernel: CL_... (-5)" etc.
  enum class ErrorKind { none, opencl, unsupported, verification, timeout, other } error_kind =
      ErrorKind::none;
  std::optional<SetupInfo> setup;
  std::uint64_t launches = 0;       ///< timed launches completed
  std::string verify_after_result;  ///< set after the run when verify=true
};

class Runner {
 public:
  /// `on_thread_start` runs first on the new thread (naming, NUMA binding).
  Runner(const Device& device, std::unique_ptr<Workload> workload, int id,
         core::Aggregator& sink, std::function<void()> on_thread_start = {});
  ~Runner();

  void start();
  void request_stop();
  void set_paused(bool paused);
  /// Waits for the thread to finish (after request_stop, or on failure).
  void join();

  /// Fails and abandons the workload when its thread has waited on the
  /// device for longer than timeout_s at `now_ns`; true when it did now.
  bool check_timeout(std::int64_t now_ns);
  bool abandoned() const { return abandoned_; }

  RunnerStatus status() const;
  const Workload& workload() const { return *workload_; }
  int id() const { return id_; }

 private:
  class Context;
  void thread_main();
  void run_loop(cl::CommandQueue& queue);
  /// Waits until the workload's start time; false when stopped meanwhile.
  bool wait_for_start();
  /// stop_ or the workload's stop_after_s reached.
  bool should_stop() const;
  void set_state(RunState s);
  void fail(RunnerStatus::ErrorKind kind, const std::string& message);

  const Device& device_;
  std::unique_ptr<Workload> workload_;
  int id_;
  core::Aggregator& sink_;
  std::function<void()> on_thread_start_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> paused_{false};
  std::atomic<bool> abandoned_{false};
  WaitClock wait_clock_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  RunnerStatus status_;
};

/// Busy CPU work on the calling thread for `us` microseconds (real arithmetic,
/// not a sleep). Returns the wall time spent, ns.
std::int64_t busy_host_work(double us);

}  // namespace clscope::workloads
