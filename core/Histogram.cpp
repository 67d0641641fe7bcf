#include "core/Histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace clscope::core {
namespace {

constexpr std::uint64_t kSub = 1u << Histogram::kSubBucketBits;  // 128

std::uint64_t rank_of(double q, std::uint64_t count) {
  q = std::clamp(q, 0.0, 1.0);
  // The small epsilon keeps q * count from rounding up past an exact rank
  // (0.99 * 100 = 99.00000000000001).
  const double r = std::ceil(q * static_cast<double>(count) - 1e-9);
  return std::clamp<std::uint64_t>(static_cast<std::uint64_t>(std::max(r, 1.0)), 1, count);
}

}  // namespace

std::uint32_t Histogram::bucket_of(std::uint64_t value) {
  if (value < 2 * kSub) return static_cast<std::uint32_t>(value);
  const int e = static_cast<int>(std::bit_width(value)) - 1;  // floor(log2 value), >= kSubBucketBits + 1
  const int shift = e - kSubBucketBits;
  const std::uint64_t sub = value >> shift;  // in [kSub, 2 kSub)
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(shift) * kSub + sub);
}

std::uint64_t Histogram::bucket_lower(std::uint32_t index) {
  if (index < 2 * kSub) return index;
  const std::uint64_t shift = index / kSub - 1;
  const std::uint64_t sub = index - shift * kSub;
  return sub << shift;
}

std::uint64_t Histogram::bucket_upper(std::uint32_t index) {
  if (index < 2 * kSub) return static_cast<std::uint64_t>(index) + 1;
  const std::uint64_t shift = index / kSub - 1;
  return bucket_lower(index) + (std::uint64_t{1} << shift);
}

