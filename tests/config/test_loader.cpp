#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ConfigTestUtil.hpp"

namespace clscope::config {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::load_error;

TEST(Loader, FillsDefaultsForEveryKey) {
  const Scenario s = load_string("[[workload]]\nkind = \"compute\"\n", "t.toml");
  EXPECT_EQ(s.source, "t.toml");
  EXPECT_EQ(s.duration_s, 0.0);
  EXPECT_EQ(s.window_s, 1.0);
  EXPECT_EQ(s.device, "auto");
  EXPECT_EQ(s.record, "");
  ASSERT_EQ(s.workloads.size(), 1u);
  const WorkloadConfig& w = s.workloads[0];
  EXPECT_EQ(w.kind, "compute");
  EXPECT_EQ(w.name, "compute");
  EXPECT_EQ(w.get_string("name"), "compute");
  EXPECT_EQ(w.get_string("precision"), "float");
  EXPECT_EQ(w.get_int("vec"), 0);  // auto: the native width
  EXPECT_EQ(w.get_int("work_items"), 0);
  EXPECT_EQ(w.get_int("iters"), 256);
  EXPECT_EQ(w.get_int("in_flight"), 2);
  EXPECT_EQ(w.get_number("host_work_us"), 0.0);
  EXPECT_EQ(w.get_number("host_sleep_us"), 0.0);
  EXPECT_FALSE(w.get_bool("verify"));
  EXPECT_EQ(w.get_int("seed"), 1);
  EXPECT_EQ(w.get_string("bind"), "local");
  EXPECT_EQ(w.params.size(), find_schema("compute")->keys.size());
}

TEST(Loader, ReadsRunAndWorkloadValues) {
  const Scenario s = load_string(R"(
[run]
duration = 30
window = 0.5
device = "1:0"
record = "out.jsonl"

[[workload]]
kind = "transfer"
dir = "both"
mode = "mapped"
size = "256MiB"
host_work_us = 12
verify = true
bind = "0-3,8"
)",
                                 "t.toml");
  EXPECT_EQ(s.duration_s, 30.0);  // an integer widens to a number
  EXPECT_EQ(s.window_s, 0.5);
  EXPECT_EQ(s.device, "1:0");
  EXPECT_EQ(s.record, "out.jsonl");
  const WorkloadConfig& w = s.workloads.at(0);
  EXPECT_EQ(w.get_string("dir"), "both");
  EXPECT_EQ(w.get_string("mode"), "mapped");
  EXPECT_EQ(w.get_int("size"), 256LL << 20);
  EXPECT_EQ(w.get_number("host_work_us"), 12.0);
  EXPECT_TRUE(std::holds_alternative<double>(w.params.at("host_work_us")));
  EXPECT_TRUE(w.get_bool("verify"));
  EXPECT_EQ(w.get_string("bind"), "0-3,8");
  EXPECT_EQ(w.get_int("in_flight"), 1);  // transfer's own default
}

TEST(Loader, SizeAcceptsIntegerBytesAndSuffixes) {
  auto size_of = [](const std::string& value) {
    return load_string("[[workload]]\nkind = \"stream\"\nsize = " + value + "\n", "t.toml")
        .workloads.at(0)
        .get_int("size");
  };
  EXPECT_EQ(size_of("4096"), 4096);
  EXPECT_EQ(size_of("\"512\""), 512);
  EXPECT_EQ(size_of("\"64K\""), 64 * 1024);
  EXPECT_EQ(size_of("\"64kib\""), 64 * 1024);
  EXPECT_EQ(size_of("\"1G\""), 1LL << 30);
  EXPECT_EQ(size_of("\"auto\""), 0);
}

TEST(Loader, ParseErrorHasExactLineAndColumn) {
  // Unterminated string: toml++ reports where the line ends inside it.
  EXPECT_THAT(load_error("[[workload]]\nkind = \"stream\"\nop = \"triad\n"),
              StartsWith("t.toml:3:12: "));
  // A duplicate key is reported on the line of its second definition.
  EXPECT_EQ(load_error("[run]\nwindow = 1\nwindow = 2\n"),
            "t.toml:3:10: Error while parsing key-value pair: cannot redefine existing integer "
            "'window'");
}

TEST(Loader, UnknownWorkloadKeyIsNamedAtItsPosition) {
  const std::string err =
      load_error("[run]\nduration = 5\n\n[[workload]]\nkind = \"stream\"\n  vecc = 4\n");
  EXPECT_THAT(err, StartsWith("t.toml:6:3: unknown key 'vecc' in [[workload]] kind 'stream' "
                              "(known: kind, name, op, vec, size,"));
}

TEST(Loader, UnknownRunKeyAndTopLevelKeyAreNamed) {
  EXPECT_EQ(load_error("[run]\nwindw = 1\n[[workload]]\nkind = \"launch\"\n"),
            "t.toml:2:1: unknown key 'windw' in [run] (known: duration, window, device, record, solo_windows)");
  EXPECT_EQ(load_error("[[workload]]\nkind = \"launch\"\n[runn]\n"),
            "t.toml:3:2: unknown top-level key 'runn' (known: [run], [[workload]], [check], [app])");
}

