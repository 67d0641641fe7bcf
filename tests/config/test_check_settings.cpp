// The [check] table and the built-in sanity scenario.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ConfigTestUtil.hpp"

namespace clscope::config {
namespace {

using ::testing::HasSubstr;
using testing::load_error;

constexpr const char* kLaunch = "[[workload]]\nkind = \"launch\"\n";

TEST(CheckSettings, AbsentTableLeavesNoSettings) {
  EXPECT_FALSE(load_string(kLaunch, "t.toml").check.has_value());
}

TEST(CheckSettings, EmptyTableGivesDefaultsAndNoAbsoluteThresholds) {
  const Scenario s = load_string(std::string(kLaunch) + "[check]\n", "t.toml");
  ASSERT_TRUE(s.check.has_value());
  const CheckSettings& c = *s.check;
  EXPECT_EQ(c.workload_s, 8.0);
  EXPECT_EQ(c.quick_workload_s, 2.5);
  EXPECT_EQ(c.steady_within_s, 5.0);
  EXPECT_EQ(c.busy_util_pct, 20.0);
  EXPECT_EQ(c.baseline_tolerance, 0.15);
  EXPECT_EQ(c.link_min_fraction, 0.7);
  EXPECT_EQ(c.clock_min_max_fraction, 0.9);
  EXPECT_FALSE(c.memory_min_gbs);
  EXPECT_FALSE(c.compute_min_gflops);
  EXPECT_FALSE(c.compute_min_spec_fraction);
  EXPECT_FALSE(c.h2d_min_gbs);
  EXPECT_FALSE(c.d2h_min_gbs);
  EXPECT_FALSE(c.launch_min_per_s);
}

TEST(CheckSettings, ReadsEveryKeyIntegersWiden) {
  const Scenario s = load_string(std::string(kLaunch) +
                                     "[check]\nworkload_s = 10\nquick_workload_s = 1.5\n"
                                     "steady_within_s = 3\nbusy_util_pct = 50\n"
                                     "baseline_tolerance = 0.3\nlink_min_fraction = 0.8\n"
                                     "clock_min_max_fraction = 0.95\nmemory_min_gbs = 900\n"
                                     "compute_min_gflops = 20000\ncompute_min_spec_fraction = 0.5\n"
                                     "h2d_min_gbs = 20\nd2h_min_gbs = 21.5\n"
                                     "launch_min_per_s = 40000\n",
                                 "t.toml");
  const CheckSettings& c = *s.check;
  EXPECT_EQ(c.workload_s, 10.0);
  EXPECT_EQ(c.quick_workload_s, 1.5);
  EXPECT_EQ(c.steady_within_s, 3.0);
  EXPECT_EQ(c.busy_util_pct, 50.0);
  EXPECT_EQ(c.baseline_tolerance, 0.3);
  EXPECT_EQ(c.link_min_fraction, 0.8);
  EXPECT_EQ(c.clock_min_max_fraction, 0.95);
  EXPECT_EQ(c.memory_min_gbs, 900.0);
  EXPECT_EQ(c.compute_min_gflops, 20000.0);
  EXPECT_EQ(c.compute_min_spec_fraction, 0.5);
  EXPECT_EQ(c.h2d_min_gbs, 20.0);
  EXPECT_EQ(c.d2h_min_gbs, 21.5);
  EXPECT_EQ(c.launch_min_per_s, 40000.0);
}

TEST(CheckSettings, UnknownKeyIsNamedWithItsPosition) {
  const std::string err = load_error(std::string(kLaunch) + "[check]\nmemory_min_gb = 5\n");
  EXPECT_THAT(err, ::testing::StartsWith("t.toml:4:1: unknown key 'memory_min_gb' in [check]"));
  EXPECT_THAT(err, HasSubstr("memory_min_gbs"));  // the known keys are listed
}

TEST(CheckSettings, TypeAndRangeErrorsHavePositions) {
  EXPECT_EQ(load_error(std::string(kLaunch) + "[check]\nworkload_s = \"8\"\n"),
            "t.toml:4:14: key 'workload_s' in [check]: expected a number, got a string");
  EXPECT_EQ(load_error(std::string(kLaunch) + "[check]\nbusy_util_pct = 120\n"),
            "t.toml:4:17: key 'busy_util_pct' in [check]: must be between 0 and 100, got 120");
  EXPECT_THAT(load_error(std::string(kLaunch) + "[check]\nlink_min_fraction = -0.1\n"),
              HasSubstr("must be between 0 and 1"));
  EXPECT_THAT(load_error("check = 3\n" + std::string(kLaunch)),
              HasSubstr("'check' must be a table ([check])"));
}

TEST(CheckSettings, SchemaMarksAbsoluteThresholdsOptional) {
  EXPECT_TRUE(check_key_optional("memory_min_gbs"));
  EXPECT_TRUE(check_key_optional("launch_min_per_s"));
  EXPECT_FALSE(check_key_optional("workload_s"));
  EXPECT_FALSE(check_key_optional("nonsense"));
  for (const auto& k : check_schema()) {
    EXPECT_FALSE(k.doc.empty()) << k.key;
    EXPECT_EQ(k.type, Type::number) << k.key;
  }
}

TEST(SanityScenario, LoadsWithTheCheckWorkloadsAndThresholds) {
  const Scenario s = load_sanity();
  ASSERT_TRUE(s.check.has_value());
  EXPECT_EQ(s.window_s, 0.25);
  std::vector<std::string> kinds;
  for (const auto& w : s.workloads)
    kinds.push_back(w.kind + (w.kind == "transfer" ? ":" + w.get_string("dir") + ":" +
                                                         w.get_string("mode")
                                                   : ""));
  EXPECT_EQ(kinds, (std::vector<std::string>{"stream", "compute", "transfer:h2d:pinned",
                                             "transfer:d2h:pinned", "launch"}));
  EXPECT_EQ(s.check->compute_min_spec_fraction, 0.25);
  EXPECT_FALSE(s.check->memory_min_gbs);  // device-specific: left to the user or a baseline
  // Every [check] key is mentioned in the file that documents them.
  const std::string text(sanity_scenario_text());
  for (const auto& k : check_schema()) EXPECT_THAT(text, HasSubstr(k.key)) << k.key;
}

}  // namespace
}  // namespace clscope::config
