// Faults in one workload, on the real binary: a kernel that never finishes is
// bounded by its timeout_s, that workload is reported failed with the reason,
// the others go on to the end of the run, and the run exits with status 4.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "RunBinary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path scratch_dir() {
  const fs::path dir = fs::temp_directory_path() / ("clscope-faults-" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

json last_json_line(const std::string& out) {
  std::istringstream in(out);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty() && line.front() == '{') last = line;
  return json::parse(last);
}

const json* workload(const json& summary, const std::string& name) {
  for (const auto& w : summary["workloads"])
    if (w["name"] == name) return &w;
  return nullptr;
}

}  // namespace

TEST(Faults, HungKernelFailsItsWorkloadOnlyAndTheRunExitsFour) {
  const fs::path dir = scratch_dir();
  // One work-item spinning on a flag nobody sets: it never completes, and it
  // holds one of the device's threads, leaving the others to `launch`.
  write(dir / "spin.cl",
        "kernel void spin(volatile global int* flag) {\n"
        "  while (flag[0] == 0) {\n  }\n}\n");
  write(dir / "hang.toml",
        "[run]\nduration = 4\n\n"
        "[[workload]]\nkind = \"custom\"\nname = \"spin\"\nfile = \"spin.cl\"\nkernel = \"spin\"\n"
        "buffers = \"flag:4:zero\"\nargs = \"flag\"\nglobal = \"1\"\ntimeout_s = 1\n\n"
        "[[workload]]\nkind = \"launch\"\n");
  const fs::path rec = dir / "hang.jsonl";
  const auto r = run_clscope("run --headless --json --config " + (dir / "hang.toml").string() +
                             " --record " + rec.string());
  EXPECT_EQ(r.exit_code, 4) << r.out;
  const json summary = last_json_line(r.out);
  const json* spin = workload(summary, "spin");
  const json* launch = workload(summary, "launch");
  ASSERT_TRUE(spin && launch) << summary.dump();
  EXPECT_EQ((*spin)["state"], "failed");
  EXPECT_NE((*spin)["error"].get<std::string>().find("did not complete within timeout_s = 1 s"),
            std::string::npos)
      << spin->dump();
  // The other workload was not taken down: it ran to the end of the run.
  EXPECT_EQ((*launch)["state"], "stopped") << launch->dump();
  EXPECT_GT((*launch)["iterations"].get<double>(), 0) << launch->dump();
  // The failure is in the recording, which report still reads.
  std::ifstream in(rec);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("timeout_s"), std::string::npos);
  const auto rep = run_clscope("report --json " + rec.string());
  EXPECT_EQ(rep.exit_code, 0) << rep.out;
  fs::remove_all(dir);
}

TEST(Faults, TimeoutOutOfRangeIsAConfigError) {
  const auto r = run_clscope("run --headless --duration 1 --workload launch:timeout_s=0", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("timeout_s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("between 0.1 and 86400"), std::string::npos) << r.out;
}

TEST(Faults, BuffersBeyondGlobalMemoryAreRefusedNamingTheLimit) {
  // Three buffers each within the max allocation, together past global memory.
  const auto list = run_clscope("list --json");
  ASSERT_EQ(list.exit_code, 0);
  const json dev = json::parse(list.out)["platforms"][0]["devices"][0];
  const double global = dev["global_mem_bytes"].get<double>();
  const double max_alloc = dev["max_alloc_bytes"].get<double>();
  const auto each = static_cast<long long>(std::min(max_alloc, global / 2) / 1048576);
  ASSERT_GT(3.0 * static_cast<double>(each) * 1048576, global);
  const fs::path dir = scratch_dir();
  write(dir / "k.cl", "kernel void k(global float* a, global float* b, global float* c) {}\n");
  const std::string b = std::to_string(each) + "M";
  write(dir / "big.toml",
        "[[workload]]\nkind = \"custom\"\nfile = \"k.cl\"\nkernel = \"k\"\n"
        "buffers = \"a:" + b + ":zero, b:" + b + ":zero, c:" + b + ":zero\"\n"
        "args = \"a, b, c\"\nglobal = \"1\"\n");
  const auto r = run_clscope("run --headless --duration 2 --config " + (dir / "big.toml").string(), true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("global memory is"), std::string::npos) << r.out;
  fs::remove_all(dir);
}
