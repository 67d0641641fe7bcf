// The fleet rules (app/fleet/Fleet.hpp) on hand-made fleets, exactly.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/fleet/Fleet.hpp"
#include "app/fleet/FleetOutput.hpp"
#include "app/fleet/RunSummary.hpp"
#include "tests/app/fleet/FleetFixtures.hpp"

using namespace clscope::fleet;
using clscope::fleet::fixtures::check_result;
using clscope::fleet::fixtures::NodeSpec;

namespace {

std::vector<CheckResult> fleet_of(const std::vector<NodeSpec>& specs) {
  std::vector<CheckResult> out;
  for (const auto& s : specs) out.push_back(parse_check_result(check_result(s), s.host + ".json"));
  return out;
}

/// Five healthy nodes with a little spread, as measured fleets have.
std::vector<NodeSpec> healthy() {
  std::vector<NodeSpec> v;
  const double mem[] = {100, 101, 99, 100.5, 99.5};
  for (int i = 0; i < 5; ++i) {
    NodeSpec s;
    s.host = "node0" + std::to_string(i + 1);
    s.memory_gbs = mem[i];
    v.push_back(s);
  }
  return v;
}

const FleetNode& node(const FleetReport& r, const std::string& host) {
  for (const auto& n : r.nodes)
    if (n.host == host) return n;
  throw std::runtime_error("no node " + host);
}

std::vector<std::string> rules(const FleetNode& n) {
  std::vector<std::string> out;
  for (const auto& r : n.reasons) out.push_back(r.rule + ":" + r.metric);
  return out;
}

}  // namespace

TEST(Fleet, HealthyFleetFlagsNobody) {
  const auto rep = analyse_fleet(fleet_of(healthy()), {});
  EXPECT_FALSE(rep.any_outlier());
  ASSERT_EQ(rep.groups.size(), 1u);
  const auto& mem = rep.groups[0].metrics.at("memory-bandwidth");
  EXPECT_DOUBLE_EQ(*mem.median, 100);
  EXPECT_DOUBLE_EQ(*mem.mad, 0.5);
  // scale = max(1.4826 * 0.5, 1% of 100) = 1 -> 100 - 3 = 97 beats 90% of 100.
  EXPECT_DOUBLE_EQ(*mem.bound, 97);
  EXPECT_EQ(rep.groups[0].link_median, "Gen4 x16");
  EXPECT_EQ(rep.groups[0].driver_majority, "535.104.05");
}

TEST(Fleet, AllEqualFleetWithZeroMadFlagsNobody) {
  std::vector<NodeSpec> v(4);
  for (int i = 0; i < 4; ++i) v[i].host = "n" + std::to_string(i);
  const auto rep = analyse_fleet(fleet_of(v), {});
  EXPECT_FALSE(rep.any_outlier());
  EXPECT_DOUBLE_EQ(*rep.groups[0].metrics.at("memory-bandwidth").mad, 0);
  // The floor: 1% of the median, so 100 - 3 x 1 = 97.
  EXPECT_DOUBLE_EQ(*rep.groups[0].metrics.at("memory-bandwidth").bound, 97);
}

TEST(Fleet, ZeroMadWithoutFloorStillFlagsNobodyEqual) {
  std::vector<NodeSpec> v(3);
  for (int i = 0; i < 3; ++i) v[i].host = "n" + std::to_string(i);
  FleetSettings s;
  s.mad_floor = 0;
  EXPECT_FALSE(analyse_fleet(fleet_of(v), s).any_outlier());
}

TEST(Fleet, SlowNodeIsFlaggedByTheRatioRule) {
  auto v = healthy();
  v[2].memory_gbs = 80;  // median of {100,101,80,100.5,99.5} = 100
  const auto rep = analyse_fleet(fleet_of(v), {});
  ASSERT_TRUE(rep.any_outlier());
  EXPECT_EQ(rep.nodes.front().host, "node03");  // worst first
  const auto& n = node(rep, "node03");
  EXPECT_EQ(rules(n), std::vector<std::string>{"ratio:memory-bandwidth"});
  EXPECT_DOUBLE_EQ(*n.reasons[0].bound, 90);
  EXPECT_NE(n.reasons[0].text.find("90% of the group median 100 GB/s"), std::string::npos)
      << n.reasons[0].text;
  for (const auto& other : rep.nodes)
    if (other.host != "node03") {
      EXPECT_FALSE(other.outlier()) << other.host;
    }
}

