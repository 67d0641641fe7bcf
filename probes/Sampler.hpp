#pragma once
// One thread ("clscope:probe") sampling a set of probes, each at its own
// period but never faster than the sampler's (default 100 ms = 10 Hz), and
// publishing the latest reading of every probe as an immutable SampleSet.
//
// Thread safety: latest() may be called from any thread at any time; it takes
// a mutex only long enough to copy a shared_ptr, so it never waits on a probe.
// The callback runs on the sampler thread after each round (keep it short).
// stop() (and the destructor) return within one probe call.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "probes/Probe.hpp"

namespace clscope::probes {

struct ProbeReading {
  std::string name;    ///< Probe::name()
  std::string device;  ///< Probe::device()
  std::optional<DeviceInfo> info;
  Sample sample;       ///< the probe's most recent sample
  std::int64_t cost_ns = 0;     ///< CPU time its last sample() took on the sampler thread
  std::int64_t total_cost_ns = 0;  ///< CPU time of all its samples so far
  std::uint64_t samples = 0;    ///< how many times it was sampled
};

struct SampleSet {
  std::int64_t t_ns = 0;          ///< when the round that produced it finished
  std::uint64_t round = 0;        ///< 1 for the first round
  std::vector<ProbeReading> readings;  ///< one per probe, in the probes' order
  /// The reading of a probe by name, or nullptr.
  const ProbeReading* find(std::string_view name) const;
};

class Sampler {
 public:
  using Callback = std::function<void(const std::shared_ptr<const SampleSet>&)>;

  explicit Sampler(std::vector<ProbePtr> probes,
                   std::chrono::milliseconds period = std::chrono::milliseconds(100),
                   Callback on_round = {});
  ~Sampler();
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;

  /// Starts the thread (no-op when running).
  void start();
  /// Stops and joins the thread (no-op when stopped).
  void stop();

  /// The latest published set; nullptr before the first round completes.
  std::shared_ptr<const SampleSet> latest() const;
  /// Rounds completed so far.
  std::uint64_t rounds() const { return rounds_.load(); }
  /// CPU time used by the sampler thread so far (its total once stopped), ns;
  /// nullopt when never started.
  std::optional<std::int64_t> thread_cpu_ns() const;

  /// Why the thread stopped on its own (empty while healthy).
  std::string error() const;

  /// Samples every probe once on the calling thread (no thread involved).
  static SampleSet sample_all(std::vector<ProbePtr>& probes);

 private:
  void run();
  void round(std::int64_t now_ns);

  std::vector<ProbePtr> probes_;
  std::vector<std::int64_t> due_ns_;
  std::vector<ProbeReading> readings_;
  std::chrono::milliseconds period_;
  Callback on_round_;

  mutable std::mutex mutex_;  // guards latest_, stop_, cpu_clock_
  std::condition_variable wake_;
  std::shared_ptr<const SampleSet> latest_;
  bool stop_ = false;
  std::optional<clockid_t> cpu_clock_;
  std::string error_;
  std::optional<std::int64_t> final_cpu_ns_;
  std::atomic<std::uint64_t> rounds_{0};
  std::thread thread_;
};

}  // namespace clscope::probes
