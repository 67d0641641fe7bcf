// `clscope watch` over tests/fixtures/watch: the verdict of each process from
// two scans one second apart (in process, the later/ tree copied over a
// private copy), another user's process, and the binary with
// --procfs-root/--sysfs-root (--headless, --json, --record, then report).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "RunBinary.hpp"
#include "TestUtil.hpp"
#include "app/record/RecordingLoader.hpp"
#include "app/record/RecordingSink.hpp"
#include "app/watch/WatchRound.hpp"
#include "app/watch/WatchRun.hpp"
#include "app/watch/WatchSummary.hpp"
#include "probes/ProcessScan.hpp"

namespace p = clscope::probes;
namespace t = clscope::probes::test;
namespace w = clscope::app::watch;
using clscope::core::Verdict;
using nlohmann::json;

namespace {

constexpr std::int64_t kT0 = 5'000'000'000;
constexpr std::int64_t kT1 = kT0 + 1'000'000'000;

void advance(const t::TempTree& tree) {
  const auto from = tree.dir() / "later" / "proc";
  for (const auto& e : std::filesystem::recursive_directory_iterator(from)) {
    if (e.is_symlink() || !e.is_regular_file()) continue;
    const auto to = tree.dir() / "proc" / std::filesystem::relative(e.path(), from);
    std::filesystem::copy_file(e.path(), to, std::filesystem::copy_options::overwrite_existing);
  }
}

const w::ProcessRow* row(const w::WatchRound& r, std::int64_t pid) {
  for (const auto& x : r.processes)
    if (x.pid == pid) return &x;
  return nullptr;
}

w::WatchRound second_round(const t::TempTree& tree, const w::RoundContext& ctx,
                           std::vector<std::int64_t> pids = {}) {
  p::ProcessScanOptions o;
  o.root = t::with_denied(tree.root(), {"/7000/fd"});
  o.pids = std::move(pids);
  p::ProcessScan scan(o);
  (void)scan.sample_at(kT0);
  advance(tree);
  return w::make_round(scan.sample_at(kT1), ctx, 0.0, 1.0);
}

}  // namespace

TEST(WatchFixture, VerdictPerProcessFromTwoScans) {
  t::TempTree tree("watch");
  const auto r = second_round(tree, {});
  const auto* amd = row(r, 4242);
  ASSERT_NE(amd, nullptr);
  EXPECT_EQ(amd->verdict.verdict, Verdict::device_bound) << amd->verdict.why;
  EXPECT_DOUBLE_EQ(*amd->evidence.device_busy, 0.8);  // compute engine, clients 17 + 18
  EXPECT_EQ(amd->evidence.hottest_tid, 4250);
  EXPECT_NEAR(*amd->evidence.hottest_thread_pct, 96.0, 1e-9);
  EXPECT_EQ(amd->evidence.thread_states.at('D'), 1);
  EXPECT_EQ(amd->threads.size(), 3u);

  const auto* helper = row(r, 4243);  // 20% of the compute engine, its thread idle
  ASSERT_NE(helper, nullptr);
  EXPECT_EQ(helper->verdict.verdict, Verdict::starved) << helper->verdict.why;
  const auto* igpu = row(r, 5151);
  ASSERT_NE(igpu, nullptr);
  EXPECT_EQ(igpu->verdict.verdict, Verdict::device_bound) << igpu->verdict.why;
  const auto* xe = row(r, 6161);  // ccs half busy, threads idle: neither side clearly
  ASSERT_NE(xe, nullptr);
  EXPECT_EQ(xe->verdict.verdict, Verdict::unknown) << xe->verdict.why;
  EXPECT_DOUBLE_EQ(*xe->evidence.device_busy, 0.5);

  EXPECT_EQ(row(r, 7000), nullptr);  // another user's: never a zero-use row
  ASSERT_EQ(r.inaccessible.size(), 1u);
  const json denied = w::round_json(r)["inaccessible"][0];
  EXPECT_EQ(denied["pid"], 7000);
  EXPECT_NE(denied["problem"].get<std::string>().find("permission denied"), std::string::npos);
  EXPECT_NE(denied["problem"].get<std::string>().find("ptrace"), std::string::npos);
}

