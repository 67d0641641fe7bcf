// A recording made by clscope before the run pipeline was split into sources,
// session and sinks (tests/fixtures/recordings/before-pipeline.jsonl, with its
// report as `clscope report` printed it then) is still read to the same
// report: the file format (clscope.record/1) and the analysis did not move.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/record/RecordingLoader.hpp"

using namespace clscope;

namespace {

const std::string kDir = std::string(CLSCOPE_SOURCE_DIR) + "/tests/fixtures/recordings/";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

// Since clscope.ceilings/1 the report's "ceilings" is that object (the
// recording's flat ceilings read as measured, trusted entries) and the
// manifest's calibration detail is inside it: those keys changed by design,
// the values did not; everything else is compared byte for byte.
TEST(RecordingCompat, RecordingFromBeforeThePipelineGivesTheSameReportJson) {
  const auto run = app::load_run(kDir + "before-pipeline.jsonl");
  EXPECT_TRUE(run.recording.warnings.empty());
  auto expected = nlohmann::json::parse(slurp(kDir + "before-pipeline.report.json"));
  auto report = app::report_json(run);
  const nlohmann::json flat = expected["ceilings"];
  const nlohmann::json& now = report["ceilings"];
  EXPECT_EQ(now["schema"], "clscope.ceilings/1");
  const std::pair<const char*, const char*> keys[] = {
      {"memory", "mem_gbs"}, {"compute", "compute_gflops"}, {"h2d", "h2d_gbs"},
      {"d2h", "d2h_gbs"},    {"dispatch", "dispatch_us"},   {"round_trip", "round_trip_us"}};
  for (const auto& [key, old_key] : keys) {
    EXPECT_EQ(now["ceilings"][key]["value"], flat[old_key]) << key;
    EXPECT_EQ(now["ceilings"][key]["source"], "measured") << key;
  }
  for (const char* k : {"ceilings", "ceilings_measured", "calibration"}) {
    expected.erase(k);
    report.erase(k);
  }
  EXPECT_EQ(report, expected) << nlohmann::json::diff(expected, report).dump(1);
}

TEST(RecordingCompat, RecordingFromBeforeThePipelineGivesTheSameReportText) {
  const auto run = app::load_run(kDir + "before-pipeline.jsonl");
  const std::string text = app::report_text(app::report_json(run));
  std::string expected = slurp(kDir + "before-pipeline.report.txt");
  // Only the ceilings line is worded anew (per ceiling, with its trust).
  const auto line = [](const std::string& t) {
    const auto at = t.find("ceilings");
    return std::make_pair(at, t.find('\n', at));
  };
  const auto [ea, eb] = line(expected);
  const auto [ta, tb] = line(text);
  ASSERT_NE(ta, std::string::npos);
  EXPECT_EQ(text.substr(ta, tb - ta),
            "ceilings: memory 13.87 GB/s, compute 140.6 GFLOP/s, h2d 6.13 GB/s, d2h 5.89 GB/s, "
            "dispatch 5.24 us, round_trip 8.51 us");
  EXPECT_EQ(text.substr(0, ta) + text.substr(tb), expected.substr(0, ea) + expected.substr(eb));
}
