// The request workloads through the real binary: the shipped inference
// scenario's summary carries latency percentiles and the SLO result, the
// interference split appears beside a background workload, the custom
// example runs, and custom-kernel errors exit 2 naming the problem.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "RunBinary.hpp"

using json = nlohmann::json;

namespace {

/// The last line of stdout: the summary.
json summary_of(const BinaryResult& r) {
  std::string text = r.out;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto nl = text.rfind('\n');
  const json s = json::parse(nl == std::string::npos ? text : text.substr(nl + 1));
  EXPECT_EQ(s["type"], "summary");
  return s;
}

const std::string kConfig = std::string(CLSCOPE_SOURCE_DIR) + "/config/";

}  // namespace

TEST(RequestsBinary, InferenceSummaryHasLatencyAndSlo) {
  const auto r = run_clscope("run --headless --json --config " + kConfig + "inference.toml --duration 4");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const json s = summary_of(r);
  ASSERT_EQ(s["workloads"].size(), 1u);
  const json& w = s["workloads"][0];
  EXPECT_EQ(w["kind"], "pipeline");
  EXPECT_EQ(w["unit"], "req/s");
  for (const char* k : {"p50", "p90", "p99", "p999", "max"})
    EXPECT_TRUE(w["latency_ms"][k].is_number()) << k;
  EXPECT_LE(w["latency_ms"]["p50"].get<double>(), w["latency_ms"]["p99"].get<double>());
  EXPECT_LE(w["latency_ms"]["p99"].get<double>(), w["latency_ms"]["max"].get<double>());
  EXPECT_TRUE(w["slo"]["met"].is_boolean());
  EXPECT_GT(w["slo"]["p99_ms"].get<double>(), 0);
  for (const char* k : {"dropped", "timed_out", "completed", "arrived"})
    EXPECT_TRUE(w[k].is_number_unsigned()) << k;
  EXPECT_GT(w["completed"].get<int>(), 100);
  EXPECT_TRUE(w["batch_size"]["counts"].is_object());
  EXPECT_TRUE(w["queue_depth"]["max"].is_number());
  EXPECT_EQ(w["verify_after"].get<std::string>().rfind("ok:", 0), 0u);
  EXPECT_FALSE(w.contains("interference"));  // alone in its scenario
}

TEST(RequestsBinary, BackgroundWorkloadGivesTheInterferenceSplit) {
  const auto r = run_clscope(
      "run --headless --json --duration 4 --workload pipeline:rate_hz=100:p99_ms=50 "
      "--workload stream:op=copy:size=16M:start_after_s=2");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const json s = summary_of(r);
  const json& i = s["workloads"][0]["interference"];
  EXPECT_EQ(i["background"], json::array({"stream"}));
  EXPECT_GE(i["alone"]["windows"].get<int>(), 1);
  EXPECT_GE(i["with_background"]["windows"].get<int>(), 1);
  const int windows = i["alone"]["windows"].get<int>() + i["with_background"]["windows"].get<int>();
  // One per second of the 4 s of measurement, which starts once both
  // workloads are set up; windows during the slower setup come on top.
  EXPECT_GE(windows, 3);
  EXPECT_LE(windows, 9);
  for (const char* g : {"alone", "with_background"}) {
    EXPECT_TRUE(i[g]["verdict"].is_string()) << g;
    EXPECT_TRUE(i[g]["slo"]["met"].is_boolean()) << g;
  }
}

TEST(RequestsBinary, CustomExampleRuns) {
  const auto r = run_clscope("run --headless --json --config " + kConfig +
                             "custom-example.toml --duration 2");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const json w = summary_of(r)["workloads"][0];
  EXPECT_EQ(w["kind"], "custom");
  EXPECT_EQ(w["unit"], "GB/s");
  EXPECT_GT(w["iterations"].get<int>(), 0);
}

TEST(RequestsBinary, CustomMissingFileExitsTwo) {
  const auto r = run_clscope("run --headless --duration 1 --workload custom:file=nope/none.cl:"
                             "kernel=k:global=64",
                             true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("key 'file': cannot open 'nope/none.cl'"), std::string::npos) << r.out;
  const auto g = run_clscope("run --headless --duration 1 --workload custom:file=x.cl:kernel=k", true);
  EXPECT_EQ(g.exit_code, 2);
  EXPECT_NE(g.out.find("key 'global' is required"), std::string::npos) << g.out;
}
