// The DRM fdinfo parser and busy arithmetic (probes/DrmFdinfo.hpp), the
// cpulist parser and stat's processor field: pure functions on texts in the
// formats of Documentation/gpu/drm-usage-stats.rst and proc(5).
#include <gtest/gtest.h>

#include "probes/DrmFdinfo.hpp"
#include "probes/NumaNodes.hpp"
#include "probes/ProcessProbes.hpp"

namespace p = clscope::probes;

namespace {

constexpr const char* kAmdgpu =
    "pos:\t0\nflags:\t02100002\nmnt_id:\t24\nino:\t1077\n"
    "drm-driver:\tamdgpu\ndrm-client-id:\t17\ndrm-pdev:\t0000:03:00.0\npasid:\t32771\n"
    "drm-total-gtt:\t6144 KiB\ndrm-resident-gtt:\t6144 KiB\n"
    "drm-total-vram:\t2097152 KiB\ndrm-shared-vram:\t0\ndrm-resident-vram:\t2097152 KiB\n"
    "drm-memory-vram:\t2097152 KiB\ndrm-memory-cpu: \t0 KiB\n"
    "amd-memory-visible-vram:\t1048576 KiB\n"
    "drm-engine-gfx:\t1234567890 ns\ndrm-engine-compute:\t9876543210 ns\n";

constexpr const char* kXe =
    "drm-driver:\txe\ndrm-client-id:\t7\ndrm-pdev:\t0000:04:00.0\n"
    "drm-total-vram0:\t1 GiB\ndrm-active-vram0:\t3 MiB\ndrm-purgeable-vram0:\t4096\n"
    "drm-cycles-ccs:\t120000000\ndrm-total-cycles-ccs:\t7655183225\ndrm-engine-capacity-ccs:\t4\n"
    "drm-engine-capacity-vecs:\t2\n";

}  // namespace

TEST(DrmFdinfo, ParsesAmdgpuKeysAndUnits) {
  const auto info = p::parse_drm_fdinfo(kAmdgpu);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->driver, "amdgpu");
  EXPECT_EQ(info->pdev, "0000:03:00.0");
  EXPECT_EQ(info->client_id, 17u);
  ASSERT_EQ(info->engines.size(), 2u);
  EXPECT_EQ(info->engines.at("gfx").busy_ns, 1234567890u);
  EXPECT_EQ(info->engines.at("compute").busy_ns, 9876543210u);
  EXPECT_EQ(info->engines.at("compute").capacity, 1u);
  const auto& vram = info->memory.at("vram");
  EXPECT_EQ(vram.region, "vram");
  EXPECT_EQ(vram.total_bytes, 2097152ull * 1024);
  EXPECT_EQ(vram.resident_bytes, 2097152ull * 1024);
  EXPECT_EQ(vram.shared_bytes, 0u);
  EXPECT_FALSE(vram.purgeable_bytes);  // not printed: unknown, not zero
  EXPECT_EQ(info->memory.at("cpu").resident_bytes, 0u);  // legacy drm-memory-* = resident
  EXPECT_EQ(info->memory.at("gtt").total_bytes, 6144u * 1024);
  EXPECT_FALSE(info->memory.count("visible-vram"));  // amd-* keys are driver private
}

TEST(DrmFdinfo, ParsesXeCyclesCapacityAndGiB) {
  const auto info = p::parse_drm_fdinfo(kXe);
  ASSERT_TRUE(info);
  const auto& ccs = info->engines.at("ccs");
  EXPECT_EQ(ccs.cycles, 120000000u);
  EXPECT_EQ(ccs.total_cycles, 7655183225u);
  EXPECT_EQ(ccs.capacity, 4u);
  EXPECT_FALSE(ccs.busy_ns);
  EXPECT_FALSE(info->engines.count("vecs"));  // a capacity alone is no reading
  EXPECT_EQ(info->memory.at("vram0").total_bytes, 1ull << 30);
  EXPECT_EQ(info->memory.at("vram0").active_bytes, 3ull << 20);
  EXPECT_EQ(info->memory.at("vram0").purgeable_bytes, 4096u);
}

TEST(DrmFdinfo, NotADrmClientWithoutDriver) {
  EXPECT_FALSE(p::parse_drm_fdinfo("pos:\t0\nflags:\t0100002\nmnt_id:\t24\n"));
  EXPECT_FALSE(p::parse_drm_fdinfo(""));
  EXPECT_FALSE(p::parse_drm_fdinfo("drm-driver:\t\n"));
}

