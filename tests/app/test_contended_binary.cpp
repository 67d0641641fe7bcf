// The default scenario (stream triad + launch latency, no --workload) on the
// device present: each workload runs alone first (its solo level), then both
// run together. On a CPU device they share the cores, and the launch workload
// must come out `contended`, not latency-bound, live (the summary) and
// recomputed from the recording (report). Margins: the threshold is 25% below
// the solo level; on a 2-core POCL machine launch falls by more than 99%
// beside stream (thousands of launches per second alone, a few beside it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "RunBinary.hpp"

using nlohmann::json;

namespace {

json last_line(const std::string& out) {
  std::istringstream in(out);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return json::parse(last);
}

bool cpu_device() {
  const auto r = run_clscope("list --json");
  if (r.exit_code != 0) return false;
  const json j = json::parse(r.out);
  // "auto" picks a GPU when there is one.
  bool gpu = false, cpu = false;
  for (const auto& p : j["platforms"])
    for (const auto& d : p["devices"]) {
      gpu = gpu || d.value("type", "") == "GPU";
      cpu = cpu || d.value("type", "") == "CPU";
    }
  return cpu && !gpu;
}

}  // namespace

TEST(Contended, DefaultScenarioOnACpuDeviceBlamesTheOtherWorkload) {
  if (!cpu_device()) GTEST_SKIP() << "needs a CPU OpenCL device (the cores are what they share)";
  const std::string cache = std::string(CLSCOPE_TEST_CACHE);
  setenv("XDG_CACHE_HOME", cache.c_str(), 1);
  const std::string rec = (std::filesystem::temp_directory_path() /
                           ("clscope-contended-" + std::to_string(getpid()) + ".jsonl")).string();
  // No --workload: the built-in default scenario. 3 solo windows each, then 6 s together.
  auto r = run_clscope("run --headless --json --duration 6 --record " + rec);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const json summary = last_line(r.out);
  ASSERT_EQ(summary["schema"], "clscope.run/1");
  ASSERT_EQ(summary["workloads"].size(), 2u);
  const json& launch = summary["workloads"][1];
  ASSERT_EQ(launch["name"], "launch");
  ASSERT_TRUE(launch["solo_level"].is_number()) << launch.dump();
  ASSERT_TRUE(launch["median"].is_number()) << launch.dump();
  EXPECT_LT(launch["median"].get<double>(), 0.75 * launch["solo_level"].get<double>()) << launch.dump();
  EXPECT_EQ(launch["verdict"], "contended") << launch.dump();
  EXPECT_TRUE(summary["workloads"][0]["solo_level"].is_number());
  // The last verdict span is contended, from when both ran.
  ASSERT_FALSE(launch["verdicts"].empty());
  EXPECT_EQ(launch["verdicts"].back()["verdict"], "contended") << launch.dump();

  auto rep = run_clscope("report --json " + rec);
  ASSERT_EQ(rep.exit_code, 0) << rep.out;
  const json report = json::parse(rep.out);
  const json& w = report["workloads"][1];
  EXPECT_EQ(w["verdict"], "contended") << w.dump();
  ASSERT_TRUE(w["solo_level"].is_object()) << w.dump();
  EXPECT_DOUBLE_EQ(w["solo_level"]["value"].get<double>(), launch["solo_level"].get<double>());
  int solo_events = 0;
  for (const auto& e : report["events"]) solo_events += e["type"] == "solo-level" ? 1 : 0;
  EXPECT_EQ(solo_events, 2);
  std::filesystem::remove(rec);
}

TEST(Contended, OneWorkloadHasNoSoloPhase) {
  auto r = run_clscope("run --headless --json --duration 1 --workload launch");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const json summary = last_line(r.out);
  EXPECT_TRUE(summary["workloads"][0]["solo_level"].is_null()) << summary.dump();
  EXPECT_NE(summary["workloads"][0]["verdict"], "contended");
}
