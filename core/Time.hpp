#pragma once
// Clocks used across clscope. Host timestamps are std::chrono::steady_clock
// (CLOCK_MONOTONIC on Linux) in nanoseconds; POCL's profiling timestamps use
// the same clock, other drivers use their own device clock.
#include <cstdint>
#include <ctime>
#include <chrono>

namespace clscope::core {

/// Nanoseconds on the steady (monotonic) clock. Thread-safe.
inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// CPU time consumed by the calling thread, in nanoseconds
/// (CLOCK_THREAD_CPUTIME_ID: not tick-quantised like getrusage).
inline std::int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

/// Seconds since the Unix epoch (wall clock), for manifests.
inline double unix_time_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace clscope::core
