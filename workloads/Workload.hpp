#pragma once
// The interface every workload implements, and the knobs they all share.
// A workload is driven by one Runner thread: setup() once, then enqueue()
// repeatedly; it never waits itself (the Runner does, and times it).
// A workload whose work is not "one enqueue, one completion" (the request
// pipeline: open-loop arrivals, batches over several queues) says so with
// owns_loop() and runs its own loop in run_loop(), through a RunContext.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "core/IterationStats.hpp"
#include "core/Window.hpp"
#include "workloads/ApiMeter.hpp"
#include "workloads/Device.hpp"

namespace clscope::workloads {

/// Knobs common to every workload (see the man page).
struct CommonOptions {
  std::string name;
  double host_work_us = 0;   ///< busy CPU work on the submitting thread before each launch
  double host_sleep_us = 0;  ///< idle gap before each launch
  int in_flight = 1;         ///< launches enqueued before waiting for the oldest
  bool verify = false;       ///< re-check results against the host reference after the run
  std::uint64_t seed = 1;    ///< seeds the random buffer contents
  double start_after_s = 0;  ///< timed work starts this long after the session start (setup runs at once)
  double stop_after_s = 0;   ///< timed work stops this long after the session start; 0 = never
  std::uint64_t max_launches = 0;  ///< stop after this many timed launches; 0 = no limit
  double timeout_s = 60;     ///< a wait on one launch longer than this fails the workload
};

/// What setup() found and did; excluded from every throughput figure.
struct SetupInfo {
  std::string description;     ///< "triad float4, 3 arrays of 128 MiB"
  double bytes_per_launch = 0;
  double ops_per_launch = 0;
  double build_ms = 0;         ///< program build (compilation)
  double first_launch_ms = 0;  ///< first launch, host wall time (includes JIT at this size)
  double calibration_ms = 0;   ///< launches spent sizing the problem (e.g. compute auto size)
  std::string verification;    ///< "ok: ..." result of the host-reference check
  bool zero_copy = false;      ///< a mapped "transfer" that moves nothing
  nlohmann::json resolved;     ///< parameters after auto-sizing
};

/// One enqueued command, not yet complete.
struct Launch {
  cl::Event event;
  double bytes = 0;
  double ops = 0;
  bool transfer = false;
};

/// The result does not match the host reference.
class VerificationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What the Runner gives a workload that owns its loop. Every method is
/// called from the runner's thread only.
class RunContext {
 public:
  virtual ~RunContext() = default;
  virtual const Device& device() const = 0;
  /// The runner's in-order profiling queue (the one setup() used).
  virtual cl::CommandQueue& queue() = 0;
  /// Accounts the thread's time in OpenCL calls (see ApiMeter).
  virtual ApiMeter& meter() = 0;
  /// Stop asked for, or the workload's stop_after_s reached: finish what is
  /// in flight, submit it, and return.
  virtual bool stop_requested() const = 0;
  virtual bool pause_requested() const = 0;
  /// When pause_requested(), after completing everything in flight: blocks
  /// until resumed (returns true; the paused time is left out of every span)
  /// or stopped (returns false).
  virtual bool wait_while_paused() = 0;
  /// Hands one completed item (a command with its profiling timestamps, and
  /// for request workloads the requests it completed) to the aggregator.
  virtual void submit(const core::IterationStats& it) = 0;
};

class Workload {
 public:
  explicit Workload(CommonOptions common) : common_(std::move(common)) {}
  virtual ~Workload() = default;
  Workload(const Workload&) = delete;
  Workload& operator=(const Workload&) = delete;

  virtual std::string kind() const = 0;
  virtual core::Metric metric() const = 0;
  /// The engine's setup, the same for every kind: prepare() (build, allocate,
  /// fill), the first launch timed as `first_launch_ms` (it includes the
  /// driver's compilation at this size and is never part of a figure),
  /// after_first_launch() (auto-sizing), then check_first_launch() against a
  /// host reference. Throws ClError, UnsupportedError, VerificationError.
  SetupInfo setup(const Device& device, cl::CommandQueue& queue, ApiMeter& meter);
  /// Enqueues one timed command (kernel or transfer) without waiting.
  virtual Launch enqueue(cl::CommandQueue& queue, ApiMeter& meter) = 0;
  /// Re-checks the result after `launches` timed launches (verify=true).
  /// Returns a description; throws VerificationError on mismatch.
  virtual std::string verify_after(cl::CommandQueue& queue, std::uint64_t launches) = 0;

  /// True when the workload runs its own loop (run_loop) instead of the
  /// Runner's enqueue/wait loop; enqueue() is then never called.
  virtual bool owns_loop() const { return false; }
  /// The timed part of a workload that owns its loop. Throws like setup().
  virtual void run_loop(RunContext& /*context*/) {}

  const CommonOptions& common() const { return common_; }

 protected:
  /// Builds programs, allocates and fills buffers, and describes the workload
  /// (description, bytes and ops per launch, resolved parameters).
  virtual SetupInfo prepare(const Device& device, cl::CommandQueue& queue, ApiMeter& meter) = 0;
  /// The first launch, waited for. Default: one enqueue().
  virtual void first_launch(cl::CommandQueue& queue, ApiMeter& meter);
  /// After the first launch: size the problem and describe it again (compute).
  virtual void after_first_launch(const Device& /*device*/, cl::CommandQueue& /*queue*/,
                                  ApiMeter& /*meter*/, SetupInfo& /*info*/) {}
  /// Checks what the first launch computed: the text of SetupInfo::verification
  /// ("ok: ..."). Throws VerificationError on a mismatch.
  virtual std::string check_first_launch(cl::CommandQueue& queue) = 0;

  CommonOptions common_;
};

}  // namespace clscope::workloads
