// --output PATTERN expansion.
#include <gtest/gtest.h>

#include "app/metrics/OutputPattern.hpp"

using namespace clscope::metrics;

namespace {
// 2026-12-06 21:30:00 UTC
const auto kWhen = std::chrono::system_clock::time_point(std::chrono::seconds(1796592600));
}  // namespace

TEST(OutputPattern, ExpandsHostAndTime) {
  EXPECT_EQ(utc_stamp(kWhen), "20261206T213000Z");
  EXPECT_EQ(expand_output_pattern("/shared/check/%h.json", "node07.cluster.example", kWhen),
            "/shared/check/node07.json");
  EXPECT_EQ(expand_output_pattern("%h-%t.json", "gpu1", kWhen), "gpu1-20261206T213000Z.json");
  EXPECT_EQ(expand_output_pattern("100%%-%h", "a.b", kWhen), "100%-a");
  EXPECT_EQ(expand_output_pattern("plain.json", "", kWhen), "plain.json");
}

TEST(OutputPattern, RejectsUnknownAndTrailingPercent) {
  EXPECT_THROW(expand_output_pattern("%d.json", "h", kWhen), PatternError);
  EXPECT_THROW(expand_output_pattern("x%", "h", kWhen), PatternError);
  EXPECT_THROW(expand_output_pattern("%h", "", kWhen), PatternError);
  EXPECT_THROW(expand_output_pattern("%h", "a/b", kWhen), PatternError);
  try {
    expand_output_pattern("out/%x", "h", kWhen);
  } catch (const PatternError& e) {
    EXPECT_EQ(std::string(e.what()),
              "--output out/%x: unknown %x (known: %h short host name, %t UTC time, %% a percent sign)");
  }
}

TEST(OutputPattern, ShortHost) {
  EXPECT_EQ(short_host("n1.example.org"), "n1");
  EXPECT_EQ(short_host("n1"), "n1");
}
