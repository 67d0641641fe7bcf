#include "core/Arrivals.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>
#include <stdexcept>

#include "core/SplitMix64.hpp"

namespace clscope::core {

namespace {

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(std::uint64_t seed) {
  std::uint64_t s = seed;
  for (auto& v : s_) v = splitmix64(s);
}

std::uint64_t Rng::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double Rng::exponential(double mean) { return -mean * std::log1p(-uniform()); }

double Rng::normal() {
  if (have_spare_) {
    have_spare_ = false;
    return spare_;
  }
  double u1 = uniform();
  while (u1 <= 0) u1 = uniform();
  const double u2 = uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  spare_ = r * std::sin(2 * std::numbers::pi * u2);
  have_spare_ = true;
  return r * std::cos(2 * std::numbers::pi * u2);
}

const char* arrival_kind_name(ArrivalKind k) {
  switch (k) {
    case ArrivalKind::constant: return "constant";
    case ArrivalKind::poisson: return "poisson";
    case ArrivalKind::bursty: return "bursty";
    case ArrivalKind::trace: return "trace";
  }
  return "?";
}

const char* size_kind_name(SizeKind k) {
  switch (k) {
    case SizeKind::fixed: return "fixed";
    case SizeKind::uniform: return "uniform";
    case SizeKind::lognormal: return "lognormal";
    case SizeKind::file: return "file";
  }
  return "?";
}

ArrivalProcess::ArrivalProcess(ArrivalOptions options)
    : opt_(std::move(options)), rng_(opt_.seed * 0x2545F4914F6CDD1DULL + 7) {
  switch (opt_.kind) {
    case ArrivalKind::constant:
    case ArrivalKind::poisson:
      if (!(opt_.rate_hz > 0))
        throw std::invalid_argument(std::string(arrival_kind_name(opt_.kind)) +
                                    " arrivals need rate_hz > 0");
      break;
    case ArrivalKind::bursty:
      if (!(opt_.burst_rate_hz > 0) || opt_.rate_hz < 0)
        throw std::invalid_argument("bursty arrivals need burst_rate_hz > 0 and rate_hz >= 0");
      if (!(opt_.burst_on_ms > 0) || !(opt_.burst_off_ms > 0))
        throw std::invalid_argument("bursty arrivals need burst_on_ms > 0 and burst_off_ms > 0");
      state_end_s_ = rng_.exponential(opt_.burst_on_ms * 1e-3);
      break;
    case ArrivalKind::trace: {
      if (opt_.trace_s.empty()) throw std::invalid_argument("trace arrivals need timestamps");
      if (!std::is_sorted(opt_.trace_s.begin(), opt_.trace_s.end()))
        throw std::invalid_argument("trace timestamps must be ascending");
      const double first = opt_.trace_s.front(), last = opt_.trace_s.back();
      const double gap = opt_.trace_s.size() > 1
                             ? (last - first) / static_cast<double>(opt_.trace_s.size() - 1)
                             : 0.0;
      trace_period_s_ = last + (gap > 0 ? gap : std::max(last, 1e-3));
      if (!(trace_period_s_ > 0))
        throw std::invalid_argument("trace timestamps must span a positive time");
      break;
    }
  }
}

double ArrivalProcess::mean_rate_hz() const {
  switch (opt_.kind) {
    case ArrivalKind::constant:
    case ArrivalKind::poisson: return opt_.rate_hz;
    case ArrivalKind::bursty:
      return (opt_.burst_on_ms * opt_.burst_rate_hz + opt_.burst_off_ms * opt_.rate_hz) /
             (opt_.burst_on_ms + opt_.burst_off_ms);
    case ArrivalKind::trace:
      return static_cast<double>(opt_.trace_s.size()) / trace_period_s_;
  }
  return 0;
}

double ArrivalProcess::next_s() {
  switch (opt_.kind) {
    case ArrivalKind::constant:
      // Multiplying rather than accumulating keeps the schedule free of drift.
      return static_cast<double>(count_) / opt_.rate_hz;
    case ArrivalKind::poisson: return t_s_ + rng_.exponential(1.0 / opt_.rate_hz);
    case ArrivalKind::bursty: {
      // Memorylessness: within a state, draw the next arrival at the state's
      // rate; if it falls past the state's end, move to the next state from
      // its boundary and draw again.
      double t = t_s_;
      for (;;) {
        const double rate = on_ ? opt_.burst_rate_hz : opt_.rate_hz;
        const double candidate =
            rate > 0 ? t + rng_.exponential(1.0 / rate) : std::numeric_limits<double>::infinity();
        if (candidate <= state_end_s_) return candidate;
        t = state_end_s_;
        on_ = !on_;
        state_end_s_ = t + rng_.exponential((on_ ? opt_.burst_on_ms : opt_.burst_off_ms) * 1e-3);
      }
    }
    case ArrivalKind::trace: {
      if (trace_i_ == opt_.trace_s.size()) {
        trace_i_ = 0;
        trace_offset_s_ += trace_period_s_;
      }
      return trace_offset_s_ + opt_.trace_s[trace_i_++];
    }
  }
  return t_s_;
}

std::int64_t ArrivalProcess::next_ns() {
  const double t = std::max(next_s(), t_s_);
  t_s_ = t;
  ++count_;
  return static_cast<std::int64_t>(std::llround(t * 1e9));
}

SizeDistribution::SizeDistribution(SizeOptions options)
    : opt_(std::move(options)), rng_(opt_.seed * 0x9E3779B97F4A7C15ULL + 3) {
  if (opt_.min < 1) throw std::invalid_argument("size_min must be >= 1");
  if (opt_.min > opt_.max)
    throw std::invalid_argument("size_min (" + std::to_string(opt_.min) + ") exceeds size_max (" +
                                std::to_string(opt_.max) + ")");
  if ((opt_.kind == SizeKind::fixed || opt_.kind == SizeKind::lognormal) &&
      (opt_.mean < opt_.min || opt_.mean > opt_.max))
    throw std::invalid_argument("size_mean (" + std::to_string(opt_.mean) +
                                ") must lie within [size_min, size_max] = [" +
                                std::to_string(opt_.min) + ", " + std::to_string(opt_.max) + "]");
  if (opt_.kind == SizeKind::lognormal && !(opt_.sigma >= 0))
    throw std::invalid_argument("size_sigma must be >= 0");
  if (opt_.kind == SizeKind::file && opt_.sizes.empty())
    throw std::invalid_argument("size file holds no sizes");
}

std::uint32_t SizeDistribution::next() {
  switch (opt_.kind) {
    case SizeKind::fixed: return opt_.mean;
    case SizeKind::uniform: {
      const std::uint64_t span = static_cast<std::uint64_t>(opt_.max - opt_.min) + 1;
      return opt_.min + static_cast<std::uint32_t>(rng_.uniform() * static_cast<double>(span));
    }
    case SizeKind::lognormal: {
      const double mu = std::log(static_cast<double>(opt_.mean)) - opt_.sigma * opt_.sigma / 2;
      const double v = std::exp(mu + opt_.sigma * rng_.normal());
      return static_cast<std::uint32_t>(std::clamp(std::llround(v), static_cast<long long>(opt_.min),
                                                   static_cast<long long>(opt_.max)));
    }
    case SizeKind::file: {
      const std::uint32_t v = opt_.sizes[file_i_];
      file_i_ = (file_i_ + 1) % opt_.sizes.size();
      return std::clamp(v, opt_.min, opt_.max);
    }
  }
  return opt_.mean;
}

namespace {

template <typename F>
void for_each_line(const std::string& text, const std::string& origin, F&& f) {
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    const auto b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos) continue;
    const auto e = line.find_last_not_of(" \t\r");
    const std::string item = line.substr(b, e - b + 1);
    const std::string where = origin + ":" + std::to_string(number) + ": ";
    f(item, where);
  }
}

}  // namespace

std::vector<double> parse_trace(const std::string& text, const std::string& origin) {
  std::vector<double> out;
  for_each_line(text, origin, [&](const std::string& item, const std::string& where) {
    double v = 0;
    const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc{} || ptr != item.data() + item.size() || !std::isfinite(v) || v < 0)
      throw std::invalid_argument(where + "expected a timestamp in seconds (>= 0), got '" + item +
                                  "'");
    if (!out.empty() && v < out.back())
      throw std::invalid_argument(where + "timestamp " + item +
                                  " is earlier than the previous one: timestamps must ascend");
    out.push_back(v);
  });
  if (out.empty()) throw std::invalid_argument(origin + ": no timestamps");
  return out;
}

std::vector<std::uint32_t> parse_sizes(const std::string& text, const std::string& origin) {
  std::vector<std::uint32_t> out;
  for_each_line(text, origin, [&](const std::string& item, const std::string& where) {
    std::uint32_t v = 0;
    const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc{} || ptr != item.data() + item.size() || v == 0)
      throw std::invalid_argument(where + "expected a positive integer size (rows), got '" + item +
                                  "'");
    out.push_back(v);
  });
  if (out.empty()) throw std::invalid_argument(origin + ": no sizes");
  return out;
}

}  // namespace clscope::core
