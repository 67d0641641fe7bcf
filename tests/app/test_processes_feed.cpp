// From a process scan (probes::ProcessScanResult, as ProcessScan returns it)
// through watch::make_round and processes_info to the dashboard model's
// processes view (DashboardFeed).
#include <gtest/gtest.h>

#include "app/dashboard/DashboardFeed.hpp"
#include "app/dashboard/ProcessesFeed.hpp"

using namespace clscope;
using namespace clscope::app;

namespace {

constexpr const char* kGpu = "0000:03:00.0";

probes::ThreadUse thread(std::int64_t tid, std::string name, char state, std::optional<double> cpu) {
  probes::ThreadUse t;
  t.tid = tid;
  t.name = std::move(name);
  t.state = state;
  t.cpu_pct = cpu;
  return t;
}

probes::ProcessScanResult gpu_scan() {
  probes::ProcessScanResult scan;
  probes::ProcessDeviceUse self;
  self.pid = 100;
  self.command = "clscope --duration 0";
  self.device = kGpu;
  self.driver = "amdgpu";
  probes::EngineUse gfx;
  gfx.engine = "gfx";
  gfx.busy_fraction = 0.7;
  self.engines = {gfx};
  probes::RegionMemory vram, gtt;
  vram.region = "vram";
  vram.resident_bytes = 2ull << 30;
  gtt.region = "gtt";
  gtt.resident_bytes = 1ull << 30;
  self.memory = {gtt, vram};
  probes::HostSide h;
  h.threads = {thread(100, "clscope", 'S', 5), thread(101, "cl:stream", 'R', 95)};
  h.numa_nodes = {0};
  h.device_numa_node = 0;
  h.runs_off_device_node = false;
  self.host = h;

  probes::ProcessDeviceUse other;
  other.pid = 200;
  other.command = "python3 train.py";
  other.device = kGpu;
  other.driver = "amdgpu";
  gfx.busy_fraction = 0.2;
  other.engines = {gfx};
  other.unavailable["host"] = {probes::Status::permission_denied, "ptrace rights"};

  probes::ProcessDeviceUse elsewhere = other;
  elsewhere.pid = 300;
  elsewhere.device = "0000:04:00.0";

  scan.processes = {self, other, elsewhere};
  scan.inaccessible = {{400, "Xorg", {probes::Status::permission_denied, "ptrace rights"}}};
  return scan;
}

ProcessesContext run_context() {
  ProcessesContext ctx;
  ctx.run = true;
  ctx.self_pid = 100;
  ctx.scope = "Users of test GPU";
  return ctx;
}

}  // namespace

TEST(ProcessesFeed, ScanBecomesModelRowsThroughTheFeed) {
  watch::RoundContext rc;
  rc.device_filter = kGpu;
  const watch::WatchRound round = watch::make_round(gpu_scan(), rc, 0, 1);
  FeedInput in;
  in.processes = processes_info(&round, run_context());
  DashboardFeed feed;
  const tui::DashboardModel m = feed.build(in);

  const tui::ProcessesInfo& p = m.processes;
  EXPECT_EQ(p.scope, "Users of test GPU");
  EXPECT_TRUE(p.show_who);
  EXPECT_FALSE(p.show_verdicts);
  ASSERT_EQ(p.rows.size(), 2u) << "the other device's process is not listed";

  const tui::ProcessEntry& self = p.rows[0];
  EXPECT_EQ(self.pid, 100);
  EXPECT_TRUE(self.this_run);
  EXPECT_FALSE(self.other_user);
  ASSERT_TRUE(self.device_pct);
  EXPECT_NEAR(*self.device_pct, 70, 1e-9);
  EXPECT_FALSE(self.device_pct_estimate);
  ASSERT_TRUE(self.device_mem_bytes);
  EXPECT_EQ(*self.device_mem_bytes, static_cast<double>(2ull << 30)) << "VRAM regions only";
  ASSERT_TRUE(self.cpu_pct);
  EXPECT_NEAR(*self.cpu_pct, 100, 1e-9);
  EXPECT_EQ(self.threads, 2);
  EXPECT_EQ(self.busiest_thread, "cl:stream");
  EXPECT_EQ(self.busiest_thread_pct, 95);
  EXPECT_EQ(self.states, "R1 S1");
  EXPECT_EQ(self.numa_nodes, "0");
  EXPECT_EQ(self.device_numa_node, 0);
  EXPECT_FALSE(self.off_device_node);

  const tui::ProcessEntry& other = p.rows[1];
  EXPECT_EQ(other.pid, 200);
  EXPECT_TRUE(other.other_user);
  EXPECT_NEAR(other.device_pct.value_or(-1), 20, 1e-9);
  EXPECT_FALSE(other.cpu_pct);
  EXPECT_NE(other.cpu_reason.find("permission denied"), std::string::npos) << other.cpu_reason;
  EXPECT_FALSE(other.threads);
  EXPECT_FALSE(other.device_mem_bytes);
  EXPECT_FALSE(other.device_mem_reason.empty());

  ASSERT_EQ(p.notes.size(), 1u);
  EXPECT_NE(p.notes[0].find("1 process not readable (400)"), std::string::npos) << p.notes[0];
}