TEST(Fleet, SlightlySlowNodeInATightFleetIsFlaggedByTheMadRule) {
  auto v = healthy();
  v[4].memory_gbs = 95;  // above 90% but below 100 - 3 x max(1.4826 x MAD, 1)
  const auto rep = analyse_fleet(fleet_of(v), {});
  EXPECT_EQ(rules(node(rep, "node05")), std::vector<std::string>{"mad:memory-bandwidth"});
}

TEST(Fleet, LowerIsBetterMirrorsTheRule) {
  EXPECT_TRUE(lower_is_better("steady-state", "s"));
  EXPECT_TRUE(lower_is_better("p99-latency", "ms"));
  EXPECT_TRUE(lower_is_better("device-idle", "%"));
  EXPECT_FALSE(lower_is_better("memory-bandwidth", "GB/s"));
  EXPECT_FALSE(lower_is_better("launch-rate", "launches/s"));
  auto v = healthy();
  v[1].steady_s = 2.0;  // median 1 s: above 1 / 0.9 s
  v[3].memory_gbs = 200;  // much faster is never an outlier
  const auto rep = analyse_fleet(fleet_of(v), {});
  EXPECT_EQ(rules(node(rep, "node02")), std::vector<std::string>{"ratio:steady-state"});
  EXPECT_FALSE(node(rep, "node04").outlier());
}

TEST(Fleet, DownTrainedLinkIsFlagged) {
  auto v = healthy();
  v[0].link = "Gen4 x8";
  v[1].link = "Gen3 x16";
  const auto rep = analyse_fleet(fleet_of(v), {});
  EXPECT_EQ(rules(node(rep, "node01")), std::vector<std::string>{"pcie-link:pcie-link"});
  EXPECT_NE(node(rep, "node01").reasons[0].text.find("(width)"), std::string::npos);
  EXPECT_EQ(rules(node(rep, "node02")), std::vector<std::string>{"pcie-link:pcie-link"});
  EXPECT_NE(node(rep, "node02").reasons[0].text.find("(generation)"), std::string::npos);
  EXPECT_EQ(rep.groups[0].link_median, "Gen4 x16");
}

TEST(Fleet, OtherDriverIsFlaggedAndDoesNotSplitTheGroup) {
  auto v = healthy();
  v[3].driver = "550.54.15";
  const auto rep = analyse_fleet(fleet_of(v), {});
  ASSERT_EQ(rep.groups.size(), 1u);
  EXPECT_EQ(rules(node(rep, "node04")), std::vector<std::string>{"driver:"});
  EXPECT_EQ(node(rep, "node04").reasons[0].text,
            "driver '550.54.15' differs from the group's '535.104.05'");
  EXPECT_EQ(std::count_if(rep.nodes.begin(), rep.nodes.end(), [](const FleetNode& n) { return n.outlier(); }), 1);
}

TEST(Fleet, OtherPlatformVersionIsFlagged) {
  auto v = healthy();
  v[0].platform_version = "OpenCL 3.0 CUDA 12.4.99";
  const auto rep = analyse_fleet(fleet_of(v), {});
  EXPECT_EQ(rules(node(rep, "node01")), std::vector<std::string>{"platform-version:"});
}

TEST(Fleet, NoDriverMajorityFlagsNobody) {
  auto v = healthy();
  v.resize(4);
  v[0].driver = v[1].driver = "a";
  v[2].driver = v[3].driver = "b";
  const auto rep = analyse_fleet(fleet_of(v), {});
  EXPECT_FALSE(rep.any_outlier());
  EXPECT_EQ(rep.groups[0].driver_majority, "");
  ASSERT_FALSE(rep.groups[0].notes.empty());
  EXPECT_NE(rep.groups[0].notes[0].find("no majority"), std::string::npos);
}

TEST(Fleet, DifferentScenarioIsRefusedWithANote) {
  auto v = healthy();
  v[4].stream_size_mib = "64";  // another size: not comparable
  v[4].memory_gbs = 60;         // would be an outlier if compared
  const auto rep = analyse_fleet(fleet_of(v), {});
  ASSERT_EQ(rep.groups.size(), 2u);
  EXPECT_EQ(node(rep, "node05").group, "g2");
  EXPECT_FALSE(node(rep, "node05").outlier());
  EXPECT_FALSE(rep.any_outlier());
  ASSERT_EQ(rep.notes.size(), 1u);
  EXPECT_NE(rep.notes[0].find("not comparable: NVIDIA A100-SXM4-40GB"), std::string::npos) << rep.notes[0];
  EXPECT_NE(rep.notes[0].find("(g1: stream.size_mib=512; g2: stream.size_mib=64)"), std::string::npos);
  EXPECT_FALSE(rep.groups[1].metrics.at("memory-bandwidth").median);  // one node: not judged
}

