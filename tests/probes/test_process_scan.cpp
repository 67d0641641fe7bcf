// ProcessScan over the watch/ fixture (tests/fixtures/make_sysfs_fixtures.py):
// amdgpu, i915 and xe clients in /proc/<pid>/fdinfo, two samples one second
// apart (watch/later/ is copied over a private copy for the second), threads
// in several states, a dup'd fd and an inherited client, another user's process.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>

#include "TestUtil.hpp"
#include "probes/ProcessScan.hpp"

namespace p = clscope::probes;
namespace t = clscope::probes::test;

namespace {

constexpr std::int64_t kT0 = 5'000'000'000;
constexpr std::int64_t kT1 = kT0 + 1'000'000'000;  // watch/later is one second later

// Overwrites the regular files of later/proc (the fd links do not change).
void advance(const t::TempTree& tree) {
  const auto from = tree.dir() / "later" / "proc";
  for (const auto& e : std::filesystem::recursive_directory_iterator(from)) {
    if (e.is_symlink() || !e.is_regular_file()) continue;
    const auto to = tree.dir() / "proc" / std::filesystem::relative(e.path(), from);
    std::filesystem::copy_file(e.path(), to, std::filesystem::copy_options::overwrite_existing);
  }
}

const p::ProcessDeviceUse* find(const p::ProcessScanResult& r, std::int64_t pid,
                                const std::string& device) {
  for (const auto& u : r.processes)
    if (u.pid == pid && u.device == device) return &u;
  return nullptr;
}

const p::EngineUse* engine(const std::vector<p::EngineUse>& v, const std::string& name) {
  for (const auto& e : v)
    if (e.engine == name) return &e;
  return nullptr;
}

const p::DeviceClients* device(const p::ProcessScanResult& r, const std::string& name) {
  for (const auto& d : r.devices)
    if (d.device == name) return &d;
  return nullptr;
}

p::ProcessScanOptions options_for(const t::TempTree& tree) {
  p::ProcessScanOptions o;
  o.root = t::with_denied(tree.root(), {"/7000/fd"});  // another user's process
  return o;
}

}  // namespace

TEST(ProcessScan, FirstSampleHasCountersButNoBusyShareYet) {
  t::TempTree tree("watch");
  p::ProcessScan scan(options_for(tree));
  const auto r = scan.sample_at(kT0);
  const auto* amd = find(r, 4242, "0000:03:00.0");
  ASSERT_NE(amd, nullptr);
  EXPECT_EQ(amd->driver, "amdgpu");
  EXPECT_EQ(amd->command, "python3 train.py --epochs 3");
  const auto* compute = engine(amd->engines, "compute");
  ASSERT_NE(compute, nullptr);
  EXPECT_EQ(compute->busy_ns, 9876543210u + 500000000u);  // clients 17 + 18
  EXPECT_FALSE(compute->busy_fraction);
  EXPECT_NE(amd->unavailable.at("engines").reason.find("two scans"), std::string::npos);
  ASSERT_TRUE(amd->host);
  for (const auto& th : amd->host->threads) EXPECT_FALSE(th.cpu_pct) << th.tid;
  EXPECT_FALSE(amd->host->pinned_tid);
  // A process without DRM fds is not listed; nor is the card node without stats.
  EXPECT_EQ(std::count_if(r.processes.begin(), r.processes.end(),
                          [](const auto& u) { return u.pid == 1; }),
            0);
}

TEST(ProcessScan, AmdgpuBusyPerProcessAndDeviceWithDupAndInheritedClients) {
  t::TempTree tree("watch");
  p::ProcessScan scan(options_for(tree));
  (void)scan.sample_at(kT0);
  advance(tree);
  const auto r = scan.sample_at(kT1);

  const auto* amd = find(r, 4242, "0000:03:00.0");
  ASSERT_NE(amd, nullptr);
  // fd 5 and fd 6 are one client (17): counted once.
  EXPECT_EQ(amd->drm_client_ids, (std::vector<std::uint64_t>{17, 18}));
  EXPECT_DOUBLE_EQ(*engine(amd->engines, "gfx")->busy_fraction, 0.25);
  EXPECT_DOUBLE_EQ(*engine(amd->engines, "compute")->busy_fraction, 0.8);  // 0.6 + 0.2
  EXPECT_DOUBLE_EQ(*engine(amd->engines, "dma")->busy_fraction, 0.0);    // idle: a real 0
  EXPECT_EQ(engine(amd->engines, "gfx")->source, "drm-engine (ns)");
  EXPECT_FALSE(amd->unavailable.count("engines"));
  const auto vram = std::find_if(amd->memory.begin(), amd->memory.end(),
                                 [](const auto& m) { return m.region == "vram"; });
  ASSERT_NE(vram, amd->memory.end());
  EXPECT_EQ(vram->resident_bytes, (2097152ull + 524288ull) * 1024);

  // 4243 inherited client 18: it shows the client, the device counts it once.
  const auto* helper = find(r, 4243, "0000:03:00.0");
  ASSERT_NE(helper, nullptr);
  EXPECT_DOUBLE_EQ(*engine(helper->engines, "compute")->busy_fraction, 0.2);
  const auto* dev = device(r, "0000:03:00.0");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->driver, "amdgpu");
  EXPECT_EQ(dev->pids, (std::vector<std::int64_t>{4242, 4243}));
  EXPECT_DOUBLE_EQ(*engine(dev->engines, "compute")->busy_fraction, 0.8);
  EXPECT_DOUBLE_EQ(*engine(dev->engines, "gfx")->busy_fraction, 0.25);
}

