// `clscope calibrate` on the real device (POCL here): the clscope.ceilings/1
// object, the cache it writes and its age limit, and the busy-host guard
// with a real CPU hog beside it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "RunBinary.hpp"

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

/// A cache folder of the test's own (the suite's shared one is left alone).
std::string own_cache(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("cache-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

json last_line(const std::string& out) {
  std::istringstream in(out);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty() && line[0] == '{') last = line;
  return json::parse(last);
}

/// Busy processes that take the host's CPUs until destroyed.
class CpuHogs {
 public:
  explicit CpuHogs(int n) {
    for (int i = 0; i < n; ++i) {
      const pid_t pid = fork();
      if (pid == 0) {
        volatile unsigned long x = 0;
        for (;;) x = x + 1;
      }
      if (pid > 0) pids_.push_back(pid);
    }
  }
  ~CpuHogs() {
    for (pid_t p : pids_) kill(p, SIGKILL);
    for (pid_t p : pids_) waitpid(p, nullptr, 0);
  }

 private:
  std::vector<pid_t> pids_;
};

}  // namespace

TEST(Calibrate, JsonObjectIsCachedAndUsedUntilTooOld) {
  const std::string cache = own_cache("calibrate");
  const std::string env = "XDG_CACHE_HOME=" + cache + " ";
  const BinaryResult r = run_shell("env " + env + CLSCOPE_BINARY + " calibrate --json --budget 2 2>/dev/null");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const json c = json::parse(r.out);
  EXPECT_EQ(c["schema"], "clscope.ceilings/1");
  for (const char* k : {"device", "driver", "platform_version", "measured_at", "method", "host_load"})
    EXPECT_TRUE(c.contains(k)) << k;
  EXPECT_EQ(c["method"]["budget_s"], 2.0);
  EXPECT_EQ(c["method"]["stable_spread"], 0.03);
  for (const char* k : {"memory", "compute", "h2d", "d2h", "dispatch", "round_trip"}) {
    const json& e = c["ceilings"][k];
    ASSERT_TRUE(e["value"].is_number()) << k << ": " << e.dump();
    EXPECT_GT(e["value"].get<double>(), 0) << k;
    EXPECT_GE(e["trials"].get<int>(), 3) << k << ": a best of three needs three trials";
    EXPECT_TRUE(e["spread"].is_number()) << k;
    EXPECT_FALSE(e["variant"].get<std::string>().empty()) << k;
    EXPECT_EQ(e["source"], "measured") << k;
    EXPECT_EQ(e["trusted"], true) << k << " (the suite turns the busy-host guard off)";
  }
  EXPECT_TRUE(c["host_load"]["others_busy"].is_number()) << c["host_load"].dump();

  // The run uses the cache, and says so per ceiling.
  const std::string run = "env " + env + CLSCOPE_BINARY +
                          " run --headless --json --duration 1 --workload launch 2>/dev/null";
  json summary = last_line(run_shell(run).out);
  ASSERT_EQ(summary["schema"], "clscope.run/1") << summary.dump();
  EXPECT_EQ(summary["ceilings"]["schema"], "clscope.ceilings/1");
  EXPECT_EQ(summary["ceilings"]["ceilings"]["memory"]["source"], "cache");
  EXPECT_EQ(summary["ceilings"]["ceilings"]["memory"]["value"], c["ceilings"]["memory"]["value"]);

  // An entry older than 30 days is measured again.
  const fs::path file = fs::path(cache) / "clscope" / "ceilings.json";
  json entries = json::parse(std::ifstream(file));
  ASSERT_EQ(entries.size(), 1u) << entries.dump();
  for (auto& [key, e] : entries.items()) e["record"]["measured_unix_s"] = 1.0e9;  // 2001
  std::ofstream(file) << entries.dump();
  summary = last_line(run_shell(run).out);
  EXPECT_EQ(summary["ceilings"]["ceilings"]["memory"]["source"], "measured") << summary["ceilings"].dump();
  fs::remove_all(cache);
}

TEST(Calibrate, BusyHostGivesUntrustedCeilingsThatAreNotCached) {
  const std::string cache = own_cache("busy");
  CpuHogs hogs(static_cast<int>(std::max(2L, sysconf(_SC_NPROCESSORS_ONLN))));
  const std::string cmd = "env XDG_CACHE_HOME=" + cache +
                          " CLSCOPE_CALIBRATION_BUSY_MAX=0.25 CLSCOPE_CALIBRATION_STEAL_MAX=1 " +
                          CLSCOPE_BINARY + " calibrate --json --budget 1 2>&1 >" + cache + "/out.json";
  const BinaryResult run = run_shell(cmd);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const std::string& err = run.out;
  const json c = json::parse(std::ifstream(cache + "/out.json"));
  ASSERT_TRUE(c["host_load"]["others_busy"].is_number()) << c["host_load"].dump();
  EXPECT_GT(c["host_load"]["others_busy"].get<double>(), 0.25) << c["host_load"].dump();
  int measured = 0;
  for (const auto& [k, e] : c["ceilings"].items()) {
    if (!e["value"].is_number()) continue;
    ++measured;
    EXPECT_EQ(e["trusted"], false) << k;
    EXPECT_NE(e["reason"].get<std::string>().find("busy with other processes during calibration"),
              std::string::npos)
        << k << ": " << e["reason"];
  }
  EXPECT_GT(measured, 0);
  EXPECT_NE(err.find("NOT TRUSTED"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(fs::path(cache) / "clscope" / "ceilings.json"))
      << "an untrusted calibration is never cached";
  fs::remove_all(cache);
}
