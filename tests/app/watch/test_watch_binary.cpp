// `clscope watch --pid PID` on a real OpenCL program (clscope's own headless
// run, on the device present: POCL here). A program that keeps the device
// busy and one that sleeps between small kernels are each started, watched
// for 3 s once their workload runs, and stopped in every path.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "RunBinary.hpp"

extern char** environ;
using nlohmann::json;

namespace {

/// A `clscope run --headless` child; killed and reaped when destroyed.
class Program {
 public:
  explicit Program(const std::vector<std::string>& args) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    std::vector<std::string> argv{CLSCOPE_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    if (posix_spawn(&pid_, cargv[0], &fa, nullptr, cargv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    ::close(fds[1]);
    out_ = fds[0];
  }
  ~Program() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    if (out_ >= 0) ::close(out_);
  }
  Program(const Program&) = delete;
  Program& operator=(const Program&) = delete;
  pid_t pid() const { return pid_; }

  /// Waits (at most `timeout`) for a stdout line containing `text`.
  bool wait_for_line(const std::string& text, std::chrono::seconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    std::string buf;
    while (std::chrono::steady_clock::now() < end) {
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char chunk[4096];
      const ssize_t n = ::read(out_, chunk, sizeof chunk);
      if (n <= 0) return false;  // the program ended
      buf.append(chunk, static_cast<std::size_t>(n));
      std::istringstream in(buf);
      for (std::string line; std::getline(in, line);)
        if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
};

/// Starts the workload, waits for its first window (after calibration and
/// setup), watches it for 3 s and returns the summary's entry for it.
json watch_program(const std::string& workload, const std::string& name) {
  Program prog({"run", "--headless", "--workload", workload, "--duration", "30"});
  EXPECT_GT(prog.pid(), 0);
  if (prog.pid() <= 0) return {};
  EXPECT_TRUE(prog.wait_for_line("  " + name + "  ", std::chrono::seconds(240)))
      << "the program's workload never started";
  const std::string prom = (std::filesystem::temp_directory_path() / (name + ".prom")).string();
  const auto r = run_clscope("watch --pid " + std::to_string(prog.pid()) +
                             " --headless --json --duration 3 --metrics-file " + prom);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  // The same figures for Prometheus: one verdict series at 1 for the process.
  std::ifstream metrics(prom);
  std::string text((std::istreambuf_iterator<char>(metrics)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("clscope_workload_verdict{workload=\""), std::string::npos) << text;
  EXPECT_NE(text.find("kind=\"process\""), std::string::npos) << text;
  std::istringstream in(r.out);
  json summary;
  int windows = 0;
  for (std::string line; std::getline(in, line);) {
    const json j = json::parse(line);
    if (j["type"] == "window") ++windows;
    if (j["type"] == "summary") summary = j;
  }
  EXPECT_EQ(windows, 3) << r.out;
  EXPECT_EQ(summary["schema"], "clscope.watch/1") << r.out;
  if (summary["processes"].size() != 1) {
    ADD_FAILURE() << r.out;
    return {};
  }
  json p = summary["processes"][0];
  EXPECT_EQ(p["pid"], prog.pid());
  EXPECT_NE(p["command"].get<std::string>().find("run --headless"), std::string::npos);
  EXPECT_EQ(p["device"].get<std::string>().rfind("cpu:", 0), 0u) << "POCL is a CPU device";
  bool workload_thread = false;
  for (const auto& t : p["threads"]) {
    EXPECT_EQ(t["state"].get<std::string>().size(), 1u);
    if (t["name"] == "cl:" + name) workload_thread = true;
  }
  EXPECT_TRUE(workload_thread) << p["threads"].dump();
  return p;
}

}  // namespace

TEST(WatchBinary, BusyAndSleepingProgramsOnTheCpuDevice) {
  // The programs share one ceilings cache (calibrated once per test run).
  setenv("XDG_CACHE_HOME", CLSCOPE_TEST_CACHE, 1);
  const json busy = watch_program("compute", "compute");
  const json idle = watch_program("stream:size=1M:host_sleep_us=20000", "stream");
  ASSERT_FALSE(busy.is_null());
  ASSERT_FALSE(idle.is_null());
  const double busy_frac = busy["evidence"]["device_busy"].get<double>();
  const double idle_frac = idle["evidence"]["device_busy"].get<double>();
  EXPECT_TRUE(busy["evidence"]["busy_is_estimate"].get<bool>());
  // The sleeping program leaves the device idle and is itself idle: starved.
  EXPECT_EQ(idle["verdict"], "starved") << idle.dump();
  EXPECT_LE(idle_frac, 0.30) << idle.dump();
  // The busy one keeps the workers going: well above the sleeping one, and
  // device-bound whenever the (shared) machine let them reach the threshold.
  EXPECT_GE(busy_frac, idle_frac + 0.25) << busy.dump();
  EXPECT_NE(busy["verdict"], "starved") << busy.dump();
  EXPECT_NE(busy["verdict"], "host-bound") << busy.dump();
  if (busy_frac >= 0.65) {
    EXPECT_EQ(busy["verdict"], "device-bound") << busy.dump();
  }
}