TEST(ProcessScan, I915AndXeBusyWithCapacityAndCycles) {
  t::TempTree tree("watch");
  p::ProcessScan scan(options_for(tree));
  (void)scan.sample_at(kT0);
  advance(tree);
  const auto r = scan.sample_at(kT1);

  const auto* igpu = find(r, 5151, "0000:00:02.0");
  ASSERT_NE(igpu, nullptr);
  EXPECT_EQ(igpu->driver, "i915");
  EXPECT_DOUBLE_EQ(*engine(igpu->engines, "render")->busy_fraction, 0.7);
  const auto* video = engine(igpu->engines, "video");
  EXPECT_EQ(video->capacity, 2u);
  EXPECT_DOUBLE_EQ(*video->busy_fraction, 0.5);  // 1 s busy over 2 engines × 1 s
  ASSERT_EQ(igpu->memory.size(), 2u);  // sorted: "stolen-system0", "system0"
  EXPECT_EQ(igpu->memory.at(0).region, "stolen-system0");
  EXPECT_EQ(igpu->memory.at(0).total_bytes, 0u);
  EXPECT_EQ(igpu->memory.at(1).region, "system0");
  EXPECT_EQ(igpu->memory.at(1).purgeable_bytes, 4096u * 1024);

  const auto* xe = find(r, 6161, "0000:04:00.0");
  ASSERT_NE(xe, nullptr);
  EXPECT_EQ(xe->driver, "xe");
  const auto* rcs = engine(xe->engines, "rcs");
  EXPECT_DOUBLE_EQ(*rcs->busy_fraction, 0.1);
  EXPECT_EQ(rcs->source, "drm-cycles/drm-total-cycles");
  const auto* ccs = engine(xe->engines, "ccs");
  EXPECT_EQ(ccs->capacity, 4u);
  EXPECT_DOUBLE_EQ(*ccs->busy_fraction, 0.5);
  EXPECT_DOUBLE_EQ(*engine(xe->engines, "bcs")->busy_fraction, 0.0);
}

TEST(ProcessScan, HostThreadsStatesCpuPinnedAndNuma) {
  t::TempTree tree("watch");
  p::ProcessScan scan(options_for(tree));
  (void)scan.sample_at(kT0);
  advance(tree);
  const auto r = scan.sample_at(kT1);
  const auto* amd = find(r, 4242, "0000:03:00.0");
  ASSERT_NE(amd, nullptr);
  ASSERT_TRUE(amd->host);
  const auto& h = *amd->host;
  ASSERT_EQ(h.threads.size(), 3u);
  EXPECT_EQ(h.threads[0].tid, 4242);
  EXPECT_EQ(h.threads[0].state, 'S');
  EXPECT_EQ(h.threads[1].name, "cl:submit");
  EXPECT_EQ(h.threads[1].state, 'R');
  EXPECT_EQ(h.threads[2].name, "HIP queue");
  EXPECT_EQ(h.threads[2].state, 'D');
  EXPECT_NEAR(*h.threads[0].cpu_pct, 2.0, 1e-9);   // 2 ticks in 1 s
  EXPECT_NEAR(*h.threads[1].cpu_pct, 96.0, 1e-9);  // 90 + 6 ticks
  EXPECT_NEAR(*h.threads[2].cpu_pct, 1.0, 1e-9);
  EXPECT_EQ(h.threads[1].nonvoluntary_ctxt, 9400);
  EXPECT_FALSE(h.threads[1].runnable_pct);  // no schedstat in the fixture: not read, not 0
  EXPECT_EQ(h.threads[2].voluntary_ctxt, 7800);
  EXPECT_EQ(h.threads[1].last_cpu, 3);
  EXPECT_EQ(h.threads[1].numa_node, 0);
  EXPECT_EQ(h.threads[2].numa_node, 1);
  EXPECT_EQ(h.pinned_tid, 4250);
  EXPECT_EQ(h.numa_nodes, (std::vector<int>{0, 1}));
  EXPECT_EQ(h.device_numa_node, 1);
  EXPECT_EQ(h.runs_off_device_node, true);

  // xe's device is on node 0, where ollama's threads ran; i915's has no node (-1).
  const auto* xe = find(r, 6161, "0000:04:00.0");
  ASSERT_TRUE(xe && xe->host);
  EXPECT_EQ(xe->host->device_numa_node, 0);
  EXPECT_EQ(xe->host->numa_nodes, (std::vector<int>{0}));  // first-sample rule: all threads
  EXPECT_EQ(xe->host->runs_off_device_node, false);
  EXPECT_FALSE(xe->host->pinned_tid);
  const auto* igpu = find(r, 5151, "0000:00:02.0");
  ASSERT_TRUE(igpu && igpu->host);
  EXPECT_FALSE(igpu->host->device_numa_node);
  EXPECT_FALSE(igpu->host->runs_off_device_node);
}