TEST(Loader, FirstErrorInFileOrderIsReported) {
  // toml++ iterates keys alphabetically; the error must still be the first in the file.
  EXPECT_THAT(load_error("[[workload]]\nkind = \"stream\"\nzz = 1\naa = 2\n"),
              StartsWith("t.toml:3:1: unknown key 'zz'"));
}

TEST(Loader, TypeMismatchesAreErrors) {
  EXPECT_EQ(load_error("[[workload]]\nkind = \"compute\"\niters = 2.0\n"),
            "t.toml:3:9: key 'iters' in [[workload]] kind 'compute': expected an integer, got a "
            "float");
  EXPECT_EQ(load_error("[[workload]]\nkind = \"stream\"\nverify = \"yes\"\n"),
            "t.toml:3:10: key 'verify' in [[workload]] kind 'stream': expected a boolean (true "
            "or false), got a string");
  EXPECT_EQ(load_error("[run]\nwindow = \"1s\"\n[[workload]]\nkind = \"launch\"\n"),
            "t.toml:2:10: key 'window' in [run]: expected a number, got a string");
  EXPECT_THAT(load_error("[[workload]]\nkind = \"stream\"\nsize = 1.5\n"),
              StartsWith("t.toml:3:8: key 'size' in [[workload]] kind 'stream': expected a size"));
  EXPECT_EQ(load_error("[[workload]]\nkind = \"stream\"\nop = [\"copy\"]\n"),
            "t.toml:3:6: key 'op' in [[workload]] kind 'stream': expected a string (one of copy, "
            "scale, add, triad), got an array");
  EXPECT_EQ(load_error("[[workload]]\nkind = 4\n"),
            "t.toml:2:8: key 'kind' in [[workload]]: expected a string, got an integer");
}

TEST(Loader, ChoicesAndRangesAreChecked) {
  EXPECT_EQ(load_error("[[workload]]\n  kind = \"stream\"\n  vec = 3\n"),
            "t.toml:3:9: key 'vec' in [[workload]] kind 'stream': must be one of 1, 2, 4, 8, 16");
  EXPECT_EQ(load_error("[[workload]]\nkind = \"stream\"\nop = \"tri\"\n"),
            "t.toml:3:6: key 'op' in [[workload]] kind 'stream': must be one of copy, scale, "
            "add, triad, got 'tri'");
  EXPECT_EQ(load_error("[run]\nwindow = 0.05\n[[workload]]\nkind = \"launch\"\n"),
            "t.toml:2:10: key 'window' in [run]: must be between 0.1 and 60, got 0.05");
  EXPECT_EQ(load_error("[run]\nduration = -1\n[[workload]]\nkind = \"launch\"\n"),
            "t.toml:2:12: key 'duration' in [run]: must be >= 0, got -1");
  EXPECT_EQ(load_error("[[workload]]\nkind = \"stream\"\nin_flight = 65\n"),
            "t.toml:3:13: key 'in_flight' in [[workload]] kind 'stream': must be between 1 and "
            "64, got 65");
  EXPECT_EQ(load_error("[[workload]]\nkind = \"launch\"\nwork_items = 0\n"),
            "t.toml:3:14: key 'work_items' in [[workload]] kind 'launch': must be between 1 and "
            "1000000, got 0");
  EXPECT_EQ(load_error("[[workload]]\nkind = \"stream\"\nhost_sleep_us = nan\n"),
            "t.toml:3:17: key 'host_sleep_us' in [[workload]] kind 'stream': must be a finite "
            "number, got nan");
  EXPECT_THAT(load_error("[[workload]]\nkind = \"stream\"\nsize = \"64KB\"\n"),
              StartsWith("t.toml:3:8: key 'size' in [[workload]] kind 'stream': bad size '64KB'"));
  EXPECT_THAT(load_error("[[workload]]\nkind = \"stream\"\nbind = \"3-1\"\n"),
              HasSubstr("range '3-1' is reversed"));
  EXPECT_THAT(load_error("[[workload]]\nkind = \"stream\"\nname = \"\"\n"),
              StartsWith("t.toml:3:8: key 'name' in [[workload]] kind 'stream': must not be "
                         "empty"));
}

TEST(Loader, WorkloadStructureErrors) {
  EXPECT_EQ(load_error("[[workload]]\nkind = \"stream\"\n\n[[workload]]\nop = \"triad\"\n"),
            "t.toml:4:1: missing key 'kind' in [[workload]] (known kinds: stream, compute, "
            "transfer, launch, gemm, custom, pipeline)");
  EXPECT_EQ(load_error("workload = [{kind = \"launch\"}, {kind = \"strem\"}]\n"),
            "t.toml:1:40: unknown workload kind 'strem' (known: stream, compute, transfer, "
            "launch, gemm, custom, pipeline)");
  EXPECT_THAT(load_error("[workload]\nkind = \"stream\"\n"),
              StartsWith("t.toml:1:1: 'workload' must be an array of tables"));
  EXPECT_EQ(load_error("[run]\nduration = 1\n"),
            "t.toml:1:1: no [[workload]] table: at least one workload is required");
  EXPECT_THAT(load_error("workload = []\n"), StartsWith("t.toml:1:12: 'workload' is empty"));
}