TEST(WatchFixture, SummaryJsonFollowsTheContract) {
  t::TempTree tree("watch");
  w::WatchSummary s;
  s.add(second_round(tree, {}));
  const json j = s.json();
  EXPECT_EQ(j["type"], "summary");
  EXPECT_EQ(j["schema"], "clscope.watch/1");
  ASSERT_EQ(j["processes"].size(), 4u);
  for (const auto& proc : j["processes"]) {
    for (const char* k : {"pid", "command", "device", "verdict", "evidence", "threads"})
      EXPECT_TRUE(proc.contains(k)) << k << " in " << proc.dump();
    for (const auto& th : proc["threads"])
      for (const char* k : {"tid", "name", "cpu_pct", "state"}) EXPECT_TRUE(th.contains(k)) << k;
  }
  EXPECT_EQ(j["processes"][0]["pid"], 4242);
  EXPECT_EQ(j["processes"][0]["command"], "python3 train.py --epochs 3");
  EXPECT_EQ(j["processes"][0]["device"], "0000:03:00.0");
  EXPECT_EQ(j["processes"][0]["verdict"], "device-bound");
  EXPECT_EQ(j["processes"][0]["threads"][1]["name"], "cl:submit");
  EXPECT_EQ(j["processes"][0]["threads"][1]["state"], "R");
  EXPECT_EQ(j["inaccessible"][0]["pid"], 7000);
}

TEST(WatchFixture, CpuDeviceTakesAPidThatUsesNoGpu) {
  t::TempTree tree("watch");
  w::RoundContext ctx;
  ctx.cpu_device = w::CpuDevice{"cpu-test", 2};
  const auto r = second_round(tree, ctx, {1, 5151});
  ASSERT_EQ(r.processes.size(), 2u);
  const auto* init = row(r, 1);
  ASSERT_NE(init, nullptr);
  EXPECT_EQ(init->device, "cpu:cpu-test");
  EXPECT_FALSE(init->unavailable.count("device"));
  EXPECT_EQ(row(r, 5151)->device, "0000:00:02.0");  // a GPU user stays on its GPU
  ctx.device_filter = "cpu:cpu-test";
  t::TempTree tree2("watch");
  const auto only = second_round(tree2, ctx, {1, 5151});
  ASSERT_EQ(only.processes.size(), 1u);
  EXPECT_EQ(only.processes[0].pid, 1);
}

namespace {
std::string fixture_args() {
  const std::string dir = std::string(CLSCOPE_SOURCE_DIR) + "/tests/fixtures/watch";
  return " --procfs-root " + dir + "/proc --sysfs-root " + dir + "/sys";
}
}  // namespace

TEST(WatchFixtureBinary, JsonWindowsAndSummaryOverAStillTree) {
  // Nothing moves in the fixture between scans: every engine idle, every
  // thread idle, so each process is starved; the summary lists them all.
  // xe's busy share is cycles over GPU cycles: with neither moving there is
  // no share, so that process stays unknown (never a made-up 0).
  const auto r = run_clscope("watch --headless --json --duration 2" + fixture_args());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::vector<json> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  ASSERT_EQ(lines.size(), 3u) << r.out;  // two windows, one summary
  EXPECT_EQ(lines[0]["type"], "window");
  EXPECT_EQ(lines[1]["type"], "window");
  const json& s = lines[2];
  EXPECT_EQ(s["schema"], "clscope.watch/1");
  EXPECT_EQ(s["windows"], 2);
  std::set<std::int64_t> pids;
  for (const auto& proc : s["processes"]) {
    pids.insert(proc["pid"].get<std::int64_t>());
    EXPECT_FALSE(proc["threads"].empty());
    if (proc["driver"] == "xe") {
      EXPECT_EQ(proc["verdict"], "unknown") << proc.dump();
      EXPECT_TRUE(proc["evidence"]["device_busy"].is_null());
      continue;
    }
    EXPECT_EQ(proc["verdict"], "starved") << proc.dump();
    EXPECT_DOUBLE_EQ(proc["evidence"]["device_busy"].get<double>(), 0.0);
  }
  EXPECT_TRUE(pids.count(4242) && pids.count(4243) && pids.count(5151) && pids.count(6161))
      << s.dump();
  EXPECT_FALSE(pids.count(1));  // no DRM fd: not a device user
}

