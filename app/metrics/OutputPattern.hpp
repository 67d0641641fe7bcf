#pragma once
// File name patterns for --output: %h the short host name (up to the first
// dot), %t the UTC time as 20261206T213000Z, %% a percent sign. Lets
// `srun ... clscope check --json --output DIR/%h.json` fan out one file per
// node. Pure; thread-safe.
#include <chrono>
#include <stdexcept>
#include <string>

namespace clscope::metrics {

class PatternError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// "node01.cluster" -> "node01".
std::string short_host(const std::string& host);
/// 2026-12-06 21:30:00 UTC -> "20261206T213000Z".
std::string utc_stamp(std::chrono::system_clock::time_point t);
/// Expands the pattern. Throws PatternError for another % sequence, a
/// trailing %, or a host that would make a path ("/" or empty).
std::string expand_output_pattern(const std::string& pattern, const std::string& host,
                                  std::chrono::system_clock::time_point t);

/// This machine's host name (gethostname), "" when unknown.
std::string local_host_name();

}  // namespace clscope::metrics
