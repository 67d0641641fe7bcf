#pragma once
// The interface every workload implements, and the knobs they all share.
// A workload is driven by one Runner thread: setup() once, then enqueue()
// repeatedly; it never waits itself (the Runner does, and times it).
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

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

class Workload {
 public:
  explicit Workload(CommonOptions common) : common_(std::move(common)) {}
  virtual ~Workload() = default;
  Workload(const Workload&) = delete;
  Workload& operator=(const Workload&) = delete;

  virtual std::string kind() const = 0;
  virtual core::Metric metric() const = 0;
  /// Builds programs, allocates and fills buffers, launches once and checks
  /// the result against a host reference. Throws ClError, UnsupportedError,
  /// VerificationError.
  virtual SetupInfo setup(const Device& device, cl::CommandQueue& queue, ApiMeter& meter) = 0;
  /// Enqueues one timed command (kernel or transfer) without waiting.
  virtual Launch enqueue(cl::CommandQueue& queue, ApiMeter& meter) = 0;
  /// Re-checks the result after `launches` timed launches (verify=true).
  /// Returns a description; throws VerificationError on mismatch.
  virtual std::string verify_after(cl::CommandQueue& queue, std::uint64_t launches) = 0;

  const CommonOptions& common() const { return common_; }

 protected:
  CommonOptions common_;
};

}  // namespace clscope::workloads
