// `clscope fleet report` on fixtures made from a real `check --quick --json`
// (a POCL CPU device) and edited: exit codes, the JSON, the named bad inputs.
#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "tests/app/RunBinary.hpp"

namespace {
const std::string kFixtures = std::string(CLSCOPE_SOURCE_DIR) + "/tests/fixtures/fleet/";
}

TEST(FleetBinary, FlagsTheSlowNodeAndTheOtherDriver) {
  const auto r = run_clscope("fleet report --json " + kFixtures + "cpu-fleet");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schema"], "clscope.fleet/1");
  ASSERT_EQ(j["nodes"].size(), 6u);
  std::map<std::string, std::string> flagged;
  for (const auto& n : j["nodes"])
    if (n["outlier"] == true) flagged[n["host"]] = n["reasons"][0]["rule"];
  EXPECT_EQ(flagged, (std::map<std::string, std::string>{{"node03.cluster", "ratio"},
                                                         {"node04.cluster", "driver"}}));
  ASSERT_EQ(j["notes"].size(), 1u);
  EXPECT_NE(j["notes"][0].get<std::string>().find("g2: stream.size=16777216"), std::string::npos);
}

TEST(FleetBinary, EqualFleetExitsZero) {
  const auto r = run_clscope("fleet report " + kFixtures + "equal-fleet");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("3 node(s) in 1 group(s); 0 flagged"), std::string::npos) << r.out;
}

TEST(FleetBinary, UnreadableInputIsNamedAndExitsTwo) {
  const auto r = run_clscope("fleet report " + kFixtures + "bad " + kFixtures + "equal-fleet", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("bad/report.json: schema is 'clscope.report/1'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad/torn.json: not JSON ("), std::string::npos) << r.out;
  EXPECT_EQ(run_clscope("fleet report").exit_code, 2);
  EXPECT_EQ(run_clscope("fleet " + kFixtures + "equal-fleet").exit_code, 2);
  EXPECT_EQ(run_clscope("fleet report --min-ratio 1.5 " + kFixtures + "equal-fleet").exit_code, 2);
}
