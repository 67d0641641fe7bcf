#include <gtest/gtest.h>

#include "app/cli/Cli.hpp"

using namespace clscope::app;

namespace {

// What parse_cli refuses `argv` with, or "no error".
std::string usage_error(const std::vector<std::string>& argv) {
  try {
    parse_cli(argv);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(Cli, DefaultsToRun) {
  auto o = parse_cli({});
  EXPECT_EQ(o.command, "run");
  EXPECT_FALSE(o.headless);
  EXPECT_EQ(o.sysfs_root, "/sys");
}

TEST(Cli, RunOptionsAndRepeatedWorkloads) {
  auto o = parse_cli({"run", "--headless", "--json", "--duration", "8", "--workload",
                      "stream:op=triad", "--workload=launch", "--device", "0:0"});
  EXPECT_TRUE(o.headless);
  EXPECT_TRUE(o.json);
  EXPECT_DOUBLE_EQ(*o.duration_s, 8.0);
  ASSERT_EQ(o.workloads.size(), 2u);
  EXPECT_EQ(o.workloads[1], "launch");
  EXPECT_EQ(*o.device, "0:0");
}

TEST(Cli, OptionsBeforeTheCommandWork) {
  auto o = parse_cli({"--json", "list"});
  EXPECT_EQ(o.command, "list");
  EXPECT_TRUE(o.json);
}

TEST(Cli, ErrorsNameTheWord) {
  EXPECT_EQ(usage_error({"--frobnicate"}), "unknown option --frobnicate (see --help)");
  EXPECT_EQ(usage_error({"dance"}), "unknown command 'dance' (see --help)");
  EXPECT_EQ(usage_error({"run", "--duration"}), "--duration needs a value (SEC)");
  EXPECT_EQ(usage_error({"run", "--duration", "-3"}), "--duration -3: expected a number of seconds >= 0");
  EXPECT_EQ(usage_error({"list", "--workload", "stream"}), "--workload does not apply to 'list'");
  EXPECT_EQ(usage_error({"--headless=yes"}), "--headless takes no value");
}

TEST(Cli, HelpListsEveryOption) {
  const std::string help = help_text();
  for (const auto& d : option_docs()) EXPECT_NE(help.find(d.name), std::string::npos) << d.name;
  for (const auto& c : command_docs()) EXPECT_NE(help.find(c.synopsis), std::string::npos);
}

TEST(Cli, WatchPidsDeviceDurationRecord) {
  auto o = parse_cli({"watch", "--pid", "4242", "--pid=5151", "--device", "cpu", "--duration", "3",
                      "--headless", "--json", "--record", "w.jsonl"});
  EXPECT_EQ(o.command, "watch");
  EXPECT_EQ(o.pids, (std::vector<std::int64_t>{4242, 5151}));
  EXPECT_EQ(*o.device, "cpu");
  EXPECT_DOUBLE_EQ(*o.duration_s, 3.0);
  EXPECT_TRUE(o.headless && o.json);
  EXPECT_EQ(*o.record, "w.jsonl");
  EXPECT_EQ(usage_error({"watch", "--pid", "0"}), "--pid 0: expected a process id (an integer > 0)");
  EXPECT_EQ(usage_error({"watch", "--pid", "12x"}), "--pid 12x: expected a process id (an integer > 0)");
  EXPECT_EQ(usage_error({"run", "--pid", "1"}), "--pid does not apply to 'run'");
  EXPECT_EQ(usage_error({"watch", "--workload", "stream"}), "--workload does not apply to 'watch'");
}

TEST(Cli, RunProgramTakesEverythingAfterDashDash) {
  auto o = parse_cli({"run", "--headless", "--output", "lines.txt", "--duration", "5", "--",
                      "clpeak", "--kernel-latency", "--", "-x"});
  EXPECT_EQ(o.command, "run");
  EXPECT_TRUE(o.headless);
  EXPECT_EQ(*o.output, "lines.txt");
  EXPECT_DOUBLE_EQ(*o.duration_s, 5.0);
  EXPECT_EQ(o.program, (std::vector<std::string>{"clpeak", "--kernel-latency", "--", "-x"}));
  EXPECT_EQ(parse_cli({"--headless", "--", "prog"}).program, std::vector<std::string>{"prog"});
}

TEST(Cli, RunProgramRefusesWhatDoesNotApply) {
  EXPECT_EQ(usage_error({"run", "--"}), "'--' needs a program: clscope run [OPTIONS] -- CMD [ARGS...]");
  EXPECT_EQ(usage_error({"report", "--", "x"}),
            "'-- CMD' applies to 'run' only (clscope run [OPTIONS] -- CMD [ARGS...])");
  EXPECT_NE(usage_error({"run", "--workload", "stream", "--", "x"}).find("--workload does not apply to 'run -- CMD'"),
            std::string::npos);
  EXPECT_EQ(usage_error({"run", "--output", "f"}), "--output applies to 'check' and to 'run -- CMD'");
  EXPECT_EQ(usage_error({"run", "stray", "--", "x"}), "unexpected 'stray' before '--'");
  EXPECT_EQ(parse_cli({"run", "--listen", "9464", "--", "x"}).listen->port, 9464);  // a program's figures too
  EXPECT_EQ(*parse_cli({"watch", "--metrics-file", "m.prom"}).metrics_file, "m.prom");
}
