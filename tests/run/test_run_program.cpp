// `clscope run -- CMD` end to end: the real binary observes app_subject (a
// planted OpenCL program) and clpeak through the loader layer. Assertions are
// on counts, exit statuses and verdicts of behaviours planted far from every
// threshold, never on timing luck.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

struct Ran {
  int exit_code = -1;
  std::string out, err, lines;  // program's stdout, stderr; clscope's --output file
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path scratch(const std::string& name) {
  const char* tmp = std::getenv("TMPDIR");
  fs::path dir = fs::path(tmp ? tmp : "/tmp") / "run_program";
  fs::create_directories(dir);
  return dir / name;
}

// Runs `clscope ARGS` through sh; clscope's lines go to --output when `use_output`.
Ran clscope(const std::string& tag, const std::string& args, bool use_output = true) {
  const fs::path out = scratch(tag + ".out"), err = scratch(tag + ".err"), lines = scratch(tag + ".lines");
  fs::remove(lines);
  std::string cmd = std::string(CLSCOPE_BINARY) + " " +
                    (use_output ? "--output " + lines.string() + " " : "") + args + " >" +
                    out.string() + " 2>" + err.string();
  Ran r;
  const int st = std::system(cmd.c_str());
  r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  r.lines = slurp(lines);
  return r;
}

std::string subject(const std::string& args) { return std::string(CLSCOPE_APP_SUBJECT) + " " + args; }

// The summary: the last line of clscope's JSON output.
nlohmann::json summary_of(const std::string& lines) {
  std::istringstream in(lines);
  std::string line, last;
  while (std::getline(in, line))
    if (line.rfind("{\"", 0) == 0 && line.find("\"summary\"") != std::string::npos) last = line;
  if (last.empty()) return nlohmann::json();
  return nlohmann::json::parse(last);
}

const nlohmann::json* kernel(const nlohmann::json& w, const std::string& name) {
  for (const auto& k : w["kernels"])
    if (k["name"] == name) return &k;
  return nullptr;
}

}  // namespace

TEST(RunProgramBinary, FindsKernelNamesAndCounts) {
  const Ran r = clscope("counts", "run --headless --json --duration 120 -- " + subject("host-work 40 2"));
  ASSERT_EQ(r.exit_code, 0) << r.err << r.lines;
  const auto s = summary_of(r.lines);
  ASSERT_TRUE(s.is_object()) << r.lines;
  EXPECT_EQ(s["schema"], "clscope.run/1");
  EXPECT_TRUE(s["host"].is_string());
  ASSERT_EQ(s["workloads"].size(), 1u);
  const auto& w = s["workloads"][0];
  EXPECT_EQ(w["kind"], "app");
  EXPECT_EQ(w["name"], "app_subject");
  EXPECT_EQ(w["dropped_records"], 0);
  const auto* tick = kernel(w, "tick");
  ASSERT_NE(tick, nullptr) << w.dump();
  EXPECT_EQ((*tick)["count"], 40);
  EXPECT_GT((*tick)["total_s"].get<double>(), 0.0);
  EXPECT_LE((*tick)["p50_us"].get<double>(), (*tick)["p99_us"].get<double>());
  EXPECT_NEAR((*tick)["share"].get<double>(), 1.0, 1e-9);
  EXPECT_EQ(kernel(w, "spin"), nullptr);
  EXPECT_EQ(s["program"]["exit_status"], 0);
}

TEST(RunProgramBinary, ExitStatusAndOutputPassThrough) {
  const Ran r = clscope("exit3", "run --headless -- " + subject("exit 3"));
  EXPECT_EQ(r.exit_code, 3) << r.err << r.lines;
  EXPECT_EQ(r.out, "app_subject: stdout line\n");  // untouched, nothing of clscope's
  EXPECT_NE(r.err.find("app_subject: stderr line"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("clscope:"), std::string::npos) << r.err;
  EXPECT_NE(r.lines.find("tick"), std::string::npos) << r.lines;  // the summary went to --output
}

TEST(RunProgramBinary, WithoutOutputClscopeWritesToStderrOnly) {
  const Ran r = clscope("stderr", "run --headless --json -- " + subject("exit 0"), false);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "app_subject: stdout line\n");
  EXPECT_TRUE(summary_of(r.err).is_object()) << r.err;
}

TEST(RunProgramBinary, ProgramKilledBySignalGives128PlusN) {
  const Ran r = clscope("killed", "run --headless -- sh -c 'kill -KILL $$'");
  EXPECT_EQ(r.exit_code, 128 + 9) << r.lines;
}

TEST(RunProgramBinary, ProgramThatCannotStartIsClscopesUsageError) {
  const Ran r = clscope("nostart", "run --headless -- /nonexistent/program");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.lines.find("cannot start '/nonexistent/program'"), std::string::npos) << r.lines;
  EXPECT_NE(r.lines.find("clscope's own"), std::string::npos) << r.lines;
}

