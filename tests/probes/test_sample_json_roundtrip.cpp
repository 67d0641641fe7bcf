// A probe sample written to a recording (sample_json) reads back to the same
// values (sample_from_json), and a hostile one never throws.
#include <gtest/gtest.h>

#include "probes/Report.hpp"

using namespace clscope::probes;

TEST(SampleJson, RoundTripKeepsMetricsListsAndMissingTexts) {
  Sample s;
  s.status = Status::ok;
  s.metrics["core_clock_mhz"] = 1410;
  s.metrics["temp_c"] = 61.5;
  s.lists["throttle"] = {"power_cap", "thermal"};
  s.unavailable["power_w"] = Missing{Status::permission_denied, "/sys/x: EACCES"};
  s.sources["core_clock_mhz"] = "nvml";
  const Sample back = sample_from_json(sample_json(s));
  EXPECT_EQ(back.status, Status::ok);
  EXPECT_EQ(back.metrics, s.metrics);
  EXPECT_EQ(back.lists, s.lists);
  ASSERT_TRUE(back.unavailable.count("power_w"));
  EXPECT_EQ(back.unavailable.at("power_w").text(), s.unavailable.at("power_w").text());
  EXPECT_EQ(back.sources, s.sources);
}

TEST(SampleJson, WrongTypesAreLeftOutNeverThrown) {
  const auto j = nlohmann::json::parse(
      R"({"status":7,"reason":[1],"metrics":{"a":"x","b":2,"throttle":[1,"thermal"]},
          "unavailable":{"c":3,"d":"why"},"sources":[]})");
  Sample s;
  ASSERT_NO_THROW(s = sample_from_json(j));
  EXPECT_EQ(s.metrics.size(), 1u);
  EXPECT_EQ(s.metrics.at("b"), 2);
  EXPECT_EQ(s.lists.at("throttle"), std::vector<std::string>{"thermal"});
  EXPECT_EQ(s.unavailable.size(), 1u);
  EXPECT_NO_THROW(sample_from_json(nlohmann::json(42)));
}
