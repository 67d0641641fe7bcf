// Reading results files for fleet report: folders, check results and run
// summaries (alone or after their tick lines), and every kind of bad input
// named with what was wrong.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/fleet/FleetInput.hpp"
#include "app/fleet/RunSummary.hpp"
#include "tests/app/fleet/FleetFixtures.hpp"

using namespace clscope::fleet;
namespace fs = std::filesystem;

namespace {

class Dir {
 public:
  Dir() : path_(fs::path(std::getenv("TMPDIR")) / "fleet-input") { fs::create_directories(path_); }
  ~Dir() { fs::remove_all(path_); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return (path_ / name).string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string healthy(const std::string& host) {
  fixtures::NodeSpec s;
  s.host = host;
  return fixtures::check_result(s).dump();
}

}  // namespace

TEST(FleetInput, FolderReadsEveryJsonFileInNameOrder) {
  const Dir d;
  d.write("b.json", healthy("b"));
  d.write("a.json", healthy("a"));
  d.write("notes.txt", "not read");
  const auto in = load_fleet_inputs({d.path()});
  ASSERT_TRUE(in.errors.empty());
  ASSERT_EQ(in.results.size(), 2u);
  EXPECT_EQ(in.results[0].host, "a");
  EXPECT_EQ(in.results[1].host, "b");
  EXPECT_EQ(in.results[0].driver, "535.104.05");
  EXPECT_EQ(in.results[0].item("pcie-link")->text_value, "Gen4 x16");
  EXPECT_EQ(in.results[0].workloads[0].params[1].second, "512");
}

TEST(FleetInput, EveryBadFileIsNamedWithTheProblem) {
  const Dir d;
  const auto torn = d.write("torn.json", "{\"schema\": \"clscope.check/1\", \"checks\": [");
  const auto other = d.write("other.json", R"({"schema":"clscope.report/1"})");
  const auto no_checks = d.write("nochecks.json", R"({"schema":"clscope.check/1","checks":{}})");
  const auto unnamed = d.write("unnamed.json", R"({"schema":"clscope.check/1","checks":[{"value":1}]})");
  const auto in = load_fleet_inputs({torn, other, no_checks, unnamed, d.path() + "/missing.json"});
  ASSERT_EQ(in.errors.size(), 5u);
  EXPECT_EQ(in.errors[0].rfind(torn + ": not JSON (", 0), 0u) << in.errors[0];
  EXPECT_EQ(in.errors[1], other + ": schema is 'clscope.report/1', expected 'clscope.check/1' (clscope check --json) "
                         "or 'clscope.run/1' (the last line of clscope run --headless --json)");
  EXPECT_EQ(in.errors[2], no_checks + ": \"checks\" must be an array");
  EXPECT_EQ(in.errors[3], unnamed + ": every entry of \"checks\" needs a \"name\" (text)");
  EXPECT_EQ(in.errors[4], d.path() + "/missing.json: cannot open: No such file or directory");
}

TEST(FleetInput, EmptyFolderIsAnError) {
  const Dir d;
  const auto in = load_fleet_inputs({d.path()});
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_EQ(in.errors[0], d.path() + ": no *.json file in this folder");
}

TEST(FleetInput, FieldsOfAnotherTypeAreIgnoredNotTrusted) {
  const auto r = parse_check_result(
      nlohmann::json::parse(R"({"schema":"clscope.check/1","host":7,"device":[1],"pass":"yes",
        "workloads":"x","checks":[{"name":"m","value":"12","unit":3,"pass":1}]})"),
      "x.json");
  EXPECT_EQ(r.host, "7");
  EXPECT_EQ(r.device, "");
  EXPECT_FALSE(r.pass);
  EXPECT_FALSE(r.items[0].value);
  EXPECT_EQ(r.items[0].text_value, "12");
  EXPECT_FALSE(r.items[0].pass);
}

// Run summaries: a file of `clscope run --headless --json` output, or the
// summary object alone.

TEST(FleetInput, RunOutputIsReadFromItsLastLine) {
  const Dir d;
  fixtures::RunSpec s;
  s.host = "gpu17";
  s.stream_gbs = 123.5;
  const auto lines = d.write("gpu17.json", fixtures::run_output(s));
  s.host = "gpu18";
  const auto alone = d.write("gpu18.json", fixtures::run_summary(s).dump(2));  // pretty-printed
  d.write("a-check.json", healthy("c1"));
  const auto in = load_fleet_inputs({d.path()});
  ASSERT_TRUE(in.errors.empty()) << in.errors[0];
  ASSERT_EQ(in.results.size(), 3u);
  EXPECT_FALSE(in.results[0].is_run_summary());
  const CheckResult& r = in.results[1];
  EXPECT_TRUE(r.is_run_summary());
  EXPECT_EQ(r.source, lines);
  EXPECT_EQ(r.host, "gpu17");
  EXPECT_EQ(r.device, "NVIDIA A100-SXM4-40GB");
  EXPECT_EQ(r.driver, "535.104.05");
  EXPECT_EQ(r.platform_version, "OpenCL 3.0 CUDA 12.2.140");
  ASSERT_NE(r.item("stream"), nullptr);
  EXPECT_EQ(*r.item("stream")->value, 123.5);
  EXPECT_EQ(r.item("stream")->unit, "GB/s");
  EXPECT_EQ(r.item("stream")->detail, "steady state");
  EXPECT_EQ(*r.item("launch")->value, 20000);
  ASSERT_EQ(r.workloads.size(), 2u);
  EXPECT_EQ(r.workloads[0].unit, "GB/s");
  EXPECT_EQ(r.workloads[0].params[2], (std::pair<std::string, std::string>{"size", "536870912"}));
  EXPECT_EQ(in.results[2].host, "gpu18");
  EXPECT_EQ(in.results[2].source, alone);
  // Any file name when named: run output kept as .jsonl.
  const auto jsonl = d.write("gpu19.jsonl", fixtures::run_output(s) + "\n\n");
  const auto named = load_fleet_inputs({jsonl});
  ASSERT_TRUE(named.errors.empty()) << named.errors[0];
  EXPECT_EQ(named.results[0].host, "gpu18");
}

TEST(FleetInput, RunSummaryWithoutHostKeepsItEmpty) {
  const Dir d;
  fixtures::RunSpec s;  // no host: the fleet names it after the file
  const auto in = load_fleet_inputs({d.write("node07.json", fixtures::run_output(s))});
  ASSERT_TRUE(in.errors.empty());
  EXPECT_EQ(in.results[0].host, "");
}

TEST(FleetInput, BadRunOutputIsNamedWithItsLine) {
  const Dir d;
  fixtures::RunSpec s;
  s.host = "n";
  const std::string ticks = fixtures::run_output(s).substr(0, fixtures::run_output(s).rfind("{\"device"));
  const std::string summary = fixtures::run_summary(s).dump();
  const auto cut = d.write("cut.json", ticks);
  const auto torn = d.write("torn.json", ticks + summary.substr(0, 40) + "\n");
  const auto twice = d.write("twice.json", summary + "\n" + ticks + summary + "\n");
  const auto recording = d.write("rec.json", R"({"type":"manifest","schema":"clscope.recording/1"})"
                                             "\n" R"({"type":"window"})" "\n");
  const auto no_workloads = d.write("nowl.json", ticks.substr(0, ticks.find('\n') + 1) +
                                                     R"({"schema":"clscope.run/1","workloads":{}})" "\n");
  const auto unnamed = d.write("unnamed.json", R"({"schema":"clscope.run/1","workloads":[{"median":1}]})");
  const auto checks = d.write("checks.json", healthy("a") + "\n" + healthy("b") + "\n");
  const auto in = load_fleet_inputs({cut, torn, twice, recording, no_workloads, unnamed, checks});
  ASSERT_EQ(in.errors.size(), 7u);
  EXPECT_EQ(in.errors[0], cut + ":3: the last line is not the clscope.run/1 summary (type 'tick'): clscope run "
                                "--headless --json prints it last (was the run cut off?)");
  EXPECT_EQ(in.errors[1].rfind(torn + ":4: the last line is not JSON (", 0), 0u) << in.errors[1];
  EXPECT_NE(in.errors[1].find("); it should be the clscope.run/1 summary (was the run cut off?)"), std::string::npos);
  EXPECT_EQ(in.errors[2], twice + ":1: a clscope.run/1 summary before the last line's (line 5): one run per file");
  EXPECT_EQ(in.errors[3], recording + ":1: a clscope recording (run --record), not a result: fleet report reads "
                                      "clscope check --json results and clscope run --headless --json output");
  EXPECT_EQ(in.errors[4], no_workloads + ":2: \"workloads\" must be an array");
  EXPECT_EQ(in.errors[5], unnamed + ": every entry of \"workloads\" needs a \"name\" (text)");
  EXPECT_EQ(in.errors[6], checks + ":2: the last line is not the clscope.run/1 summary (schema 'clscope.check/1'): "
                                   "clscope run --headless --json prints it last (was the run cut off?)");
}

TEST(FleetInput, RunSummaryFieldsOfAnotherTypeAreIgnored) {
  const auto r = parse_run_summary(
      nlohmann::json::parse(R"({"schema":"clscope.run/1","host":["x"],"device":"gpu","program":{"argv":["a",1]},
        "workloads":[{"name":"w","median":"fast","unit":5,"setup":{"resolved":[1]},"latency_ms":{"p99":"x"},
                      "state":7}]})"),
      "x.json");
  EXPECT_EQ(r.host, R"(["x"])");
  EXPECT_EQ(r.device, "gpu");
  EXPECT_EQ(r.program, "a 1");
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_FALSE(r.items[0].value);
  EXPECT_FALSE(r.items[0].pass);
  EXPECT_EQ(r.items[0].unit, "5");
  EXPECT_TRUE(r.workloads[0].params.empty());
}