TEST(DrmFdinfo, MalformedValuesAreSkippedNotZero) {
  const auto info = p::parse_drm_fdinfo(
      "drm-driver: i915\ndrm-client-id: x\ndrm-engine-render: 12 ms\ndrm-engine-copy: -5 ns\n"
      "drm-engine-video: 99999999999999999999999 ns\ndrm-total-system0: 5 TiB\n"
      "drm-engine-capacity-video: 0\ndrm engine-bad: 1 ns\ndrm-engine-ok:7 ns");
  ASSERT_TRUE(info);
  EXPECT_FALSE(info->client_id);
  EXPECT_EQ(info->engines.size(), 1u);
  EXPECT_EQ(info->engines.at("ok").busy_ns, 7u);
  EXPECT_TRUE(info->memory.empty());
}

TEST(DrmFdinfo, Bytes) {
  EXPECT_EQ(p::parse_drm_bytes("0"), 0u);
  EXPECT_EQ(p::parse_drm_bytes("12 KiB"), 12u * 1024);
  EXPECT_EQ(p::parse_drm_bytes("3 MiB"), 3u << 20);
  EXPECT_EQ(p::parse_drm_bytes("2 GiB"), 2ull << 30);
  EXPECT_EQ(p::parse_drm_bytes("17 B"), 17u);
  EXPECT_FALSE(p::parse_drm_bytes("12 kB"));
  EXPECT_FALSE(p::parse_drm_bytes("KiB"));
  EXPECT_FALSE(p::parse_drm_bytes("1 KiB extra"));
  EXPECT_FALSE(p::parse_drm_bytes("18446744073709551615 KiB"));  // overflow
}

TEST(DrmFdinfo, BusyFromNanosecondsOverWallAndCapacity) {
  p::DrmEngineCounters a, b;
  a.busy_ns = 1'000'000'000;
  b.busy_ns = 1'500'000'000;
  EXPECT_DOUBLE_EQ(*p::drm_busy_fraction(a, b, 1'000'000'000), 0.5);
  b.capacity = 2;
  EXPECT_DOUBLE_EQ(*p::drm_busy_fraction(a, b, 1'000'000'000), 0.25);
  b.capacity = 1;
  EXPECT_DOUBLE_EQ(*p::drm_busy_fraction(a, b, 400'000'000), 1.0);  // clamped
  EXPECT_FALSE(p::drm_busy_fraction(a, b, 0));
  EXPECT_FALSE(p::drm_busy_fraction(b, a, 1'000'000'000));  // went backwards
  EXPECT_FALSE(p::drm_busy_fraction(p::DrmEngineCounters{}, b, 1'000'000'000));
}

TEST(DrmFdinfo, BusyFromCyclesIgnoresWallTime) {
  p::DrmEngineCounters a, b;
  a.cycles = 100;
  a.total_cycles = 1000;
  b.cycles = 100 + 9'600'000;
  b.total_cycles = 1000 + 19'200'000;
  b.capacity = 1;
  EXPECT_DOUBLE_EQ(*p::drm_busy_fraction(a, b, 1), 0.5);
  b.capacity = 4;
  EXPECT_DOUBLE_EQ(*p::drm_busy_fraction(a, b, 1), 0.125);
  b.total_cycles = a.total_cycles;  // GPU clock did not move
  EXPECT_FALSE(p::drm_busy_fraction(a, b, 1));
}

TEST(NumaNodes, Cpulist) {
  EXPECT_EQ(*p::parse_cpulist("0-3,8,10-11\n"), (std::vector<int>{0, 1, 2, 3, 8, 10, 11}));
  EXPECT_TRUE(p::parse_cpulist("")->empty());
  EXPECT_FALSE(p::parse_cpulist("3-1"));
  EXPECT_FALSE(p::parse_cpulist("0-99999999"));
  EXPECT_FALSE(p::parse_cpulist("a"));
}

TEST(ProcStat, ProcessorField) {
  const auto st = p::parse_proc_stat(
      "4250 (cl:submit) R 1 4250 4250 0 -1 4194368 1200 0 0 0 4000 300 0 0 20 0 1 0 5000 "
      "1000000000 25000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3 0 0 0 0 0");
  ASSERT_TRUE(st);
  EXPECT_EQ(st->processor, 3);
  EXPECT_EQ(st->state, 'R');
  // A short line (old kernel) parses without it.
  const auto old = p::parse_proc_stat(
      "1 (init) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 9 1000 200");
  ASSERT_TRUE(old);
  EXPECT_FALSE(old->processor);
}
