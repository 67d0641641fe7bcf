// The Prometheus text writer: format, escaping, names, and promtool's verdict.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/metrics/AtomicFile.hpp"
#include "app/metrics/Prometheus.hpp"

using namespace clscope::metrics;
namespace fs = std::filesystem;

TEST(Prometheus, RendersHelpTypeAndSamples) {
  const std::vector<MetricFamily> f{
      {"clscope_check_pass", "1 passed", MetricType::gauge, {{{{"check", "compute"}}, 1}, {{{"check", "clocks"}}, 0}}},
      {"clscope_runs_total", "runs", MetricType::counter, {{{}, 3}}},
      {"clscope_empty", "left out", MetricType::gauge, {}},
  };
  EXPECT_EQ(render(f),
            "# HELP clscope_check_pass 1 passed\n"
            "# TYPE clscope_check_pass gauge\n"
            "clscope_check_pass{check=\"compute\"} 1\n"
            "clscope_check_pass{check=\"clocks\"} 0\n"
            "# HELP clscope_runs_total runs\n"
            "# TYPE clscope_runs_total counter\n"
            "clscope_runs_total 3\n");
}

TEST(Prometheus, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(escape_help("x\\y\nz \"q\""), "x\\\\y\\nz \"q\"");
  const std::vector<MetricFamily> f{{"m", "h", MetricType::gauge, {{{{"device", "GPU \"0\"\\"}}, 1}}}};
  EXPECT_EQ(render(f), "# HELP m h\n# TYPE m gauge\nm{device=\"GPU \\\"0\\\"\\\\\"} 1\n");
}

TEST(Prometheus, Values) {
  EXPECT_EQ(format_value(0.25), "0.25");
  EXPECT_EQ(format_value(1765056600), "1765056600");
  EXPECT_EQ(format_value(std::nan("")), "NaN");
  EXPECT_EQ(format_value(HUGE_VAL), "+Inf");
  EXPECT_EQ(format_value(-HUGE_VAL), "-Inf");
}

TEST(Prometheus, RejectsBadNames) {
  EXPECT_TRUE(valid_metric_name("a:b_c9"));
  EXPECT_FALSE(valid_metric_name("9a"));
  EXPECT_FALSE(valid_metric_name("a-b"));
  EXPECT_TRUE(valid_label_name("check"));
  EXPECT_FALSE(valid_label_name("__name"));
  EXPECT_FALSE(valid_label_name("a:b"));
  EXPECT_THROW(render({{"bad-name", "", MetricType::gauge, {{{}, 1}}}}), MetricsError);
  EXPECT_THROW(render({{"runs", "", MetricType::counter, {{{}, 1}}}}), MetricsError);
  EXPECT_THROW(render({{"m", "", MetricType::gauge, {{{{"a-b", "x"}}, 1}}}}), MetricsError);
  EXPECT_THROW(render({{"m", "", MetricType::gauge, {{{}, 1}}}, {"m", "", MetricType::gauge, {{{}, 1}}}}),
               MetricsError);
}

TEST(AtomicFile, WritesReadableFileAndLeavesNoTemporary) {
  const fs::path dir = fs::path(std::getenv("TMPDIR")) / "atomic";
  fs::create_directories(dir);
  const auto path = (dir / "m.prom").string();
  write_file_atomically(path, "old\n");
  write_file_atomically(path, "new\n");
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), "new\n");
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);
  fs::remove_all(dir);
}

TEST(AtomicFile, MissingFolderNamesThePath) {
  try {
    write_file_atomically("/nonexistent-clscope-dir/m.prom", "x");
    FAIL();
  } catch (const FileWriteError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent-clscope-dir/m.prom: cannot create a temporary file in "
              "/nonexistent-clscope-dir: No such file or directory");
  }
}