TEST(Fleet, OtherDeviceModelsAreSeparateGroupsWithoutANote) {
  auto v = healthy();
  v[0].device = "AMD Instinct MI250X";
  const auto rep = analyse_fleet(fleet_of(v), {});
  EXPECT_EQ(rep.groups.size(), 2u);
  EXPECT_TRUE(rep.notes.empty());
}

TEST(Fleet, FailedOwnCheckIsAReason) {
  auto v = healthy();
  v[1].memory_pass = false;
  const auto rep = analyse_fleet(fleet_of(v), {});
  EXPECT_EQ(rules(node(rep, "node02")), std::vector<std::string>{"check-failed:memory-bandwidth"});
}

TEST(Fleet, TooFewNodesAreNotJudged) {
  auto v = healthy();
  v.resize(2);
  v[1].memory_gbs = 10;
  const auto rep = analyse_fleet(fleet_of(v), {});
  EXPECT_FALSE(rep.any_outlier());
  EXPECT_EQ(rep.groups[0].metrics.at("memory-bandwidth").note, "not judged: 2 value(s), need 3");
}

TEST(Fleet, SettingsChangeTheThresholds) {
  auto v = healthy();
  v[2].memory_gbs = 80;
  FleetSettings s;
  s.min_ratio = 0.5;
  s.mad_k = 100;
  EXPECT_FALSE(analyse_fleet(fleet_of(v), s).any_outlier());
}

TEST(Fleet, RepeatedHostsStayApart) {
  auto v = healthy();
  v[1].host = v[0].host;
  const auto rep = analyse_fleet(fleet_of(v), {});
  EXPECT_NO_THROW(node(rep, "node01 (node01.json)"));
}

TEST(Fleet, JsonFollowsTheSchema) {
  auto v = healthy();
  v[2].memory_gbs = 80;
  const auto j = fleet_json(analyse_fleet(fleet_of(v), {}));
  EXPECT_EQ(j["schema"], "clscope.fleet/1");
  ASSERT_EQ(j["groups"].size(), 1u);
  EXPECT_EQ(j["groups"][0]["id"], "g1");
  ASSERT_EQ(j["nodes"].size(), 5u);
  const auto& worst = j["nodes"][0];
  EXPECT_EQ(worst["host"], "node03");
  EXPECT_EQ(worst["group"], "g1");
  EXPECT_EQ(worst["outlier"], true);
  EXPECT_EQ(worst["reasons"][0]["rule"], "ratio");
  EXPECT_EQ(worst["metrics"]["memory-bandwidth"], 80);
  EXPECT_EQ(j["nodes"][1]["outlier"], false);
  EXPECT_TRUE(j["nodes"][1]["reasons"].empty());
}

TEST(Fleet, TableListsWorstFirstWithReasons) {
  auto v = healthy();
  v[2].memory_gbs = 80;
  const std::string t = fleet_table(analyse_fleet(fleet_of(v), {}));
  const auto worst = t.find("node03");
  ASSERT_NE(worst, std::string::npos);
  EXPECT_LT(worst, t.find("node01 "));
  EXPECT_NE(t.find("OUTLIER\n    memory-bandwidth 80.0 GB/s < 90.0 GB/s"), std::string::npos) << t;
}

TEST(Fleet, ParseLink) {
  EXPECT_EQ(parse_link("Gen4 x16"), std::make_pair(4, 16));
  EXPECT_EQ(parse_link("gen3 x8"), std::make_pair(3, 8));
  EXPECT_FALSE(parse_link("x16"));
  EXPECT_FALSE(parse_link(""));
}

TEST(Fleet, ZeroMedianAndSpreadIsNotJudged) {
  // Most nodes saw nothing (0), one saw a little: no scale says how far is far.
  std::vector<NodeSpec> v(4);
  for (int i = 0; i < 4; ++i) {
    v[i].host = "n" + std::to_string(i);
    v[i].launch_per_s = 0;
  }
  v[3].launch_per_s = 5;
  const auto rep = analyse_fleet(fleet_of(v), {});
  EXPECT_FALSE(rep.any_outlier());
  EXPECT_EQ(rep.groups[0].metrics.at("launch-rate").note, "not judged: the median and the spread are 0");
}

