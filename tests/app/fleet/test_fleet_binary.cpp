// `clscope fleet report` on fixtures made from a real `check --quick --json`
// and a real `run --headless --json --duration 3 --workload stream:size=16M
// --workload launch` (a POCL CPU device), edited: exit codes, the JSON, the
// named bad inputs. run-fleet: node23's stream is slow, node24.json is a
// summary alone without "host" (as older versions wrote it).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

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

TEST(FleetBinary, RunSummariesFlagTheSlowNode) {
  const auto r = run_clscope("fleet report --json " + kFixtures + "run-fleet");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["groups"].size(), 1u);
  EXPECT_EQ(j["groups"][0]["input"], "clscope.run/1");
  EXPECT_EQ(j["groups"][0]["hosts"], (std::vector<std::string>{"node21", "node22", "node23", "node24"}));
  EXPECT_EQ(j["groups"][0]["metrics"]["stream"]["unit"], "GB/s");
  ASSERT_EQ(j["groups"][0]["notes"].size(), 1u);
  EXPECT_EQ(j["groups"][0]["notes"][0],
            "node24: " + kFixtures + "run-fleet/node24.json names no host (a run summary of an older clscope): "
            "named after its file");
  std::map<std::string, std::string> flagged;
  for (const auto& n : j["nodes"])
    if (n["outlier"] == true) flagged[n["host"]] = n["reasons"][0]["text"];
  EXPECT_EQ(flagged, (std::map<std::string, std::string>{
                         {"node23", "stream 18.0 GB/s < 24.0 GB/s (90% of the group median 26.6 GB/s)"}}));
}

TEST(FleetBinary, RunSummariesAndChecksAreNotComparedTogether) {
  const auto r = run_clscope("fleet report --json " + kFixtures + "run-fleet " + kFixtures + "cpu-fleet");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["groups"].size(), 3u);
  EXPECT_EQ(j["groups"][0]["input"], "clscope.run/1");
  EXPECT_EQ(j["groups"][0]["hosts"].size(), 4u);
  EXPECT_EQ(j["groups"][1]["input"], "clscope.check/1");
  ASSERT_EQ(j["notes"].size(), 2u);
  EXPECT_NE(j["notes"][0].get<std::string>().find(
                "g1 (4 node(s), clscope.run/1 run summaries) and g2 (5 node(s), clscope.check/1 check results): "
                "check results and run summaries are different measurements"),
            std::string::npos)
      << j["notes"][0];
}

TEST(FleetBinary, UnreadableInputIsNamedAndExitsTwo) {
  const auto r = run_clscope("fleet report " + kFixtures + "bad " + kFixtures + "equal-fleet", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("bad/report.json: schema is 'clscope.report/1'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad/torn.json: not JSON ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad/cut-run.json:3: the last line is not the clscope.run/1 summary (type 'tick')"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(run_clscope("fleet report").exit_code, 2);
  EXPECT_EQ(run_clscope("fleet " + kFixtures + "equal-fleet").exit_code, 2);
  EXPECT_EQ(run_clscope("fleet report --min-ratio 1.5 " + kFixtures + "equal-fleet").exit_code, 2);
}
