// Signals and crashes, on the real binary: each catchable signal ends a
// headless run with its documented exit code after flushing the recording,
// and a recording whose writer was killed with SIGKILL is still read by
// `report` and `compare` (a torn last line skipped with a warning).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "RunBinary.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("clscope-signals-" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir / name;
}

/// Starts a headless recorded run, waits until `windows` window records are in
/// the file (at most 120 s), then sends `sig`; the shell exits with clscope's status.
std::string run_until_windows_then(const std::string& sig, const fs::path& rec, int windows) {
  return "run --headless --duration 120 --workload stream:size=16M --record " + rec.string() +
         " >/dev/null 2>&1 & pid=$!; "
         "for i in $(seq 1200); do n=$(grep -c '\"type\":\"window\"' " + rec.string() +
         " 2>/dev/null); [ \"${n:-0}\" -ge " + std::to_string(windows) +
         " ] && break; sleep 0.1; done; kill -" + sig + " $pid; wait $pid; exit $?";
}

std::size_t count_windows(const fs::path& rec) {
  std::ifstream in(rec);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) n += line.find("\"type\":\"window\"") != std::string::npos;
  return n;
}

}  // namespace

TEST(Signals, EachSignalFlushesTheRecordingAndExitsWithItsCode) {
  const std::pair<const char*, int> cases[] = {{"TERM", 143}, {"HUP", 129}, {"QUIT", 131}};
  for (const auto& [sig, code] : cases) {
    SCOPED_TRACE(sig);
    const fs::path rec = scratch(std::string("sig-") + sig + ".jsonl");
    const auto r = run_clscope(run_until_windows_then(sig, rec, 2));
    EXPECT_EQ(r.exit_code, code);
    ASSERT_GE(count_windows(rec), 2u);
    // Flushed, not torn: report reads it without a warning.
    const auto rep = run_clscope("report --json " + rec.string(), true);
    EXPECT_EQ(rep.exit_code, 0) << rep.out;
    EXPECT_EQ(rep.out.find("last line skipped"), std::string::npos) << rep.out;
  }
}

TEST(Signals, RecordingOfAKilledWriterIsStillRead) {
  const fs::path rec = scratch("killed.jsonl");
  const auto killed = run_clscope(run_until_windows_then("9", rec, 3));
  EXPECT_NE(killed.exit_code, 0);  // the shell reports the SIGKILL
  const std::size_t windows = count_windows(rec);
  ASSERT_GE(windows, 3u);

  const auto rep = run_clscope("report --json " + rec.string());
  ASSERT_EQ(rep.exit_code, 0) << rep.out;
  const json j = json::parse(rep.out);
  ASSERT_EQ(j["workloads"].size(), 1u);
  EXPECT_EQ(j["workloads"][0]["kind"], "stream");

  // The same file torn in the middle of its last line, as a kill during a
  // write leaves it: the line is skipped with a warning, the rest is kept.
  std::ifstream in(rec);
  std::stringstream all;
  all << in.rdbuf();
  std::string text = all.str();
  ASSERT_FALSE(text.empty());
  if (text.back() == '\n') text.pop_back();
  const std::size_t last_start = text.rfind('\n') + 1;
  const std::string last_line = text.substr(last_start);
  const fs::path torn = scratch("torn.jsonl");
  std::ofstream(torn) << text.substr(0, last_start) << last_line.substr(0, last_line.size() / 2);
  const std::size_t torn_windows =
      windows - (last_line.find("\"type\":\"window\"") != std::string::npos ? 1 : 0);
  EXPECT_EQ(count_windows(torn), torn_windows);

  const auto rep_torn = run_clscope("report " + torn.string(), true);
  EXPECT_EQ(rep_torn.exit_code, 0) << rep_torn.out;
  EXPECT_NE(rep_torn.out.find("torn last line skipped"), std::string::npos) << rep_torn.out;

  // compare reads both through the same reader; one run against itself is comparable.
  const auto cmp = run_clscope("compare --json " + rec.string() + " " + torn.string(), true);
  EXPECT_EQ(cmp.exit_code, 0) << cmp.out;
  EXPECT_NE(cmp.out.find("torn last line skipped"), std::string::npos) << cmp.out;
}
