// The real binary's run outputs for operators' tools, on the OpenCL device
// present (POCL here): --metrics-file rewritten every window and accepted by
// promtool, --listen served while the run goes on and fetched by a client,
// a taken port refused with exit 2 before anything runs.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <httplib.h>

#include "tests/app/RunBinary.hpp"

namespace fs = std::filesystem;

namespace {

// Launch only, short windows: the test is about where the figures go.
constexpr const char* kScenario = R"([run]
window = 0.25
[[workload]]
kind = "launch"
in_flight = 8
)";

fs::path work_dir(const std::string& name) {
  const fs::path dir = fs::path(std::getenv("TMPDIR")) / name;
  fs::create_directories(dir);
  std::ofstream(dir / "launch.toml") << kScenario;
  return dir;
}

/// A listening socket on a free loopback port (closed by the destructor).
struct HeldPort {
  int fd = -1;
  int port = 0;
  HeldPort() {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && listen(fd, 1) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
      port = ntohs(a.sin_port);
  }
  ~HeldPort() { close(fd); }
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST(RunMetricsBinary, MetricsFileIsPrometheusTextAfterAHeadlessRun) {
  const fs::path dir = work_dir("run-metrics-file");
  const fs::path prom = dir / "run.prom";
  const auto r = run_clscope("run --headless --duration 2 --config " + (dir / "launch.toml").string() +
                             " --metrics-file " + prom.string(), true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string text = read_file(prom);
  EXPECT_NE(text.find("clscope_run_info{host=\""), std::string::npos) << text;
  EXPECT_NE(text.find("clscope_workload_launches_per_second{workload=\"launch\",kind=\"launch\"} "), std::string::npos) << text;
  EXPECT_NE(text.find("clscope_workload_verdict{workload=\"launch\",kind=\"launch\",verdict=\"unknown\"} "), std::string::npos) << text;
  EXPECT_NE(text.find("clscope_ceiling_seconds{ceiling=\"dispatch\""), std::string::npos) << text;
  EXPECT_NE(text.find("clscope_host_cpu_busy_ratio "), std::string::npos) << text;
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << "left behind: " << e.path();
  ASSERT_EQ(std::system("command -v promtool >/dev/null 2>&1"), 0) << "promtool missing (apt-get install prometheus)";
  EXPECT_EQ(std::system(("promtool check metrics < " + prom.string()).c_str()), 0) << text;
}

TEST(RunMetricsBinary, ListenServesMetricsWhileTheRunGoesOn) {
  const fs::path dir = work_dir("run-listen");
  int port = 0;
  {
    HeldPort free_port;  // a free port, released just before the run binds it
    port = free_port.port;
  }
  ASSERT_GT(port, 0);
  BinaryResult r;
  std::thread run([&] {
    r = run_clscope("run --headless --duration 6 --config " + (dir / "launch.toml").string() +
                        " --listen 127.0.0.1:" + std::to_string(port), true);
  });
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1, 0);
  std::string body;
  int not_found = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto res = client.Get("/metrics"); res && res->status == 200 &&
                                          res->body.find("clscope_workload_launches_per_second{") != std::string::npos) {
      body = res->body;
      if (auto other = client.Get("/"); other && other->status == 404) ++not_found;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  run.join();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(body.find("clscope_workload_launches_per_second{workload=\"launch\",kind=\"launch\"} "), std::string::npos)
      << "no workload figures served on port " << port << "\n" << r.out;
  EXPECT_EQ(not_found, 1);
  EXPECT_FALSE(client.Get("/metrics")) << "still listening after the run ended";
}

TEST(RunMetricsBinary, ATakenPortIsRefusedBeforeTheRun) {
  HeldPort held;
  ASSERT_GT(held.port, 0);
  const auto r = run_clscope("run --headless --duration 1 --workload launch --listen " + std::to_string(held.port), true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("clscope: --listen 127.0.0.1:" + std::to_string(held.port) + ": cannot listen: Address already in use"),
            std::string::npos) << r.out;
}

TEST(RunMetricsBinary, AMetricsFileThatCannotBeWrittenExits2AndSaysSoOnce) {
  const auto r = run_clscope("run --headless --duration 1 --workload launch --metrics-file /nonexistent-dir/run.prom", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  const std::string said = "--metrics-file /nonexistent-dir/run.prom: ";
  const auto first = r.out.find(said);
  ASSERT_NE(first, std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(said, first + 1), std::string::npos) << "said twice:\n" << r.out;
}
