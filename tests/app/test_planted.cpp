// The planted cases: each workload shaped to one bottleneck must come out
// with that verdict, live (the headless summary) and recomputed from its
// recording (report). Runs the real binary on the OpenCL device present.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "RunBinary.hpp"

using nlohmann::json;

namespace {

struct Planted {
  const char* spec;
  const char* verdict;
};

class PlantedCase : public ::testing::TestWithParam<Planted> {};

json last_line(const std::string& out) {
  std::istringstream in(out);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return json::parse(last);
}

}  // namespace

TEST_P(PlantedCase, VerdictLiveAndInTheReport) {
  // One ceilings cache for the whole test run, away from the user's.
  const std::string cache = std::string(CLSCOPE_TEST_CACHE);
  setenv("XDG_CACHE_HOME", cache.c_str(), 1);
  const std::string rec = (std::filesystem::temp_directory_path() /
                           ("clscope-planted-" + std::to_string(getpid()) + ".jsonl")).string();
  auto r = run_clscope("run --headless --json --duration 8 --workload " +
                       std::string(GetParam().spec) + " --record " + rec);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const json summary = last_line(r.out);
  ASSERT_EQ(summary["schema"], "clscope.run/1");
  const json& w = summary["workloads"][0];
  EXPECT_EQ(w["verdict"], GetParam().verdict) << w.dump();
  auto rep = run_clscope("report --json " + rec);
  ASSERT_EQ(rep.exit_code, 0) << rep.out;
  const json report = json::parse(rep.out);
  EXPECT_EQ(report["workloads"][0]["verdict"], GetParam().verdict) << report["workloads"][0].dump();
  std::filesystem::remove(rec);
}

INSTANTIATE_TEST_SUITE_P(
    OnThisDevice, PlantedCase,
    ::testing::Values(Planted{"stream", "memory-bound"}, Planted{"compute", "compute-bound"},
                      Planted{"launch", "launch-bound"}, Planted{"transfer", "transfer-bound"},
                      Planted{"stream:size=16M:in_flight=1:host_work_us=5000", "host-bound"},
                      Planted{"stream:size=16M:in_flight=1:host_sleep_us=5000", "starved"}),
    [](const auto& param_info) {
      const std::string s = param_info.param.verdict;
      std::string name;
      for (char c : s) name += c == '-' ? '_' : c;
      return name;
    });