void Histogram::record(std::int64_t value, std::uint64_t n) {
  if (n == 0) return;
  value = std::max<std::int64_t>(value, 0);
  const std::uint32_t b = bucket_of(static_cast<std::uint64_t>(value));
  auto it = std::lower_bound(buckets_.begin(), buckets_.end(), b,
                             [](const auto& e, std::uint32_t key) { return e.first < key; });
  if (it != buckets_.end() && it->first == b)
    it->second += n;
  else
    buckets_.insert(it, {b, n});
  if (count_ == 0) {
    min_ = max_ = value;
  } else {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }
  count_ += n;
  sum_ += static_cast<double>(value) * static_cast<double>(n);
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> out;
  out.reserve(buckets_.size() + other.buckets_.size());
  auto a = buckets_.cbegin();
  auto b = other.buckets_.cbegin();
  while (a != buckets_.cend() || b != other.buckets_.cend()) {
    if (b == other.buckets_.cend() || (a != buckets_.cend() && a->first < b->first)) {
      out.push_back(*a++);
    } else if (a == buckets_.cend() || b->first < a->first) {
      out.push_back(*b++);
    } else {
      out.emplace_back(a->first, a->second + b->second);
      ++a, ++b;
    }
  }
  buckets_.swap(out);
  if (count_ == 0) {
    min_ = other.min_;
    max_ = other.max_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  count_ += other.count_;
  sum_ += other.sum_;
}

std::optional<std::int64_t> Histogram::min() const {
  if (count_ == 0) return std::nullopt;
  return min_;
}

std::optional<std::int64_t> Histogram::max() const {
  if (count_ == 0) return std::nullopt;
  return max_;
}

std::optional<double> Histogram::mean() const {
  if (count_ == 0) return std::nullopt;
  return sum_ / static_cast<double>(count_);
}

std::optional<double> Histogram::percentile(double q) const {
  if (count_ == 0) return std::nullopt;
  const std::uint64_t rank = rank_of(q, count_);
  if (rank == 1) return static_cast<double>(min_);
  if (rank == count_) return static_cast<double>(max_);
  std::uint64_t seen = 0;
  for (const auto& [index, n] : buckets_) {
    seen += n;
    if (seen >= rank) {
      const auto lo = static_cast<double>(bucket_lower(index));
      const auto hi = static_cast<double>(bucket_upper(index) - 1);  // last integer in the bucket
      return std::clamp((lo + hi) / 2, static_cast<double>(min_), static_cast<double>(max_));
    }
  }
  return static_cast<double>(max_);
}

std::uint64_t Histogram::count_at_or_below(std::int64_t value) const {
  if (value < 0) return 0;
  const std::uint32_t b = bucket_of(static_cast<std::uint64_t>(value));
  std::uint64_t n = 0;
  for (const auto& [index, c] : buckets_) {
    if (index > b) break;
    n += c;
  }
  return n;
}

void to_json(nlohmann::json& j, const Histogram& h) {
  nlohmann::json buckets = nlohmann::json::array();
  for (const auto& [index, n] : h.buckets()) buckets.push_back({index, n});
  j = {{"sub_bucket_bits", Histogram::kSubBucketBits},
       {"count", h.count()},
       {"sum", h.mean() ? *h.mean() * static_cast<double>(h.count()) : 0.0},
       {"min", h.min() ? nlohmann::json(*h.min()) : nlohmann::json(nullptr)},
       {"max", h.max() ? nlohmann::json(*h.max()) : nlohmann::json(nullptr)},
       {"buckets", buckets}};
}

void from_json(const nlohmann::json& j, Histogram& h) {
  const auto bad = [](const std::string& what) {
    throw std::invalid_argument("histogram: " + what);
  };
  if (!j.is_object()) bad("expected an object");
  if (!j.contains("sub_bucket_bits") || !j["sub_bucket_bits"].is_number_integer() ||
      j["sub_bucket_bits"].get<int>() != Histogram::kSubBucketBits)
    bad("sub_bucket_bits must be " + std::to_string(Histogram::kSubBucketBits));
  if (!j.contains("buckets") || !j["buckets"].is_array()) bad("field 'buckets' missing");
  if (!j.contains("count") || !j["count"].is_number_unsigned()) bad("field 'count' missing");
  Histogram out;
  std::int64_t prev = -1;
  for (const auto& e : j["buckets"]) {
    if (!e.is_array() || e.size() != 2 || !e[0].is_number_unsigned() ||
        !e[1].is_number_unsigned())
      bad("a bucket is not [index, count]");
    // The last bucket is the one of the largest value record() takes; beyond it
    // a bucket's bounds do not fit (and the shift in bucket_lower overflows).
    static const std::uint64_t last_index = Histogram::bucket_of(std::numeric_limits<std::int64_t>::max());
    const auto index64 = e[0].get<std::uint64_t>();
    if (index64 > last_index)
      bad("bucket index " + std::to_string(index64) + " is beyond the last one, " + std::to_string(last_index));
    const auto index = static_cast<std::uint32_t>(index64);
    if (static_cast<std::int64_t>(index) <= prev) bad("buckets are not in ascending order");
    prev = index;
    // Recording the bucket's lower bound lands in the same bucket.
    out.record(static_cast<std::int64_t>(Histogram::bucket_lower(index)), e[1].get<std::uint64_t>());
  }
  if (out.count() != j["count"].get<std::uint64_t>()) bad("bucket counts do not add up to 'count'");
  if (out.count() > 0) {
    if (!j.contains("min") || !j["min"].is_number_integer() || !j.contains("max") ||
        !j["max"].is_number_integer() || !j.contains("sum") || !j["sum"].is_number())
      bad("fields 'min', 'max' and 'sum' are required when count > 0");
    const auto lo = j["min"].get<std::int64_t>(), hi = j["max"].get<std::int64_t>();
    if (lo > hi || Histogram::bucket_of(static_cast<std::uint64_t>(std::max<std::int64_t>(lo, 0))) !=
                       out.buckets_.front().first ||
        Histogram::bucket_of(static_cast<std::uint64_t>(std::max<std::int64_t>(hi, 0))) !=
            out.buckets_.back().first)
      bad("'min'/'max' do not fall in the first/last bucket");
    out.min_ = lo;
    out.max_ = hi;
    out.sum_ = j["sum"].get<double>();
  }
  h = std::move(out);
}

}  // namespace clscope::core
