// Recordings (clscope.record/1 JSON Lines) as report, replay and compare read
// them: app::load_run, then the report and the comparison built from it.
#include <cstdint>
#include <string>

#include "app/analysis/Compare.hpp"
#include "app/record/RecordingLoader.hpp"
#include "core/Recording.hpp"
#include "tests/fuzz/FuzzSupport.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clscope;
  const std::string path = fuzz::write_temp("run.jsonl", data, size);
  app::LoadedRun run;
  try {
    run = app::load_run(path);
  } catch (const core::RecordingError&) {
    return 0;
  }
  const auto report = app::report_json(run);
  (void)app::report_text(report);
  const auto c = app::comparability(run, run);
  const auto comparison = app::compare_json(run, path, run, path, c, true);
  (void)app::compare_text(comparison);
  return 0;
}
