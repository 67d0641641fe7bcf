// Reading results files for fleet report: folders, and every kind of bad
// input named with what was wrong.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/fleet/FleetInput.hpp"
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
  EXPECT_EQ(in.errors[1], other + ": schema is 'clscope.report/1', expected 'clscope.check/1' (make one with clscope check --json)");
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