TEST(Fleet, DeviceIdleIsNotCompared) {
  auto v = healthy();
  auto results = fleet_of(v);
  for (auto& item : results[0].items)
    if (item.name == "device-idle") item.value = 15.0;  // others 0
  const auto rep = analyse_fleet(results, {});
  EXPECT_FALSE(rep.any_outlier());
  EXPECT_EQ(rep.groups[0].metrics.count("device-idle"), 0u);
}

// Run summaries (clscope.run/1): one metric per workload, its median.

namespace {

using clscope::fleet::fixtures::run_summary;
using clscope::fleet::fixtures::RunSpec;

std::vector<RunSpec> run_nodes() {
  std::vector<RunSpec> v(3);
  const double stream[] = {100, 101, 99};
  for (int i = 0; i < 3; ++i) {
    v[i].host = "run0" + std::to_string(i + 1);
    v[i].stream_gbs = stream[i];
  }
  return v;
}

std::vector<CheckResult> runs_of(const std::vector<RunSpec>& specs) {
  std::vector<CheckResult> out;
  for (const auto& s : specs)
    out.push_back(parse_run_summary(run_summary(s), (s.host.empty() ? "old" : s.host) + ".json"));
  return out;
}

}  // namespace

TEST(FleetRuns, SlowNodeIsFlaggedWithTheReason) {
  auto v = run_nodes();
  v[1].stream_gbs = 70;  // median of {100, 70, 99} = 99
  const auto rep = analyse_fleet(runs_of(v), {});
  ASSERT_EQ(rep.groups.size(), 1u);
  const auto& g = rep.groups[0];
  EXPECT_EQ(g.input, "clscope.run/1");
  EXPECT_EQ(g.scenario_short, "run summaries: stream launch");
  EXPECT_DOUBLE_EQ(*g.metrics.at("stream").median, 99);
  EXPECT_EQ(g.metrics.at("stream").unit, "GB/s");
  EXPECT_FALSE(g.metrics.at("launch").lower_is_better);
  EXPECT_EQ(rep.nodes.front().host, "run02");
  const auto& n = node(rep, "run02");
  EXPECT_EQ(rules(n), std::vector<std::string>{"ratio:stream"});
  EXPECT_EQ(n.reasons[0].text, "stream 70.0 GB/s < 89.1 GB/s (90% of the group median 99.0 GB/s)");
  EXPECT_FALSE(node(rep, "run01").outlier());
  EXPECT_FALSE(node(rep, "run03").outlier());
  EXPECT_EQ(n.driver, "535.104.05");
  EXPECT_EQ(g.driver_majority, "535.104.05");
}

TEST(FleetRuns, OtherDriverIsFlagged) {
  auto v = run_nodes();
  v[2].driver = "550.54.15";
  const auto rep = analyse_fleet(runs_of(v), {});
  EXPECT_EQ(rules(node(rep, "run03")), std::vector<std::string>{"driver:"});
}

TEST(FleetRuns, AreNeverComparedWithCheckResults) {
  // Three check results and three run summaries of one device model, the
  // same host names: two groups, and a note saying why.
  std::vector<CheckResult> all;
  auto checks = healthy();
  checks.resize(3);
  checks[0].memory_gbs = 10;  // an outlier among anything it were compared with
  for (auto& r : fleet_of(checks)) all.push_back(r);
  for (auto& r : runs_of(run_nodes())) all.push_back(r);
  const auto rep = analyse_fleet(all, {});
  ASSERT_EQ(rep.groups.size(), 2u);
  EXPECT_EQ(rep.groups[0].input, "clscope.check/1");
  EXPECT_EQ(rep.groups[1].input, "clscope.run/1");
  EXPECT_EQ(rep.groups[0].hosts, (std::vector<std::string>{"node01", "node02", "node03"}));
  EXPECT_EQ(rep.groups[1].hosts, (std::vector<std::string>{"run01", "run02", "run03"}));
  EXPECT_EQ(rep.groups[1].metrics.count("memory-bandwidth"), 0u);
  EXPECT_FALSE(node(rep, "run01").outlier());
  ASSERT_EQ(rep.notes.size(), 1u);
  EXPECT_EQ(rep.notes[0],
            "not comparable: NVIDIA A100-SXM4-40GB: g1 (3 node(s), clscope.check/1 check results) and g2 "
            "(3 node(s), clscope.run/1 run summaries): check results and run summaries are different "
            "measurements (a check's items, a run's workload medians), so they are not compared with each other");
  // One check among run summaries is not compared either (and cannot be judged alone).
  std::vector<CheckResult> mixed = runs_of(run_nodes());
  mixed.push_back(fleet_of({checks[0]})[0]);
  const auto rep2 = analyse_fleet(mixed, {});
  EXPECT_EQ(rep2.groups.size(), 2u);
  EXPECT_FALSE(rep2.any_outlier());
  ASSERT_EQ(rep2.notes.size(), 1u);
  EXPECT_NE(rep2.notes[0].find("g1 (3 node(s), clscope.run/1 run summaries) and g2 (1 node(s), "
                               "clscope.check/1 check results)"),
            std::string::npos)
      << rep2.notes[0];
}

