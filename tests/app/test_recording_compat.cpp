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

TEST(RecordingCompat, RecordingFromBeforeThePipelineGivesTheSameReportJson) {
  const auto run = app::load_run(kDir + "before-pipeline.jsonl");
  EXPECT_TRUE(run.recording.warnings.empty());
  const auto expected = nlohmann::json::parse(slurp(kDir + "before-pipeline.report.json"));
  const auto report = app::report_json(run);
  EXPECT_EQ(report, expected) << nlohmann::json::diff(expected, report).dump(1);
}

TEST(RecordingCompat, RecordingFromBeforeThePipelineGivesTheSameReportText) {
  const auto run = app::load_run(kDir + "before-pipeline.jsonl");
  EXPECT_EQ(app::report_text(app::report_json(run)), slurp(kDir + "before-pipeline.report.txt"));
}