TEST(WatchFixtureBinary, HeadlessLinesRecordingAndReport) {
  const std::string rec = (std::filesystem::temp_directory_path() / "watch-fixture.jsonl").string();
  const auto r = run_clscope("watch --pid 4242 --pid 5151 --duration 2 --record " + rec +
                             fixture_args());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("4242 python3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0000:03:00.0  starved"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("watched"), std::string::npos) << r.out;
  const auto rep = run_clscope("report --json " + rec);
  ASSERT_EQ(rep.exit_code, 0) << rep.out;
  const json j = json::parse(rep.out);
  ASSERT_EQ(j["workloads"].size(), 2u) << rep.out;
  EXPECT_EQ(j["workloads"][0]["name"], "python3[4242]");
  EXPECT_EQ(j["workloads"][0]["kind"], "process");
  EXPECT_EQ(j["workloads"][1]["name"], "clpeak[5151]");
  EXPECT_EQ(j["manifest"]["command"], "watch");
  std::filesystem::remove(rec);
}

TEST(WatchFixtureBinary, UnknownPidIsAUsageError) {
  const auto r = run_clscope("watch --pid 31337 --duration 1" + fixture_args(), true);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--pid 31337: no such process"), std::string::npos) << r.out;
  EXPECT_EQ(run_clscope("watch --pid abc").exit_code, 2);
  EXPECT_EQ(run_clscope("watch --workload stream").exit_code, 2);
}

namespace {

/// Counts updates; after the first, puts process 6161 back into the tree (a
/// program that starts while clscope watches).
class AppearingSink final : public clscope::app::RunSink {
 public:
  explicit AppearingSink(const t::TempTree& tree) : tree_(tree) {}
  void on_update(const clscope::app::RunUpdate& u) override {
    for (const auto& s : u.setups) setups.push_back(s.workload);
    if (++updates == 1)
      std::filesystem::rename(tree_.dir() / "aside" / "6161", tree_.dir() / "proc" / "6161");
  }
  int updates = 0;
  std::vector<std::string> setups;

 private:
  const t::TempTree& tree_;
};

}  // namespace

TEST(WatchFixture, AProcessFoundLaterBecomesAWorkloadOfTheRecording) {
  t::TempTree tree("watch");
  std::filesystem::create_directories(tree.dir() / "aside");
  std::filesystem::rename(tree.dir() / "proc" / "6161", tree.dir() / "aside" / "6161");
  w::WatchOptions o;
  o.scan.root = tree.root();
  o.window_s = 0.2;
  o.duration_s = 0.6;  // three windows
  o.manifest = {{"command", "watch"}};
  w::WatchRun run(std::move(o));
  const std::string rec = (tree.dir() / "late.jsonl").string();
  clscope::app::RecordingSink recording(rec);
  AppearingSink appearing(tree);
  std::atomic<bool> stop{false};
  ASSERT_EQ(run.run(stop, {&recording, &appearing}), clscope::app::ExitCode::kOk) << run.error();
  EXPECT_EQ(appearing.updates, 3);
  ASSERT_EQ(appearing.setups.size(), 1u);
  const std::string late = appearing.setups[0];
  EXPECT_NE(late.find("6161"), std::string::npos) << late;

  const auto loaded = clscope::app::load_run(rec);
  const auto report = clscope::app::report_json(loaded);
  const json* entry = nullptr;
  for (const auto& wl : report["workloads"])
    if (wl["name"] == late) entry = &wl;
  ASSERT_NE(entry, nullptr) << report["workloads"].dump();
  EXPECT_EQ((*entry)["kind"], "process");
  EXPECT_EQ((*entry)["windows"], 2) << "found in the second window, watched in two";
  EXPECT_NE((*entry)["setup"]["description"].get<std::string>().find("pid 6161"), std::string::npos);
}