TEST(FleetRuns, OtherSizesAreNotComparedWithANote) {
  auto v = run_nodes();
  v.push_back(v[0]);
  v[3].host = "run04";
  v[3].stream_size = 1 << 20;
  v[3].stream_gbs = 20;
  const auto rep = analyse_fleet(runs_of(v), {});
  ASSERT_EQ(rep.groups.size(), 2u);
  EXPECT_FALSE(rep.any_outlier());
  ASSERT_EQ(rep.notes.size(), 1u);
  EXPECT_NE(rep.notes[0].find("ran different scenarios or sizes (g1: stream.elements=33554432, "
                              "stream.size=536870912; g2: stream.elements=65536, stream.size=1048576)"),
            std::string::npos)
      << rep.notes[0];
}

TEST(FleetRuns, SummaryWithoutHostIsNamedAfterItsFile) {
  auto v = run_nodes();
  v[2].host.clear();
  auto results = runs_of(v);
  results[2].source = "/shared/run/node07.jsonl";
  const auto rep = analyse_fleet(results, {});
  EXPECT_NO_THROW(node(rep, "node07"));
  EXPECT_EQ(rep.groups[0].hosts.back(), "node07");
  ASSERT_EQ(rep.groups[0].notes.size(), 1u);
  EXPECT_EQ(rep.groups[0].notes[0],
            "node07: /shared/run/node07.jsonl names no host (a run summary of an older clscope): named after "
            "its file");
}

TEST(FleetRuns, FailedWorkloadIsAReason) {
  auto v = run_nodes();
  v[0].stream_state = "failed";
  const auto rep = analyse_fleet(runs_of(v), {});
  const auto& n = node(rep, "run01");
  EXPECT_EQ(rules(n), std::vector<std::string>{"workload-failed:stream"});
  EXPECT_EQ(n.reasons[0].text, "its run's workload stream failed: CL_OUT_OF_RESOURCES");
}

TEST(FleetRuns, RequestLatencyP99IsLowerIsBetter) {
  std::vector<CheckResult> results;
  const double p99[] = {2.0, 2.1, 5.0};
  for (int i = 0; i < 3; ++i) {
    auto j = run_summary(run_nodes()[static_cast<std::size_t>(i)]);
    j["workloads"][1]["name"] = "latency-is-not-a-direction";  // the name does not decide
    j["workloads"].push_back({{"name", "pipe"}, {"kind", "pipeline"}, {"unit", "req/s"}, {"median", 500.0},
                              {"latency_ms", {{"p50", 1.0}, {"p99", p99[i]}}}});
    results.push_back(parse_run_summary(j, "r" + std::to_string(i) + ".json"));
  }
  const auto rep = analyse_fleet(results, {});
  const auto& g = rep.groups[0];
  EXPECT_TRUE(g.metrics.at("pipe.latency_p99").lower_is_better);
  EXPECT_EQ(g.metrics.at("pipe.latency_p99").unit, "ms");
  EXPECT_FALSE(g.metrics.at("latency-is-not-a-direction").lower_is_better);
  EXPECT_EQ(g.metrics.count("pipe.latency_p50"), 0u);
  EXPECT_EQ(rules(node(rep, "run03")), std::vector<std::string>{"ratio:pipe.latency_p99"});
}

TEST(FleetRuns, JsonNamesTheInput) {
  const auto j = fleet_json(analyse_fleet(runs_of(run_nodes()), {}));
  EXPECT_EQ(j["groups"][0]["input"], "clscope.run/1");
  EXPECT_EQ(j["nodes"][0]["check_pass"], nullptr);
  EXPECT_EQ(j["nodes"][0]["metrics"]["stream"], 100);
  EXPECT_EQ(j["groups"][0]["scenario"],
            "run summary; stream(stream GB/s elements=33554432 op=triad size=536870912 vec=4); "
            "launch(launch launch/s work_items=1)");
}
