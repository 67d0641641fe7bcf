#pragma once
// A log-linear (HDR-style) histogram of non-negative integer values (clscope
// records latencies in nanoseconds), mergeable and serialisable, with a
// bounded relative error.
//
// Buckets: values below 2^(kSubBucketBits+1) = 256 have one bucket each
// (exact). Above, each power-of-two range [2^e, 2^(e+1)) is split into
// 2^kSubBucketBits = 128 equal buckets. A bucket [lo, lo + w) therefore has
// w <= lo / 128, and a percentile is reported as its bucket's midpoint,
// clamped to the exact recorded min and max: the relative error of any
// reported percentile is at most 2^-(kSubBucketBits+1) = 1/256 (0.39 %).
// min, max, count and sum are exact.
//
// Percentile definition: nearest rank, the smallest recorded value v such that
// at least ceil(q * count) values are <= v (q in [0, 1]; q = 0 gives min).
//
// Memory: a sparse sorted list of non-empty buckets. Plain value type; not
// thread-safe (one writer, or copies).
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace clscope::core {

class Histogram {
 public:
  static constexpr int kSubBucketBits = 7;
  /// Upper bound of the relative error of percentile(): 2^-(kSubBucketBits+1).
  static constexpr double kRelativeError = 1.0 / (1 << (kSubBucketBits + 1));

  /// Records `value` `n` times. Negative values are recorded as 0.
  void record(std::int64_t value, std::uint64_t n = 1);
  /// Adds every value recorded in `other`.
  void merge(const Histogram& other);

  std::uint64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  /// Exact extremes and mean; nullopt when empty.
  std::optional<std::int64_t> min() const;
  std::optional<std::int64_t> max() const;
  std::optional<double> mean() const;
  /// Nearest-rank percentile (see above); nullopt when empty. q is clamped to [0, 1].
  std::optional<double> percentile(double q) const;
  /// Number of recorded values <= `value` (exact for values on bucket
  /// boundaries, else counting the whole bucket containing `value`).
  std::uint64_t count_at_or_below(std::int64_t value) const;

  /// Bucket index of a value, and the range [lower, upper) of a bucket.
  static std::uint32_t bucket_of(std::uint64_t value);
  static std::uint64_t bucket_lower(std::uint32_t index);
  static std::uint64_t bucket_upper(std::uint32_t index);

  /// (bucket index, count) pairs of non-empty buckets, ascending.
  const std::vector<std::pair<std::uint32_t, std::uint64_t>>& buckets() const { return buckets_; }

  bool operator==(const Histogram&) const = default;

 private:
  friend void from_json(const nlohmann::json& j, Histogram& h);

  std::vector<std::pair<std::uint32_t, std::uint64_t>> buckets_;
  std::uint64_t count_ = 0;
  double sum_ = 0;
  std::int64_t min_ = 0, max_ = 0;
};

/// {"sub_bucket_bits":7,"count":N,"sum":S,"min":A,"max":B,"buckets":[[index,count],...]}.
/// from_json throws std::invalid_argument naming what is wrong (another
/// sub_bucket_bits, counts that do not add up, unsorted buckets).
void to_json(nlohmann::json& j, const Histogram& h);
void from_json(const nlohmann::json& j, Histogram& h);

}  // namespace clscope::core
