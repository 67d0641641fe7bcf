// NVML per-process readings through the real dlopen path against the fake
// library (fake_nvml.cpp: processes, entry sizes, utilisation samples, refusals).
#include <dlfcn.h>
#include <gtest/gtest.h>

#include "TestUtil.hpp"
#include "probes/NvmlProcesses.hpp"
#include "probes/ProcessScan.hpp"

namespace p = clscope::probes;
namespace t = clscope::probes::test;

namespace {

std::shared_ptr<p::NvmlLibrary> load_fake() {
  std::string error;
  auto lib = p::NvmlLibrary::load({FAKE_NVML_PATH}, error);
  EXPECT_NE(lib, nullptr) << error;
  return lib;
}

void set_v3_entry_bytes(unsigned n) {
  void* h = ::dlopen(FAKE_NVML_PATH, RTLD_LAZY | RTLD_NOLOAD);
  if (!h) h = ::dlopen(FAKE_NVML_PATH, RTLD_LAZY);
  auto fn = reinterpret_cast<void (*)(unsigned)>(::dlsym(h, "fake_nvml_set_v3_entry_bytes"));
  ASSERT_NE(fn, nullptr);
  fn(n);
}

const p::NvmlProcess* proc(const p::NvmlGpuProcesses& g, std::int64_t pid) {
  for (const auto& x : g.processes)
    if (x.pid == pid) return &x;
  return nullptr;
}

void expect_h100_processes(const p::NvmlGpuProcesses& g) {
  ASSERT_EQ(g.processes.size(), 4u);
  EXPECT_EQ(g.processes[0].pid, 900);
  EXPECT_EQ(g.processes[0].kind, "graphics");
  EXPECT_EQ(g.processes[0].gpu_memory_bytes, 64ull << 20);
  const auto* train = proc(g, 4242);
  EXPECT_EQ(train->kind, "compute");
  EXPECT_EQ(train->gpu_memory_bytes, 2ull << 30);
  EXPECT_FALSE(proc(g, 4300)->gpu_memory_bytes);  // NVML_VALUE_NOT_AVAILABLE: unknown, not 2^64-1
  const auto* both = proc(g, 4301);
  EXPECT_EQ(both->kind, "compute+graphics");
  EXPECT_EQ(both->gpu_memory_bytes, (512ull + 256ull) << 20);
}

}  // namespace

TEST(NvmlProcesses, ComputeAndGraphicsWithMeasuredV3EntrySize) {
  auto lib = load_fake();
  ASSERT_NE(lib, nullptr);
  std::string error;
  p::NvmlProcessReader reader(lib, lib->gpus(error).at(0));
  EXPECT_EQ(reader.device(), "0000:65:00.0");
  for (unsigned bytes : {32u, 24u}) {
    SCOPED_TRACE(bytes);
    set_v3_entry_bytes(bytes);
    const auto g = reader.read();
    EXPECT_EQ(g.entry_bytes, bytes);
    EXPECT_FALSE(g.unavailable.count("compute_processes"));
    EXPECT_FALSE(g.unavailable.count("graphics_processes"));
    expect_h100_processes(g);
  }
  set_v3_entry_bytes(32);
}

TEST(NvmlProcesses, UtilisationIsTheMeanOfNewSamplesThenNotFound) {
  auto lib = load_fake();
  ASSERT_NE(lib, nullptr);
  std::string error;
  p::NvmlProcessReader reader(lib, lib->gpus(error).at(0));
  const auto first = reader.read();
  EXPECT_DOUBLE_EQ(*proc(first, 4242)->sm_util_pct, 85.0);  // (80 + 90) / 2
  EXPECT_DOUBLE_EQ(*proc(first, 4242)->mem_util_pct, 45.0);
  EXPECT_DOUBLE_EQ(*proc(first, 4301)->enc_util_pct, 20.0);
  EXPECT_DOUBLE_EQ(*proc(first, 4301)->dec_util_pct, 30.0);
  EXPECT_FALSE(proc(first, 900)->sm_util_pct);
  // Nothing newer than the last timestamp seen: no invented 0 %.
  const auto second = reader.read();
  EXPECT_FALSE(proc(second, 4242)->sm_util_pct);
  const auto& why = second.unavailable.at("process_utilization");
  EXPECT_EQ(why.status, p::Status::unavailable);
  EXPECT_NE(why.reason.find("NVML_ERROR_NOT_FOUND"), std::string::npos);
}

