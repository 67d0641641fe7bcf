// A check result as Prometheus metrics and as a Nagios status line; the
// metrics file passes `promtool check metrics` (Debian's prometheus package).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "app/metrics/AtomicFile.hpp"
#include "app/metrics/CheckDelivery.hpp"
#include "app/metrics/CheckExport.hpp"
#include "tests/app/fleet/FleetFixtures.hpp"

using namespace clscope;
using namespace clscope::metrics;

namespace {

fleet::CheckResult result(const fleet::fixtures::NodeSpec& s = {}) {
  auto r = fleet::parse_check_result(fleet::fixtures::check_result(s), "x");
  r.duration_s = 31.5;
  r.timestamp_s = 1796592600;
  return r;
}

fleet::fixtures::NodeSpec spec() {
  fleet::fixtures::NodeSpec s;
  s.host = "node01";
  s.driver = "535 \"beta\"";
  return s;
}

}  // namespace

TEST(CheckExport, MetricFamilies) {
  const std::string text = render(check_metric_families(result(spec())));
  EXPECT_NE(text.find("# TYPE clscope_check_pass gauge\n"), std::string::npos);
  EXPECT_NE(text.find("clscope_check_pass{check=\"memory-bandwidth\"} 1\n"), std::string::npos);
  EXPECT_EQ(text.find("clscope_check_pass{check=\"throttle\"}"), std::string::npos);  // skipped
  EXPECT_NE(text.find("clscope_check_skipped{check=\"throttle\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("clscope_check_duration_seconds 31.5\n"), std::string::npos);
  EXPECT_NE(text.find("clscope_check_timestamp_seconds 1796592600\n"), std::string::npos);
  EXPECT_NE(text.find("clscope_info{host=\"node01\",device=\"NVIDIA A100-SXM4-40GB\",driver=\"535 \\\"beta\\\"\","
                      "platform_version=\"OpenCL 3.0 CUDA 12.2.140\"} 1\n"),
            std::string::npos)
      << text;
}

TEST(CheckExport, FailedItemIsZero) {
  auto s = spec();
  s.memory_pass = false;
  const std::string text = render(check_metric_families(result(s)));
  EXPECT_NE(text.find("clscope_check_pass{check=\"memory-bandwidth\"} 0\n"), std::string::npos);
}

TEST(CheckExport, PromtoolAcceptsTheMetricsFile) {
  // Required, not skipped: scripts/dev.sh installs Debian's prometheus package.
  ASSERT_EQ(std::system("command -v promtool >/dev/null 2>&1"), 0)
      << "promtool not found: apt-get install prometheus (scripts/dev.sh installs it)";
  const auto path = (std::filesystem::path(std::getenv("TMPDIR")) / "check.prom").string();
  write_file_atomically(path, render(check_metric_families(result(spec()))));
  const std::string cmd = "promtool check metrics < " + path + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  const int status = pclose(p);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << out;
  EXPECT_EQ(out, "");
}

TEST(CheckExport, NagiosOk) {
  const auto s = nagios_status(result(spec()));
  EXPECT_EQ(s.exit_code, 0);
  EXPECT_EQ(s.line,
            "CLSCOPE OK - 6 passed, 0 failed, 1 skipped on node01 (NVIDIA A100-SXM4-40GB) | "
            "'device-idle'=0%;;10 'memory-bandwidth'=100;;50: 'compute'=1000;;500: "
            "'launch-rate'=20000;;1000: 'steady-state'=1s;;5 passed=6 failed=0 skipped=1 duration=31.5s");
}

TEST(CheckExport, NagiosCriticalNamesTheFailedItem) {
  auto sp = spec();
  sp.memory_pass = false;
  const auto s = nagios_status(result(sp));
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_EQ(s.line.rfind("CLSCOPE CRITICAL - failed: memory-bandwidth; 5 passed, 1 failed, 1 skipped on node01", 0), 0u)
      << s.line;
}

TEST(CheckExport, NagiosWarningWhenNothingWasJudged) {
  auto j = fleet::fixtures::check_result(spec());
  j["pass"] = nullptr;
  for (auto& c : j["checks"]) c["pass"] = nullptr;
  j["checks"][0]["detail"] = "device busy: 85% utilisation";
  const auto s = nagios_status(fleet::parse_check_result(j, "x"));
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_EQ(s.line.rfind("CLSCOPE WARNING - not judged: device busy: 85% utilisation; 0 passed, 0 failed, 7 skipped", 0), 0u)
      << s.line;
}

TEST(CheckExport, NagiosUnknownWhenTheCommandGaveNoResult) {
  std::ostringstream out, err;
  const int code = run_as_nagios_plugin(
      [] {
        std::cerr << "clscope: check: starting\nclscope: no OpenCL platform found\n";
        return 3;
      },
      out, err);
  EXPECT_EQ(code, 3);
  EXPECT_EQ(out.str(), "CLSCOPE UNKNOWN - no OpenCL platform found\n");
  EXPECT_EQ(err.str(), "clscope: check: starting\nclscope: no OpenCL platform found\n");
  std::ostringstream out2, err2;
  EXPECT_EQ(run_as_nagios_plugin([]() -> int { throw std::runtime_error("boom"); }, out2, err2), 3);
  EXPECT_EQ(out2.str(), "CLSCOPE UNKNOWN - boom\n");
  std::ostringstream out3, err3;
  EXPECT_EQ(run_as_nagios_plugin(
                [] {
                  std::cout << "CLSCOPE CRITICAL - failed: x | \n";
                  return 2;
                },
                out3, err3),
            2);
  EXPECT_EQ(out3.str(), "CLSCOPE CRITICAL - failed: x | \n");
}

TEST(CheckDelivery, OutputReplacesStdoutAndMetricsFileIsWritten) {
  const auto dir = std::filesystem::path(std::getenv("TMPDIR")) / "deliver";
  std::filesystem::create_directories(dir);
  CheckDelivery d{(dir / "%h.json").string(), (dir / "m.prom").string(), false, "node09.example",
                  std::chrono::system_clock::time_point(std::chrono::seconds(1796592600))};
  EXPECT_EQ(check_output_pattern(d), "");
  std::ostringstream out, err;
  const auto j = fleet::fixtures::check_result(spec());
  const int code = deliver_check_result(j, j.dump(2) + "\n", 0, d,
                                        d.started + std::chrono::seconds(30), out, err);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(), "");
  EXPECT_TRUE(std::filesystem::exists(dir / "node09.json"));
  EXPECT_TRUE(std::filesystem::exists(dir / "m.prom"));
  d.metrics_file = "/nonexistent-clscope/m.prom";
  EXPECT_EQ(deliver_check_result(j, "x", 0, d, d.started, out, err), 4);
  EXPECT_NE(err.str().find("/nonexistent-clscope/m.prom: cannot create"), std::string::npos);
  d.output_pattern = "%q";
  EXPECT_NE(check_output_pattern(d), "");
}