TEST(ProcessesFeed, CpuDeviceUseIsAnEstimateFromWorkerThreads) {
  probes::ProcessScanResult scan;
  probes::ProcessDeviceUse u;
  u.pid = 100;
  u.command = "clscope";
  u.unavailable["device"] = {probes::Status::unavailable, "no DRM client"};
  probes::HostSide h;
  h.threads = {thread(100, "clscope", 'S', 2), thread(102, "pocl-worker", 'R', 80)};
  u.host = h;
  scan.processes = {u};
  watch::RoundContext rc;
  rc.cpu_device = watch::CpuDevice{"cpu", 2};
  rc.device_filter = "cpu:cpu";
  const auto round = watch::make_round(scan, rc, 0, 1);
  ProcessesContext ctx = run_context();
  ctx.verdicts = true;
  const auto p = processes_info(&round, ctx);
  ASSERT_EQ(p.rows.size(), 1u);
  const auto& e = p.rows[0];
  EXPECT_TRUE(e.this_run);
  EXPECT_TRUE(e.device_pct_estimate);
  EXPECT_NEAR(e.device_pct.value_or(-1), 40, 1e-9);  // 80 % of one core over 2 cores
  EXPECT_NE(e.device_mem_reason.find("CPU device"), std::string::npos);
  EXPECT_FALSE(e.verdict.empty());
  EXPECT_FALSE(e.evidence.empty());
}

TEST(ProcessesFeed, FirstScanHasNoSharesYetAndSaysSo) {
  probes::ProcessScanResult scan = gpu_scan();
  scan.processes.resize(1);
  scan.processes[0].engines[0].busy_fraction.reset();
  for (auto& t : scan.processes[0].host->threads) t.cpu_pct.reset();
  watch::RoundContext rc;
  rc.device_filter = kGpu;
  const auto round = watch::make_round(scan, rc, 0, 0);
  const auto p = processes_info(&round, run_context());
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_FALSE(p.rows[0].device_pct);
  EXPECT_NE(p.rows[0].device_pct_reason.find("two scans"), std::string::npos) << p.rows[0].device_pct_reason;
  EXPECT_NE(p.rows[0].cpu_reason.find("two scans"), std::string::npos);
  EXPECT_EQ(p.rows[0].threads, 2);
}

TEST(ProcessesFeed, EmptyViewsSayWhy) {
  EXPECT_NE(processes_info(nullptr, run_context()).empty_reason.find("scanning"), std::string::npos);

  watch::WatchRound nobody;
  ProcessesContext ctx;
  ctx.nobody = "no process uses a GPU here; a CPU device's users are only known with --pid";
  EXPECT_EQ(processes_info(&nobody, ctx).empty_reason, ctx.nobody);

  watch::WatchRound failed;
  failed.unavailable["drm"] = {probes::Status::unavailable, "/proc: no process could be listed"};
  const auto p = processes_info(&failed, ctx);
  EXPECT_NE(p.empty_reason.find("/proc: no process could be listed"), std::string::npos) << p.empty_reason;
  ASSERT_EQ(p.notes.size(), 1u);
  EXPECT_EQ(p.notes[0].rfind("drm: ", 0), 0u);
}