TEST(ProcessScan, AnotherUsersProcessIsPermissionDeniedWithThePtraceHint) {
  t::TempTree tree("watch");
  p::ProcessScan scan(options_for(tree));
  const auto r = scan.sample_at(kT0);
  ASSERT_EQ(r.inaccessible.size(), 1u);
  const auto& denied = r.inaccessible[0];
  EXPECT_EQ(denied.pid, 7000);
  EXPECT_EQ(denied.command, "blender");
  EXPECT_EQ(denied.problem.status, p::Status::permission_denied);
  EXPECT_NE(denied.problem.reason.find("same rights as ptrace"), std::string::npos);
  EXPECT_NE(denied.problem.reason.find("CAP_SYS_PTRACE"), std::string::npos);
  EXPECT_NE(denied.problem.text().find("permission denied: "), std::string::npos);
  for (const auto& u : r.processes) EXPECT_NE(u.pid, 7000);  // never a zero-use row
  const auto* dev = device(r, "0000:03:00.0");
  EXPECT_EQ(dev->pids, (std::vector<std::int64_t>{4242, 4243}));
}

TEST(ProcessScan, DeniedFdinfoIsPermissionDeniedToo) {
  t::TempTree tree("watch");
  auto o = options_for(tree);
  o.root = t::with_denied(tree.root(), {"/4243/fdinfo/9"});
  p::ProcessScan scan(o);
  const auto r = scan.sample_at(kT0);
  EXPECT_FALSE(find(r, 4243, "0000:03:00.0"));
  const auto it = std::find_if(r.inaccessible.begin(), r.inaccessible.end(),
                               [](const auto& x) { return x.pid == 4243; });
  ASSERT_NE(it, r.inaccessible.end());
  EXPECT_EQ(it->problem.status, p::Status::permission_denied);
  EXPECT_NE(it->problem.reason.find("fdinfo/9"), std::string::npos);
}

TEST(ProcessScan, ExplicitPidsOnlyAndOneWithoutDevice) {
  t::TempTree tree("watch");
  auto o = options_for(tree);
  o.pids = {5151, 1, 31337};
  p::ProcessScan scan(o);
  const auto r = scan.sample_at(kT0);
  ASSERT_EQ(r.processes.size(), 3u);
  EXPECT_EQ(r.processes[0].pid, 1);
  EXPECT_EQ(r.processes[0].device, "");
  EXPECT_EQ(r.processes[0].unavailable.at("device").status, p::Status::unavailable);
  EXPECT_EQ(r.processes[0].command, "/sbin/init");
  EXPECT_EQ(r.processes[1].pid, 5151);
  EXPECT_EQ(r.processes[1].device, "0000:00:02.0");
  EXPECT_EQ(r.processes[2].pid, 31337);  // not running: says so, not zero
  EXPECT_TRUE(r.processes[2].unavailable.count("host"));
  EXPECT_TRUE(r.inaccessible.empty());
}

TEST(ProcessScan, AlwaysListedPidJoinsEveryGpuUser) {
  t::TempTree tree("watch");
  auto o = options_for(tree);
  const auto all = p::ProcessScan(o).sample_at(kT0);
  o.always_list = {1};  // /sbin/init: no GPU
  p::ProcessScan scan(o);
  const auto r = scan.sample_at(kT0);
  ASSERT_EQ(r.processes.size(), all.processes.size() + 1);
  EXPECT_EQ(r.processes[0].pid, 1);
  EXPECT_EQ(r.processes[0].device, "");
  EXPECT_EQ(r.processes[0].unavailable.at("device").status, p::Status::unavailable);
  for (std::size_t i = 0; i < all.processes.size(); ++i) {
    EXPECT_EQ(r.processes[i + 1].pid, all.processes[i].pid);
    EXPECT_EQ(r.processes[i + 1].device, all.processes[i].device);
  }
  o.always_list = {5151};  // already a GPU user: listed once
  const auto again = p::ProcessScan(o).sample_at(kT0);
  EXPECT_EQ(again.processes.size(), all.processes.size());
}

