// The real binary's check outputs for operators' tools: --output with %h and
// %t, --metrics-file checked by promtool, --nagios, and UNKNOWN (3) when the
// check gives no result.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "tests/app/RunBinary.hpp"

namespace fs = std::filesystem;

namespace {

// Launch only, short: the test is about where the result goes. The
// utilisation refusal is off: other processes share this CPU device.
constexpr const char* kScenario = R"([run]
window = 0.25
[check]
quick_workload_s = 1
busy_util_pct = 100
[[workload]]
kind = "launch"
in_flight = 8
)";

std::string short_host() {
  char h[256] = {};
  gethostname(h, sizeof h - 1);
  std::string s = h;
  return s.substr(0, s.find('.'));
}

}  // namespace

TEST(CheckOutputsBinary, OutputPatternMetricsFileAndNagiosLine) {
  const fs::path dir = fs::path(std::getenv("TMPDIR")) / "outputs";
  fs::create_directories(dir);
  const auto config = (dir / "launch.toml").string();
  std::ofstream(config) << kScenario;
  const auto r = run_clscope("check --quick --json --config " + config + " --output " + dir.string() +
                             "/%h-%t.json --metrics-file " + dir.string() + "/check.prom --nagios");
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 2) << r.out;
  EXPECT_TRUE(std::regex_match(r.out, std::regex("CLSCOPE (OK|WARNING|CRITICAL) - [^\n|]* \\| [^\n]*\n")))
      << r.out;
  std::string result_file;
  for (const auto& e : fs::directory_iterator(dir))
    if (std::regex_match(e.path().filename().string(),
                         std::regex(short_host() + "-20[0-9]{6}T[0-9]{6}Z\\.json")))
      result_file = e.path().string();
  ASSERT_FALSE(result_file.empty()) << "no " << short_host() << "-TIME.json in " << dir;
  std::ifstream in(result_file);
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["schema"], "clscope.check/1");
  ASSERT_EQ(std::system("command -v promtool >/dev/null 2>&1"), 0) << "promtool missing (apt-get install prometheus)";
  EXPECT_EQ(std::system(("promtool check metrics < " + dir.string() + "/check.prom").c_str()), 0);
  std::ifstream prom(dir / "check.prom");
  const std::string text((std::istreambuf_iterator<char>(prom)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("clscope_check_duration_seconds "), std::string::npos) << text;
  EXPECT_NE(text.find("clscope_info{host=\""), std::string::npos) << text;
}

TEST(CheckOutputsBinary, NagiosUnknownWithoutAResult) {
  auto r = run_clscope("check --nagios --output out/%q.json");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out.rfind("CLSCOPE UNKNOWN - --output out/%q.json: unknown %q", 0), 0u) << r.out;
  r = run_clscope("check --nagios --bogus");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "CLSCOPE UNKNOWN - unknown option --bogus (see --help)\n");
  r = run_clscope("check --nagios --device no-such-device-anywhere");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out.rfind("CLSCOPE UNKNOWN - ", 0), 0u) << r.out;
}