TEST(RunProgramBinary, DurationEndsTheProgramWithSigterm) {
  const Ran r = clscope("duration", "run --headless --duration 2 -- " + subject("wait-term"));
  EXPECT_EQ(r.exit_code, 7) << r.lines;  // app_subject's own answer to SIGTERM
  EXPECT_EQ(r.out, "ready\n");
}

TEST(RunProgramBinary, SigtermToClscopeIsForwardedToTheProgram) {
  const fs::path out = scratch("forward.out"), lines = scratch("forward.lines");
  fs::remove(out);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string cmd = std::string("exec ") + CLSCOPE_BINARY + " run --headless --output " +
                            lines.string() + " -- " + subject("wait-term") + " >" + out.string();
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait for the program to have installed its handler (it prints "ready").
  for (int i = 0; i < 1200 && slurp(out).find("ready") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_NE(slurp(out).find("ready"), std::string::npos);
  kill(pid, SIGTERM);
  int st = 0;
  waitpid(pid, &st, 0);
  ASSERT_TRUE(WIFEXITED(st));
  EXPECT_EQ(WEXITSTATUS(st), 7) << slurp(lines);
}

TEST(RunProgramBinary, RecordingReportsTheAppWorkload) {
  const fs::path rec = scratch("app.jsonl");
  fs::remove(rec);
  const Ran r = clscope("record", "run --headless --record " + rec.string() + " -- " + subject("host-work 30 2"));
  ASSERT_EQ(r.exit_code, 0) << r.lines;
  const Ran rep = clscope("report", "report " + rec.string() + " --json", false);
  ASSERT_EQ(rep.exit_code, 0) << rep.err;
  const auto j = nlohmann::json::parse(rep.out);
  ASSERT_EQ(j["workloads"].size(), 1u);
  const auto& w = j["workloads"][0];
  EXPECT_EQ(w["kind"], "app");
  EXPECT_EQ(w["name"], "app_subject");
  ASSERT_NE(kernel(w, "tick"), nullptr) << w.dump();
  EXPECT_EQ((*kernel(w, "tick"))["count"], 30);
  EXPECT_EQ(w["exit_status"], 0);
  EXPECT_EQ(w["dropped_records"], 0);
  EXPECT_TRUE(w.contains("verdicts"));
}

TEST(RunProgramBinary, MetricsFileHasTheProgramAsAnAppWorkload) {
  const fs::path prom = scratch("app.prom");
  fs::remove(prom);
  const Ran r = clscope("metrics", "run --headless --metrics-file " + prom.string() + " -- " +
                                       subject("host-work 30 2"));
  ASSERT_EQ(r.exit_code, 0) << r.lines;
  const std::string text = slurp(prom);
  EXPECT_NE(text.find("clscope_workload_commands_per_second{workload=\"app_subject\",kind=\"app\"}"),
            std::string::npos) << text;
  EXPECT_NE(text.find("clscope_workload_verdict{workload=\"app_subject\",kind=\"app\",verdict=\"host-bound\"}"),
            std::string::npos) << text;
}

TEST(RunProgramBinary, CopiesAreCountedPerDirection) {
  const Ran r = clscope("copies", "run --headless --json -- " + subject("copies 5"));
  ASSERT_EQ(r.exit_code, 0) << r.lines;
  const auto w = summary_of(r.lines)["workloads"][0];
  EXPECT_EQ(w["copies"]["h2d"]["count"], 5);
  EXPECT_EQ(w["copies"]["d2h"]["count"], 5);
  EXPECT_EQ(w["copies"]["h2d"]["bytes"].get<double>(), 5.0 * (8 << 20));
}

// Planted behaviours, each held for several windows far from the thresholds.
TEST(RunProgramBinary, HostWorkBetweenKernelsIsHostBound) {
  const Ran r = clscope("hostbound", "run --headless --json -- " + subject("host-work 200 20"));
  ASSERT_EQ(r.exit_code, 0) << r.lines;
  EXPECT_EQ(summary_of(r.lines)["workloads"][0]["verdict"], "host-bound") << r.lines;
}

TEST(RunProgramBinary, SleepsBetweenKernelsAreStarved) {
  const Ran r = clscope("starved", "run --headless --json -- " + subject("sleep 200 20"));
  ASSERT_EQ(r.exit_code, 0) << r.lines;
  EXPECT_EQ(summary_of(r.lines)["workloads"][0]["verdict"], "starved") << r.lines;
}

TEST(RunProgramBinary, BackToBackLargeKernelsAreDeviceBound) {
  const Ran r = clscope("devicebound", "run --headless --json -- " + subject("busy 5"));
  ASSERT_EQ(r.exit_code, 0) << r.lines;
  const auto w = summary_of(r.lines)["workloads"][0];
  EXPECT_EQ(w["verdict"], "device-bound") << r.lines;
  ASSERT_NE(kernel(w, "spin"), nullptr);
}

// Declared work ([app.kernel."spin"] of --config) places the busy device's
// kernels: operations only -> compute-bound, bytes only -> memory-bound. The
// declared work is far beyond any CPU's ceilings, so the verdict is the same
// whether the test area's cache holds ceilings (placed against them) or not
// (decided by what is declared); the line before the windows says which.
TEST(RunProgramBinary, DeclaredKernelWorkTurnsDeviceBoundIntoComputeOrMemoryBound) {
  const fs::path flops = scratch("flops.toml"), bytes = scratch("bytes.toml");
  std::ofstream(flops) << "[app.kernel.\"spin\"]\nflops = \"n * 1e12\"\n";
  std::ofstream(bytes) << "[app.kernel.\"spin\"]\nbytes = \"4 * n * 1e12\"\n";

  const Ran c = clscope("declared-flops", "run --headless --json --config " + flops.string() + " -- " + subject("busy 5"));
  ASSERT_EQ(c.exit_code, 0) << c.lines;
  EXPECT_NE(c.lines.find("the declared kernels are "), std::string::npos) << c.lines;
  const auto cw = summary_of(c.lines)["workloads"][0];
  EXPECT_EQ(cw["verdict"], "compute-bound") << c.lines;
  const auto* spin = kernel(cw, "spin");
  ASSERT_NE(spin, nullptr) << c.lines;
  EXPECT_DOUBLE_EQ((*spin)["declared_flops"].get<double>(), (*spin)["count"].get<double>() * 64 * 1e12);
  EXPECT_EQ((*spin)["declared_bytes"].get<double>(), 0.0);
  EXPECT_GT((*spin)["gflops"].get<double>(), 0.0);

  const Ran m = clscope("declared-bytes", "run --headless --json --config " + bytes.string() + " -- " + subject("busy 5"));
  ASSERT_EQ(m.exit_code, 0) << m.lines;
  EXPECT_EQ(summary_of(m.lines)["workloads"][0]["verdict"], "memory-bound") << m.lines;

  const Ran bad = clscope("declared-bad", "run --headless --config " + flops.string() + ".missing -- " + subject("exit 0"));
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

TEST(RunProgramBinary, TinyKernelsEachWaitedForAreLaunchBound) {
  const Ran r = clscope("launchbound", "run --headless --json -- " + subject("launches 5"));
  ASSERT_EQ(r.exit_code, 0) << r.lines;
  EXPECT_EQ(summary_of(r.lines)["workloads"][0]["verdict"], "launch-bound") << r.lines;
}

TEST(RunProgramBinary, LargeBlockingCopiesAreTransferBound) {
  const Ran r = clscope("transferbound", "run --headless --json -- " + subject("copy-loop 5"));
  ASSERT_EQ(r.exit_code, 0) << r.lines;
  EXPECT_EQ(summary_of(r.lines)["workloads"][0]["verdict"], "transfer-bound") << r.lines;
}

TEST(RunProgramBinary, ClpeakKernelLatency) {
  if (std::string(CLSCOPE_CLPEAK).empty()) GTEST_SKIP() << "clpeak not installed";
#ifdef CLSCOPE_LAYER_SANITIZED
  GTEST_SKIP() << "a sanitized layer needs its runtime in the program, and clpeak has none";
#endif
  const Ran r = clscope("clpeak", "run --headless --json -- " + std::string(CLSCOPE_CLPEAK) + " --kernel-latency");
  ASSERT_EQ(r.exit_code, 0) << r.lines << r.err;
  const auto w = summary_of(r.lines)["workloads"][0];
  EXPECT_EQ(w["name"], "clpeak");
  ASSERT_FALSE(w["kernels"].empty()) << w.dump();
  std::uint64_t launches = 0;
  for (const auto& k : w["kernels"]) launches += k["count"].get<std::uint64_t>();
  // clpeak 1.1.2 times 20000 launches of one bandwidth kernel after two warm-ups.
  EXPECT_GE(launches, 20000u) << w["kernels"].dump();
  EXPECT_NE(kernel(w, "global_bandwidth_v1_local_offset"), nullptr) << w["kernels"].dump();
  EXPECT_NE(r.out.find("Kernel launch latency"), std::string::npos) << r.out;
}

TEST(RunProgramBinary, DashboardWithoutTerminalStartsNothing) {
  const fs::path marker = scratch("dashboard.marker");
  fs::remove(marker);
  const Ran r = clscope("noterm", "run -- sh -c 'touch " + marker.string() + "'", false);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_FALSE(fs::exists(marker));  // the program never started
}
