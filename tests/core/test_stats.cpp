#include <gtest/gtest.h>

#include <vector>

#include "core/Stats.hpp"

using namespace clscope::core;

TEST(Stats, MedianOfOddAndEvenCounts) {
  std::vector<double> odd{5, 1, 3};
  std::vector<double> even{4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(*median(odd), 3.0);
  EXPECT_DOUBLE_EQ(*median(even), 2.5);
  EXPECT_FALSE(median(std::vector<double>{}).has_value());
}

TEST(Stats, QuantileInterpolatesAndClamps) {
  std::vector<double> v{0, 10, 20, 30, 40};
  EXPECT_DOUBLE_EQ(*quantile(v, 0.0), 0.0);
  EXPECT_DOUBLE_EQ(*quantile(v, 1.0), 40.0);
  EXPECT_DOUBLE_EQ(*quantile(v, 0.125), 5.0);
  EXPECT_DOUBLE_EQ(*quantile(v, 2.0), 40.0);
}

TEST(Stats, MeanAndSampleStddev) {
  std::vector<double> v{2, 4, 4, 4, 5, 5, 7, 9};
  EXPECT_DOUBLE_EQ(mean(v), 5.0);
  EXPECT_NEAR(stddev(v), 2.138, 1e-3);
  EXPECT_DOUBLE_EQ(stddev(std::vector<double>{1}), 0.0);
}
