#pragma once
// Open-loop request generation for request workloads: arrival processes and
// request-size distributions, seeded and reproducible (own generator and
// sampling formulas, so a seed gives the same sequence with any standard
// library). Pure; each object is used by one thread.
//
// Arrival processes (times are offsets from the start of the run, ns):
//  * constant: one request every 1/rate_hz.
//  * poisson:  exponential inter-arrival times with mean 1/rate_hz.
//  * bursty:   a two-state Markov-modulated Poisson process. The process
//              alternates ON and OFF periods with exponentially distributed
//              lengths (means burst_on_ms, burst_off_ms), starting ON; arrivals
//              are Poisson at burst_rate_hz while ON and at rate_hz while OFF
//              (rate_hz = 0 gives a pure on/off source). Long-run mean rate:
//              (on*burst_rate + off*rate) / (on + off).
//  * trace:    the given timestamps (seconds, ascending) replayed in order; at
//              the end the trace starts again, shifted by its last timestamp
//              plus its mean gap.
// Size distributions (request sizes in rows, integers):
//  * fixed:     always `mean`.
//  * uniform:   uniform integers in [min, max].
//  * lognormal: exp(N(mu, sigma^2)) with mu = ln(mean) - sigma^2/2 (so the
//               untruncated mean is `mean`), rounded, clamped to [min, max].
//  * file:      the given sizes in order, repeating; each clamped to [min, max].
#include <cstdint>
#include <string>
#include <vector>

namespace clscope::core {

/// xoshiro256** seeded through splitmix64.
class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  std::uint64_t next();
  /// Uniform in [0, 1), 53 bits.
  double uniform();
  /// Exponential with the given mean (> 0).
  double exponential(double mean);
  /// Standard normal (Box-Muller).
  double normal();

 private:
  std::uint64_t s_[4];
  bool have_spare_ = false;
  double spare_ = 0;
};

enum class ArrivalKind { constant, poisson, bursty, trace };
const char* arrival_kind_name(ArrivalKind k);

struct ArrivalOptions {
  ArrivalKind kind = ArrivalKind::poisson;
  double rate_hz = 100;        ///< constant/poisson rate; bursty: rate while OFF
  double burst_rate_hz = 1000; ///< bursty: rate while ON
  double burst_on_ms = 50;     ///< bursty: mean ON period
  double burst_off_ms = 450;   ///< bursty: mean OFF period
  std::vector<double> trace_s; ///< trace: ascending timestamps, seconds
  std::uint64_t seed = 1;
};

/// Throws std::invalid_argument when the options cannot generate arrivals
/// (no positive rate, an empty or descending trace, ...).
class ArrivalProcess {
 public:
  explicit ArrivalProcess(ArrivalOptions options);
  /// Offset of the next arrival from the start, ns; non-decreasing.
  std::int64_t next_ns();
  /// Long-run mean arrival rate, per second.
  double mean_rate_hz() const;
  /// Whether the bursty process was ON at the time of the last arrival.
  bool in_burst() const { return on_; }

 private:
  double next_s();

  ArrivalOptions opt_;
  Rng rng_;
  double t_s_ = 0;           // time of the last arrival
  bool on_ = true;           // bursty: current state
  double state_end_s_ = 0;   // bursty: end of the current period
  std::size_t trace_i_ = 0;  // trace: next index
  double trace_offset_s_ = 0;
  double trace_period_s_ = 0;
  std::uint64_t count_ = 0;
};

enum class SizeKind { fixed, uniform, lognormal, file };
const char* size_kind_name(SizeKind k);

struct SizeOptions {
  SizeKind kind = SizeKind::fixed;
  std::uint32_t mean = 32;
  std::uint32_t min = 1;
  std::uint32_t max = 256;
  double sigma = 0.5;                ///< lognormal shape
  std::vector<std::uint32_t> sizes;  ///< file
  std::uint64_t seed = 1;
};

/// Throws std::invalid_argument on inconsistent options (min > max, mean
/// outside [min, max] for fixed, an empty size list, sigma < 0).
class SizeDistribution {
 public:
  explicit SizeDistribution(SizeOptions options);
  std::uint32_t next();

 private:
  SizeOptions opt_;
  Rng rng_;
  std::size_t file_i_ = 0;
};

/// Parses a trace file's text: one timestamp in seconds per line, ascending
/// (equal allowed); blank lines and '#' comments ignored. Throws
/// std::invalid_argument("ORIGIN:LINE: ...").
std::vector<double> parse_trace(const std::string& text, const std::string& origin);
/// Parses a size file: one positive integer (rows) per line; blank lines and
/// '#' comments ignored. Throws std::invalid_argument("ORIGIN:LINE: ...").
std::vector<std::uint32_t> parse_sizes(const std::string& text, const std::string& origin);

}  // namespace clscope::core
