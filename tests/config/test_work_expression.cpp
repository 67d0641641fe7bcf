#include <gtest/gtest.h>

#include "config/WorkExpression.hpp"

using clscope::config::ExpressionError;
using clscope::config::LaunchSize;
using clscope::config::WorkExpression;

namespace {

LaunchSize launch(double gx, double gy = 1, double gz = 1, double lx = 0) {
  LaunchSize l;
  l.global[0] = gx;
  l.global[1] = gy;
  l.global[2] = gz;
  l.local[0] = lx;
  return l;
}

double eval(const char* text, const LaunchSize& l = launch(1024, 2)) {
  return WorkExpression::parse(text).evaluate(l).value_or(-1);
}

std::size_t error_column(const char* text) {
  try {
    WorkExpression::parse(text);
  } catch (const ExpressionError& e) {
    return e.column();
  }
  return 0;
}

}  // namespace

TEST(WorkExpression, ArithmeticWithPrecedenceAndTheLaunchVariables) {
  EXPECT_DOUBLE_EQ(eval("3 * 4 * n"), 3 * 4 * 2048.0);
  EXPECT_DOUBLE_EQ(eval("12*gx*gy"), 12 * 2048.0);
  EXPECT_DOUBLE_EQ(eval("2 + 3 * 4"), 14);
  EXPECT_DOUBLE_EQ(eval("(2 + 3) * 4"), 20);
  EXPECT_DOUBLE_EQ(eval("10 - 4 - 3"), 3);  // left to right
  EXPECT_DOUBLE_EQ(eval("16 / 4 / 2"), 2);
  EXPECT_DOUBLE_EQ(eval("-2 * -3"), 6);
  EXPECT_DOUBLE_EQ(eval("1e6 + .5"), 1000000.5);
  EXPECT_DOUBLE_EQ(eval("gz + lx + ly"), 1);  // unused dimensions: global 1, local 0
  EXPECT_DOUBLE_EQ(eval("lx", launch(64, 1, 1, 16)), 16);
  EXPECT_DOUBLE_EQ(eval("  8  "), 8);
}

TEST(WorkExpression, NoWorkWhereTheValueIsNotAFiniteNonNegativeNumber) {
  EXPECT_FALSE(WorkExpression::parse("n / lx").evaluate(launch(64)));  // local size not given
  EXPECT_FALSE(WorkExpression::parse("0 - n").evaluate(launch(64)));
  EXPECT_TRUE(WorkExpression::parse("0 * n").evaluate(launch(64)));
}

TEST(WorkExpression, ErrorsSayWhereAndWhat) {
  EXPECT_EQ(error_column("4 * gx +"), 9u);
  EXPECT_EQ(error_column("4 * width"), 5u);
  EXPECT_EQ(error_column("(4 * gx"), 8u);
  EXPECT_EQ(error_column("4 # 2"), 3u);
  EXPECT_EQ(error_column(""), 1u);
  try {
    WorkExpression::parse("2 * size");
    FAIL();
  } catch (const ExpressionError& e) {
    EXPECT_STREQ(e.what(), "unknown name 'size' (known: gx, gy, gz, lx, ly, lz, n)");
  }
  EXPECT_GT(error_column(std::string(200, '(').c_str()), 0u);  // too deep: refused, no crash
  EXPECT_GT(error_column(std::string(2000, '1').c_str()), 0u);
  std::string long_sum = "1";
  for (int i = 0; i < 400; ++i) long_sum += "+1";
  EXPECT_DOUBLE_EQ(eval(long_sum.c_str()), 401);
}