TEST(ProcessScan, EmptyProcfsSaysWhy) {
  p::ProcessScanOptions o;
  o.root = t::fixture_root("amdgpu");  // a sysfs-only fixture: no proc/
  p::ProcessScan scan(o);
  const auto r = scan.sample_at(kT0);
  EXPECT_TRUE(r.processes.empty());
  EXPECT_EQ(r.unavailable.at("drm").status, p::Status::unavailable);
}

TEST(ProcessScan, LiveProcfsReadsThisProcess) {
  // The real /proc of this machine (no DRM client here): an explicit pid that
  // uses no device is listed with its threads, read from the real formats.
  p::ProcessScanOptions o;
  o.pids = {::getpid()};
  p::ProcessScan scan(o);
  (void)scan.sample();
  const auto r = scan.sample();
  ASSERT_EQ(r.processes.size(), 1u);
  const auto& self = r.processes[0];
  EXPECT_EQ(self.pid, ::getpid());
  EXPECT_FALSE(self.command.empty());
  ASSERT_TRUE(self.host) << self.unavailable.at("host").text();
  ASSERT_FALSE(self.host->threads.empty());
  EXPECT_EQ(self.host->threads[0].tid, ::getpid());
  EXPECT_EQ(self.host->threads[0].state, 'R');  // it is reading its own stat
  EXPECT_TRUE(self.host->threads[0].cpu_pct);
  EXPECT_TRUE(self.host->threads[0].last_cpu);
  EXPECT_TRUE(self.host->threads[0].voluntary_ctxt);
  // schedstat: it ran (or waited to) for part of the time between the scans.
  if (std::filesystem::exists("/proc/self/schedstat")) {
    ASSERT_TRUE(self.host->threads[0].runnable_pct);
    EXPECT_GE(*self.host->threads[0].runnable_pct, 0.0);
    EXPECT_LE(*self.host->threads[0].runnable_pct, 100.0);
  }
}

TEST(ProcessScan, DeviceFromSysfsWhenFdinfoHasNoPdev) {
  // Older kernels print no drm-pdev: the render node's sysfs device names it;
  // a node sysfs does not know stays "dri:<node>". No client id: one per fd.
  t::TempTree tree("watch");
  namespace fs = std::filesystem;
  const std::string text = "drm-driver:\tpanfrost\ndrm-engine-fragment:\t100 ns\n";
  tree.write("proc/8000/comm", "glmark2\n");
  tree.write("proc/8000/fdinfo/3", text);
  tree.write("proc/8000/fdinfo/4", text);
  tree.write("proc/8000/fdinfo/5", text);
  tree.write("proc/8000/task/8000/stat",
             "8000 (glmark2) S 1 8000 8000 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 1 1 1 1 1 1 0 0 0 0 0 "
             "0 0 0 0 0 0 0 17 2 0 0 0 0 0\n");
  fs::create_directories(tree.dir() / "proc/8000/fd");
  fs::create_symlink("/dev/dri/renderD131", tree.dir() / "proc/8000/fd/3");
  fs::create_symlink("/dev/dri/renderD131", tree.dir() / "proc/8000/fd/4");
  fs::create_symlink("/dev/dri/renderD200", tree.dir() / "proc/8000/fd/5");
  fs::create_directories(tree.dir() / "sys/class/drm/renderD131");
  fs::create_symlink("../../../devices/pci0000:00/0000:04:00.0",
                     tree.dir() / "sys/class/drm/renderD131/device");
  auto o = options_for(tree);
  o.pids = {8000};
  p::ProcessScan scan(o);
  const auto r = scan.sample_at(kT0);
  ASSERT_EQ(r.processes.size(), 2u);
  EXPECT_EQ(r.processes[0].device, "0000:04:00.0");
  EXPECT_EQ(r.processes[0].driver, "panfrost");
  EXPECT_TRUE(r.processes[0].drm_client_ids.empty());
  EXPECT_EQ(engine(r.processes[0].engines, "fragment")->busy_ns, 200u);  // two fds, no id: two clients
  EXPECT_EQ(r.processes[0].host->device_numa_node, 0);
  EXPECT_EQ(r.processes[1].device, "dri:renderD200");
  EXPECT_TRUE(r.processes[0].unavailable.count("memory"));
}
