#include "app/metrics/OutputPattern.hpp"

#include <unistd.h>

#include <ctime>

namespace clscope::metrics {

std::string short_host(const std::string& host) { return host.substr(0, host.find('.')); }

std::string utc_stamp(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string expand_output_pattern(const std::string& pattern, const std::string& host,
                                  std::chrono::system_clock::time_point t) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') {
      out += pattern[i];
      continue;
    }
    if (i + 1 >= pattern.size())
      throw PatternError("--output " + pattern + ": a trailing % (write %% for a percent sign)");
    const char c = pattern[++i];
    if (c == 'h') {
      const std::string h = short_host(host);
      if (h.empty() || h.find('/') != std::string::npos || h == "..")
        throw PatternError("--output " + pattern + ": %h: the host name '" + host +
                           "' cannot be part of a file name");
      out += h;
    } else if (c == 't') {
      out += utc_stamp(t);
    } else if (c == '%') {
      out += '%';
    } else {
      throw PatternError("--output " + pattern + ": unknown %" + std::string(1, c) +
                         " (known: %h short host name, %t UTC time, %% a percent sign)");
    }
  }
  return out;
}

std::string local_host_name() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) return {};
  return host;
}

}  // namespace clscope::metrics
