// Drives the real binary: JSON shapes of `list --json` and
// `run --headless --json`, exit codes for bad input.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "RunBinary.hpp"

using nlohmann::json;

// Regression: a probe that is ok carries a null reason, and the text listing
// threw reading it as a string (exit 4 after the platforms).
TEST(Binary, ListTextShowsEveryProbeAndExitsZero) {
  auto r = run_clscope("list", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Probes:\n  host.cpu [host] ok"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("json.exception"), std::string::npos) << r.out;
}

TEST(Binary, ListJsonShape) {
  auto r = run_clscope("list --json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  json j = json::parse(r.out);
  ASSERT_TRUE(j["platforms"].is_array());
  ASSERT_FALSE(j["platforms"].empty());
  const json& p = j["platforms"][0];
  for (const char* k : {"name", "vendor", "version", "devices"}) EXPECT_TRUE(p.contains(k)) << k;
  ASSERT_FALSE(p["devices"].empty());
  const json& d = p["devices"][0];
  for (const char* k : {"name", "vendor", "type", "driver_version", "device_version",
                        "compute_units", "max_clock_mhz", "global_mem_bytes", "max_alloc_bytes",
                        "global_cache_bytes", "extensions", "pci"})
    EXPECT_TRUE(d.contains(k)) << k;
  ASSERT_TRUE(j["workloads"].is_array());
  std::vector<std::string> kinds;
  for (const auto& w : j["workloads"]) kinds.push_back(w["kind"]);
  for (const char* k : {"stream", "compute", "transfer", "launch"})
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), k), kinds.end()) << k;
}

TEST(Binary, HeadlessJsonTicksThenSummary) {
  auto r = run_clscope(
      "run --headless --json --duration 3 --workload stream:size=16M --workload launch");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::istringstream in(r.out);
  std::string line;
  std::vector<json> lines;
  while (std::getline(in, line)) lines.push_back(json::parse(line));
  ASSERT_GE(lines.size(), 2u);
  int ticks = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    const json& t = lines[i];
    EXPECT_EQ(t["type"], "tick");
    for (const char* k : {"t_s", "workload", "value", "unit"}) EXPECT_TRUE(t.contains(k)) << k;
    ++ticks;
  }
  EXPECT_GE(ticks, 2);  // two workloads, at least one window each
  const json& s = lines.back();
  EXPECT_EQ(s["type"], "summary");
  EXPECT_EQ(s["schema"], "clscope.run/1");
  EXPECT_TRUE(s["host"].is_string());  // fleet report names the node by it
  EXPECT_TRUE(s["device"].contains("name"));
  ASSERT_EQ(s["workloads"].size(), 2u);
  for (const auto& w : s["workloads"]) {
    for (const char* k : {"name", "kind", "unit", "peak", "median", "iterations"})
      EXPECT_TRUE(w.contains(k)) << k;
    EXPECT_GT(w["iterations"].get<int>(), 0);
    EXPECT_TRUE(w["peak"].is_number());
  }
  EXPECT_EQ(s["workloads"][0]["unit"], "GB/s");
  EXPECT_EQ(s["workloads"][1]["unit"], "launch/s");
}

TEST(Binary, BadInputExitsTwoNamingTheKey) {
  auto r = run_clscope("run --headless --workload stream:vec=3", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("key 'vec'"), std::string::npos) << r.out;
  auto u = run_clscope("--bogus", true);
  EXPECT_EQ(u.exit_code, 2);
  EXPECT_NE(u.out.find("--bogus"), std::string::npos);
  auto c = run_clscope("run --headless --config /nonexistent/x.toml", true);
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_NE(c.out.find("/nonexistent/x.toml"), std::string::npos);
}

TEST(Binary, DeviceSpecMatchingNothingExitsTwo) {
  auto r = run_clscope("run --headless --duration 1 --device no-such-device-xyz", true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("no device name contains 'no-such-device-xyz'"), std::string::npos) << r.out;
}

TEST(Binary, SigintStillPrintsTheSummaryAndExits130) {
  auto r = run_clscope(
      "run --headless --json --workload launch & pid=$!; sleep 3; kill -INT $pid; wait $pid; "
      "exit $?");
  EXPECT_EQ(r.exit_code, 130);
  EXPECT_NE(r.out.find("\"schema\":\"clscope.run/1\""), std::string::npos) << r.out;
}
