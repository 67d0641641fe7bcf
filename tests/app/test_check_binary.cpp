// Drives the real binary: `check` with a baseline from a good configuration
// against a deliberately worse one, bad input, and `compare` on two short
// recordings.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "RunBinary.hpp"

using nlohmann::json;

namespace {

/// A scratch directory removed when the test ends.
class Scratch {
 public:
  Scratch()
      : dir_(std::filesystem::temp_directory_path() /
             ("clscope-check-test-" + std::to_string(getpid()))) {
    std::filesystem::create_directories(dir_);
  }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return path(name);
  }

 private:
  std::filesystem::path dir_;
};

const json& check_item(const json& j, const std::string& name) {
  for (const auto& c : j["checks"])
    if (c["name"] == name) return c;
  throw std::runtime_error("no check item " + name);
}

// Only the launch item: the test is about the baseline, kept short. The
// utilisation refusal is off (busy_util_pct = 100): on a shared CPU device
// other processes' load would otherwise refuse the check. The worse run's
// 1000 us sleep before each launch caps it at 1000 launches/s, far below
// half of what the good run reaches on any OpenCL device.
constexpr const char* kLaunchCheck = R"([run]
window = 0.25
[check]
quick_workload_s = 2
busy_util_pct = 100
baseline_tolerance = 0.5
[[workload]]
kind = "launch"
)";
const std::string kGood = std::string(kLaunchCheck) + "in_flight = 8\n";
const std::string kWorse = std::string(kLaunchCheck) + "in_flight = 1\nhost_sleep_us = 1000\n";

}  // namespace

TEST(CheckBinary, BaselineFailsTheWorsenedItem) {
  const Scratch tmp;
  const std::string good = tmp.write("good.toml", kGood);
  const std::string worse = tmp.write("worse.toml", kWorse);
  auto first = run_clscope("check --quick --json --config " + good);
  ASSERT_TRUE(first.exit_code == 0 || first.exit_code == 1) << first.out;
  const json base = json::parse(first.out);
  EXPECT_EQ(base["schema"], "clscope.check/1");
  for (const char* k : {"host", "device", "pass", "checks"}) EXPECT_TRUE(base.contains(k)) << k;
  for (const auto& c : base["checks"]) {
    for (const char* k : {"name", "pass", "value", "threshold", "unit", "detail"})
      EXPECT_TRUE(c.contains(k)) << k;
    if (c["pass"].is_null()) {
      EXPECT_FALSE(c["detail"].get<std::string>().empty()) << c["name"];
    }
  }
  const json& launch = check_item(base, "launch-rate");
  ASSERT_TRUE(launch["value"].is_number()) << launch.dump();
  EXPECT_TRUE(launch["pass"].is_null()) << "no threshold and no baseline: skipped";
  if (base["device"]["type"] == "CPU") {
    EXPECT_TRUE(check_item(base, "pcie-link")["pass"].is_null());
  }

  const std::string base_path = tmp.write("base.json", first.out);
  auto second = run_clscope("check --quick --json --config " + worse + " --baseline " + base_path);
  ASSERT_EQ(second.exit_code, 1) << second.out;
  const json j = json::parse(second.out);
  EXPECT_EQ(j["pass"], false);
  const json& worse_launch = check_item(j, "launch-rate");
  EXPECT_EQ(worse_launch["pass"], false) << worse_launch.dump();
  EXPECT_LT(worse_launch["value"].get<double>(), launch["value"].get<double>() * 0.5);
  bool baseline_failed = false;
  for (const auto& c : worse_launch["criteria"])
    baseline_failed = baseline_failed || (c["basis"] == "baseline" && c["pass"] == false);
  EXPECT_TRUE(baseline_failed) << worse_launch.dump();
  EXPECT_NE(worse_launch["detail"].get<std::string>().find("in_flight 8 -> 1"), std::string::npos);
  EXPECT_EQ(j["baseline"]["source"], base_path);
}

TEST(CheckBinary, BadInputExitsTwo) {
  const Scratch tmp;
  const std::string unknown = tmp.write("unknown.toml", "[check]\nmemory_min_gb = 5\n[[workload]]\nkind = \"launch\"\n");
  auto r = run_clscope("check --quick --config " + unknown, true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("unknown.toml:2:1: unknown key 'memory_min_gb' in [check]"), std::string::npos)
      << r.out;
  const std::string not_json = tmp.write("base.txt", "not json");
  r = run_clscope("check --quick --baseline " + not_json, true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("is not JSON"), std::string::npos) << r.out;
  EXPECT_EQ(run_clscope("check extra-argument").exit_code, 2);
  EXPECT_EQ(run_clscope("compare only-one.jsonl").exit_code, 2);
  EXPECT_EQ(run_clscope("compare /nonexistent/a.jsonl /nonexistent/b.jsonl").exit_code, 2);
}

TEST(CompareBinary, AcceptsSameScenarioRefusesOtherSize) {
  const Scratch tmp;
  const std::string a = tmp.path("a.jsonl"), b = tmp.path("b.jsonl"), c = tmp.path("c.jsonl");
  const std::string run = "run --headless --duration 1.5 --workload stream:size=8M --record ";
  ASSERT_EQ(run_clscope(run + a).exit_code, 0);
  ASSERT_EQ(run_clscope(run + b).exit_code, 0);
  ASSERT_EQ(run_clscope("run --headless --duration 1.5 --workload stream:size=16M --record " + c)
                .exit_code,
            0);
  auto same = run_clscope("compare --json " + a + " " + b);
  ASSERT_EQ(same.exit_code, 0) << same.out;
  const json js = json::parse(same.out);
  EXPECT_EQ(js["schema"], "clscope.compare/1");
  EXPECT_EQ(js["comparable"], true);
  ASSERT_EQ(js["workloads"].size(), 1u);
  EXPECT_EQ(js["workloads"][0]["name"], "stream");

  auto other = run_clscope("compare " + a + " " + c);
  EXPECT_EQ(other.exit_code, 1) << other.out;
  EXPECT_NE(other.out.find("config.workloads[stream].params.size"), std::string::npos) << other.out;
  EXPECT_NE(other.out.find("comparison refused"), std::string::npos);
  auto forced = run_clscope("compare --json --force " + a + " " + c);
  EXPECT_EQ(forced.exit_code, 0);
  EXPECT_EQ(json::parse(forced.out)["forced"], true);
}