TEST(Loader, DuplicateNamesAreMadeUnique) {
  const Scenario s = load_string(
      "[[workload]]\nkind = \"stream\"\n[[workload]]\nkind = \"stream\"\n"
      "[[workload]]\nkind = \"launch\"\nname = \"stream\"\n",
      "t.toml");
  ASSERT_EQ(s.workloads.size(), 3u);
  EXPECT_EQ(s.workloads[0].name, "stream");
  EXPECT_EQ(s.workloads[1].name, "stream#2");
  EXPECT_EQ(s.workloads[2].name, "stream#3");
  EXPECT_EQ(s.workloads[2].get_string("name"), "stream#3");
  EXPECT_EQ(s.workloads[2].kind, "launch");
}

TEST(Loader, DefaultScenarioLoads) {
  const Scenario s = load_default();
  EXPECT_EQ(s.source, "<built-in default>");
  ASSERT_EQ(s.workloads.size(), 2u);
  EXPECT_EQ(s.workloads[0].kind, "stream");
  EXPECT_EQ(s.workloads[0].get_string("op"), "triad");
  EXPECT_EQ(s.workloads[1].kind, "launch");
  EXPECT_EQ(s.duration_s, 0.0);
  EXPECT_EQ(s.device, "auto");
}

TEST(Loader, EmbeddedDefaultMatchesTheSourceFile) {
  std::ifstream in(std::string(CLSCOPE_SOURCE_DIR) + "/config/default.toml", std::ios::binary);
  ASSERT_TRUE(in);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_EQ(default_scenario_text(), text.str());
}

TEST(Loader, LoadFileNamesThePath) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "clscope_config_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "bad.toml").string();
  {
    std::ofstream out(path);
    out << "[[workload]]\nkind = \"stream\"\nvec = 5\n";
  }
  EXPECT_THAT(testing::error_of([&] { load_file(path); }), StartsWith(path + ":3:7: "));
  const auto missing = (dir / "missing.toml").string();
  EXPECT_THAT(testing::error_of([&] { load_file(missing); }),
              StartsWith("cannot open config file '" + missing + "': "));
  EXPECT_THAT(testing::error_of([&] { load_file(dir.string()); }), HasSubstr("is a directory"));
  std::filesystem::remove_all(dir);
}

TEST(Loader, AppKernelDeclarationsAloneMakeAFileForAnObservedProgram) {
  const auto s = load_string(
      "[app.kernel.\"triad\"]\nbytes = \"12 * n\"\nflops = \"2 * n\"\n"
      "[app.kernel.\"reduce_f32\"]\nbytes = 4096\n",
      "t.toml");
  EXPECT_TRUE(s.workloads.empty());
  ASSERT_EQ(s.app_kernels.size(), 2u);
  LaunchSize l;
  l.global[0] = 1000;
  EXPECT_DOUBLE_EQ(*s.app_kernels.at("triad").bytes->evaluate(l), 12000);
  EXPECT_DOUBLE_EQ(*s.app_kernels.at("triad").flops->evaluate(l), 2000);
  EXPECT_DOUBLE_EQ(*s.app_kernels.at("reduce_f32").bytes->evaluate(l), 4096);
  EXPECT_FALSE(s.app_kernels.at("reduce_f32").flops);
}

TEST(Loader, AppKernelErrorsPointIntoTheExpression) {
  EXPECT_EQ(load_error("[app.kernel.\"k\"]\nbytes = \"12 * size\"\n"),
            "t.toml:2:15: [app.kernel.\"k\"] bytes: unknown name 'size' (known: gx, gy, gz, lx, ly, lz, n)");
  EXPECT_EQ(load_error("[app.kernel.\"k\"]\nflops = -3\n"),
            "t.toml:2:9: [app.kernel.\"k\"] flops: expected a number >= 0 or an expression string such as "
            "\"12 * n\", got a negative or non-finite number");
  EXPECT_EQ(load_error("[app.kernel.\"k\"]\nbyte = 1\n"),
            "t.toml:2:1: unknown key 'byte' in [app.kernel.\"k\"] (known: bytes, flops)");
  EXPECT_EQ(load_error("[app]\nkernels = 1\n"), "t.toml:2:1: unknown key 'kernels' in [app] (known: kernel)");
  EXPECT_THAT(load_error("[app.kernel.\"k\"]\n"), StartsWith("t.toml:1:1: [app.kernel.\"k\"] declares neither"));
  EXPECT_EQ(load_error("[run]\nduration = 1\n"), "t.toml:1:1: no [[workload]] table: at least one workload is required");
}

}  // namespace
}  // namespace clscope::config