TEST(NvmlProcesses, RefusalsBecomeReasons) {
  auto lib = load_fake();
  ASSERT_NE(lib, nullptr);
  std::string error;
  p::NvmlProcessReader reader(lib, lib->gpus(error).at(1));
  const auto g = reader.read();
  EXPECT_TRUE(g.processes.empty());
  EXPECT_FALSE(g.unavailable.count("compute_processes"));  // none running is a reading
  const auto& gfx = g.unavailable.at("graphics_processes");
  EXPECT_EQ(gfx.status, p::Status::unavailable);
  EXPECT_EQ(gfx.reason,
            "nvmlDeviceGetGraphicsRunningProcesses_v2: NVML_ERROR_NOT_SUPPORTED "
            "(not supported by this GPU/driver)");
  EXPECT_EQ(g.unavailable.at("process_utilization").status, p::Status::permission_denied);
}

TEST(NvmlProcesses, ScanMergesNvmlWithDrmAndHostSide) {
  auto lib = load_fake();
  ASSERT_NE(lib, nullptr);
  t::TempTree tree("watch");
  p::ProcessScanOptions o;
  o.root = tree.root();
  o.nvml = lib;
  o.pids = {4242, 4300};
  p::ProcessScan scan(o);
  const auto r = scan.sample_at(1'000'000'000);
  // 4242: its amdgpu client and its NVML compute context, two rows.
  ASSERT_EQ(r.processes.size(), 3u);
  EXPECT_EQ(r.processes[0].device, "0000:03:00.0");
  const auto& nv = r.processes[1];
  EXPECT_EQ(nv.pid, 4242);
  EXPECT_EQ(nv.device, "0000:65:00.0");
  EXPECT_EQ(nv.driver, "nvidia");
  EXPECT_EQ(nv.nvml_index, 0u);
  EXPECT_EQ(nv.nvml_kind, "compute");
  EXPECT_EQ(nv.gpu_memory_bytes, 2ull << 30);
  EXPECT_DOUBLE_EQ(*nv.sm_util_pct, 85.0);
  EXPECT_EQ(nv.command, "python3 train.py --epochs 3");
  ASSERT_TRUE(nv.host);
  EXPECT_EQ(nv.host->threads.size(), 3u);
  EXPECT_FALSE(nv.host->device_numa_node);  // the fake GPU has no sysfs entry here
  // 4300 is not in this /proc (another PID namespace, say): no host side, says why.
  const auto& other = r.processes[2];
  EXPECT_EQ(other.pid, 4300);
  EXPECT_FALSE(other.gpu_memory_bytes);
  EXPECT_TRUE(other.unavailable.count("gpu_memory_bytes"));
  EXPECT_FALSE(other.host);
  EXPECT_TRUE(other.unavailable.count("host"));
  // Both NVML GPUs are devices; only the wanted pids are listed.
  ASSERT_EQ(r.devices.size(), 3u);  // 0000:03:00.0 (DRM), 0000:65:00.0, 0000:b3:00.0
  EXPECT_EQ(r.devices[1].device, "0000:65:00.0");
  EXPECT_EQ(r.devices[1].pids, (std::vector<std::int64_t>{4242, 4300}));
  EXPECT_TRUE(r.devices[2].pids.empty());
  // GPU 1's refusals are reported per source.
  EXPECT_EQ(r.unavailable.at("nvml:0000:b3:00.0:process_utilization").status,
            p::Status::permission_denied);
}
