// core::Histogram: bucket geometry, percentile accuracy against exact sorted
// values (within the stated relative error), merging, serialisation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/Arrivals.hpp"
#include "core/Histogram.hpp"

using namespace clscope::core;

namespace {

/// Nearest rank, as the header defines it.
double exact_percentile(std::vector<std::int64_t> v, double q) {
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(
      std::clamp(std::ceil(q * static_cast<double>(v.size()) - 1e-9), 1.0,
                 static_cast<double>(v.size())));
  return static_cast<double>(v[rank - 1]);
}

std::vector<std::int64_t> lognormal_ns(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<std::int64_t> v;
  for (std::size_t i = 0; i < n; ++i)
    v.push_back(static_cast<std::int64_t>(std::exp(13.8 + 1.2 * rng.normal())));  // ~1 ms median
  return v;
}

}  // namespace

TEST(Histogram, BucketsTileTheIntegersWithBoundedWidth) {
  std::uint64_t expected_lower = 0;
  for (std::uint32_t i = 0; i < 20 * 128; ++i) {
    const std::uint64_t lo = Histogram::bucket_lower(i), hi = Histogram::bucket_upper(i);
    ASSERT_EQ(lo, expected_lower) << "bucket " << i;
    ASSERT_GT(hi, lo);
    EXPECT_EQ(Histogram::bucket_of(lo), i);
    EXPECT_EQ(Histogram::bucket_of(hi - 1), i);
    // Width at most lower / 128 above the exact region.
    if (lo >= 256) {
      EXPECT_LE(static_cast<double>(hi - lo), static_cast<double>(lo) / 128.0);
    }
    expected_lower = hi;
  }
  EXPECT_EQ(Histogram::bucket_of(0), 0u);
  EXPECT_EQ(Histogram::bucket_of(255), 255u);
  // The largest values still map into a valid, ordered bucket.
  const auto top = Histogram::bucket_of(std::uint64_t{1} << 62);
  EXPECT_LE(Histogram::bucket_lower(top), std::uint64_t{1} << 62);
}

TEST(Histogram, PercentilesWithinTheStatedRelativeError) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto values = lognormal_ns(50000, seed);
    Histogram h;
    for (auto v : values) h.record(v);
    ASSERT_EQ(h.count(), values.size());
    for (double q : {0.0, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9999, 1.0}) {
      const double exact = exact_percentile(values, q);
      const double got = *h.percentile(q);
      EXPECT_LE(std::fabs(got - exact), exact * Histogram::kRelativeError)
          << "q=" << q << " exact " << exact << " histogram " << got;
    }
    EXPECT_EQ(*h.min(), *std::min_element(values.begin(), values.end()));
    EXPECT_EQ(*h.max(), *std::max_element(values.begin(), values.end()));
  }
}

TEST(Histogram, SmallValuesAreExact) {
  Histogram h;
  std::vector<std::int64_t> v;
  for (std::int64_t i = 0; i < 200; ++i) {
    h.record(i * 7 % 251);
    v.push_back(i * 7 % 251);
  }
  for (double q : {0.1, 0.5, 0.9, 0.99}) EXPECT_EQ(*h.percentile(q), exact_percentile(v, q));
}

TEST(Histogram, EmptyHasNoPercentiles) {
  Histogram h;
  EXPECT_TRUE(h.empty());
  EXPECT_FALSE(h.percentile(0.5));
  EXPECT_FALSE(h.max());
  EXPECT_FALSE(h.mean());
  h.record(-5);  // clamped to 0
  EXPECT_EQ(*h.min(), 0);
}

TEST(Histogram, MergeEqualsRecordingEverything) {
  const auto a = lognormal_ns(10000, 7), b = lognormal_ns(5000, 8);
  Histogram ha, hb, all;
  for (auto v : a) ha.record(v), all.record(v);
  for (auto v : b) hb.record(v), all.record(v);
  Histogram merged = ha;
  merged.merge(hb);
  EXPECT_EQ(merged.count(), all.count());
  EXPECT_EQ(merged.buckets(), all.buckets());
  EXPECT_EQ(merged.min(), all.min());
  EXPECT_EQ(merged.max(), all.max());
  EXPECT_NEAR(*merged.mean(), *all.mean(), 1e-6 * *all.mean());
  for (double q : {0.5, 0.99, 0.999}) EXPECT_EQ(merged.percentile(q), all.percentile(q));
  Histogram empty;
  merged.merge(empty);
  EXPECT_EQ(merged.count(), all.count());
  empty.merge(hb);
  EXPECT_EQ(empty.buckets(), hb.buckets());
}

TEST(Histogram, JsonRoundTrip) {
  Histogram h;
  for (auto v : lognormal_ns(3000, 9)) h.record(v);
  const nlohmann::json j = h;
  const auto back = j.get<Histogram>();
  EXPECT_EQ(back.buckets(), h.buckets());
  EXPECT_EQ(back.min(), h.min());
  EXPECT_EQ(back.max(), h.max());
  EXPECT_EQ(back.percentile(0.99), h.percentile(0.99));
  // Through text, as in a recording.
  const auto again = nlohmann::json::parse(j.dump()).get<Histogram>();
  EXPECT_EQ(again.percentile(0.999), h.percentile(0.999));
  const auto empty = nlohmann::json(Histogram{}).get<Histogram>();
  EXPECT_TRUE(empty.empty());
}

TEST(Histogram, JsonRejectsInconsistentData) {
  Histogram h;
  h.record(1000);
  h.record(2000);
  nlohmann::json j = h;
  auto bad_count = j;
  bad_count["count"] = 3;
  EXPECT_THROW(bad_count.get<Histogram>(), std::invalid_argument);
  auto bad_bits = j;
  bad_bits["sub_bucket_bits"] = 5;
  EXPECT_THROW(bad_bits.get<Histogram>(), std::invalid_argument);
  auto unsorted = j;
  std::swap(unsorted["buckets"][0], unsorted["buckets"][1]);
  EXPECT_THROW(unsorted.get<Histogram>(), std::invalid_argument);
  auto bad_max = j;
  bad_max["max"] = 5;
  EXPECT_THROW(bad_max.get<Histogram>(), std::invalid_argument);
}

TEST(Histogram, JsonRejectsABucketBeyondTheLargestValue) {
  // Found by fuzz_recording: index 24832's lower bound is 1 << 193 (a shift past
  // 64 bits); 2^32 + 5 must not pass for bucket 5.
  const auto last = Histogram::bucket_of(std::numeric_limits<std::int64_t>::max());
  const auto with_bucket = [](std::uint64_t index) {
    const std::uint64_t one = 1;
    return nlohmann::json{{"sub_bucket_bits", Histogram::kSubBucketBits}, {"count", one}, {"sum", 1.0},
                          {"min", 1}, {"max", 1}, {"buckets", {{index, one}}}};
  };
  for (const std::uint64_t index : {std::uint64_t{last} + 1, std::uint64_t{24832}, (std::uint64_t{1} << 32) + 5}) {
    try {
      (void)with_bucket(index).get<Histogram>();
      ADD_FAILURE() << "bucket " << index << " was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("beyond the last one, " + std::to_string(last)), std::string::npos)
          << e.what();
    }
  }
  // The last bucket itself holds INT64_MAX.
  Histogram h;
  h.record(std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(nlohmann::json(h).get<Histogram>(), h);
}
