// A stand-in for libnvidia-ml.so, built as a shared library by the tests and
// loaded through the real dlopen path. It exports the entry points clscope
// looks up, with deliberate gaps:
//   - nvmlDeviceGetTotalEnergyConsumption is missing (energy unavailable);
//   - nvmlDeviceGetCurrentClocksEventReasons is missing, only the older
//     nvmlDeviceGetCurrentClocksThrottleReasons exists (fallback path);
//   - nvmlDeviceGetTemperatureV is missing (fallback to nvmlDeviceGetTemperature);
//   - nvmlDeviceGetPowerUsage returns NVML_ERROR_NOT_SUPPORTED (3);
//   - nvmlDeviceGetPcieThroughput returns NVML_ERROR_NO_PERMISSION (4) for RX.
// fake_nvml_set_init_result() lets a test make nvmlInit fail.
// Processes (GPU 0, the "H100"): compute 4242 (2 GiB), 4300 (memory "not
// available"), 4301 (512 MiB) through nvmlDeviceGetComputeRunningProcesses_v3,
// whose entry size is 32 bytes (R535-R545 layout) unless
// fake_nvml_set_v3_entry_bytes(24) selects the R550+ / R470 layout; graphics
// 4301 (256 MiB) and 900 (Xorg, 64 MiB) through ..._v2 (24 bytes, the _v3
// graphics symbol is missing). nvmlDeviceGetProcessUtilization gives two
// samples of 4242 (SM 80 and 90 %) and one of 4301, then NOT_FOUND once the
// caller's lastSeenTimeStamp has passed them. GPU 1 (the "L4"): no compute
// process, graphics NOT_SUPPORTED, process utilisation NO_PERMISSION.
#include <cstdio>
#include <cstring>

namespace {

struct Device {
  unsigned domain, bus, device;
  const char* name;
};
constexpr Device kDevices[] = {{0, 0x65, 0, "NVIDIA Fake H100"}, {0, 0xb3, 0, "NVIDIA Fake L4"}};
constexpr unsigned kCount = 2;

int g_init_result = 0;
unsigned g_v3_entry_bytes = 32;
int g_init_calls = 0;
int g_shutdown_calls = 0;

struct PciInfo {
  char bus_id_legacy[16];
  unsigned domain, bus, device, pci_device_id, pci_subsystem_id;
  char bus_id[32];
};
struct Utilization {
  unsigned gpu, memory;
};
struct Memory {
  unsigned long long total, free, used;
};

const Device* dev_of(void* handle) {
  for (const auto& d : kDevices) {
    if (handle == static_cast<const void*>(&d)) return &d;
  }
  return nullptr;
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) void fake_nvml_set_init_result(int r) { g_init_result = r; }
__attribute__((visibility("default"))) int fake_nvml_init_calls() { return g_init_calls; }
__attribute__((visibility("default"))) int fake_nvml_shutdown_calls() { return g_shutdown_calls; }

__attribute__((visibility("default"))) void fake_nvml_set_v3_entry_bytes(unsigned n) {
  g_v3_entry_bytes = n;
}

__attribute__((visibility("default"))) int nvmlInit_v2() {
  ++g_init_calls;
  return g_init_result;
}
__attribute__((visibility("default"))) int nvmlShutdown() {
  ++g_shutdown_calls;
  return 0;
}
__attribute__((visibility("default"))) const char* nvmlErrorString(int r) {
  switch (r) {
    case 3: return "Not Supported";
    case 4: return "Insufficient Permissions";
    case 9: return "Driver Not Loaded";
    default: return "Unknown Error";
  }
}
__attribute__((visibility("default"))) int nvmlDeviceGetCount_v2(unsigned* n) {
  *n = kCount;
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetHandleByIndex_v2(unsigned i, void** h) {
  if (i >= kCount) return 2;
  *h = const_cast<Device*>(&kDevices[i]);
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetHandleByPciBusId_v2(const char* id, void** h) {
  for (const auto& d : kDevices) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04x:%02x:%02x.0", d.domain, d.bus, d.device);
    if (std::strcmp(buf, id) == 0) {
      *h = const_cast<Device*>(&d);
      return 0;
    }
  }
  return 6;  // NOT_FOUND
}
__attribute__((visibility("default"))) int nvmlDeviceGetPciInfo_v3(void* h, PciInfo* p) {
  const Device* d = dev_of(h);
  if (!d) return 2;
  std::memset(p, 0, sizeof *p);
  p->domain = d->domain;
  p->bus = d->bus;
  p->device = d->device;
  std::snprintf(p->bus_id, sizeof p->bus_id, "%08X:%02X:%02X.0", d->domain, d->bus, d->device);
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetName(void* h, char* out, unsigned len) {
  const Device* d = dev_of(h);
  if (!d) return 2;
  std::snprintf(out, len, "%s", d->name);
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetClockInfo(void* h, int type, unsigned* mhz) {
  if (!dev_of(h)) return 2;
  if (type == 0) *mhz = 1410;       // graphics
  else if (type == 2) *mhz = 1593;  // memory
  else return 3;
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetMaxClockInfo(void* h, int type, unsigned* mhz) {
  if (!dev_of(h)) return 2;
  if (type == 0) *mhz = 1980;
  else if (type == 2) *mhz = 2619;
  else return 3;
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetTemperature(void* h, int sensor, unsigned* c) {
  if (!dev_of(h) || sensor != 0) return 2;
  *c = 67;
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetPowerUsage(void*, unsigned*) { return 3; }
__attribute__((visibility("default"))) int nvmlDeviceGetEnforcedPowerLimit(void* h, unsigned* mw) {
  if (!dev_of(h)) return 2;
  *mw = 350000;
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetUtilizationRates(void* h, Utilization* u) {
  if (!dev_of(h)) return 2;
  u->gpu = 87;
  u->memory = 41;
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetCurrentClocksThrottleReasons(
    void* h, unsigned long long* bits) {
  if (!dev_of(h)) return 2;
  *bits = 0x4 | 0x40;  // SwPowerCap | HwThermalSlowdown
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetCurrPcieLinkGeneration(void* h, unsigned* g) {
  if (!dev_of(h)) return 2;
  *g = 4;
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetCurrPcieLinkWidth(void* h, unsigned* w) {
  if (!dev_of(h)) return 2;
  *w = 8;
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetMaxPcieLinkGeneration(void* h, unsigned* g) {
  if (!dev_of(h)) return 2;
  *g = 5;
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetMaxPcieLinkWidth(void* h, unsigned* w) {
  if (!dev_of(h)) return 2;
  *w = 16;
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetPcieThroughput(void* h, int counter,
                                                                       unsigned* kbps) {
  if (!dev_of(h)) return 2;
  if (counter == 1) return 4;  // RX: NO_PERMISSION
  *kbps = 2048000;             // TX: 2048000 KB/s
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetMemoryInfo(void* h, Memory* m) {
  if (!dev_of(h)) return 2;
  m->total = 85899345920ULL;  // 80 GiB
  m->used = 1073741824ULL;    // 1 GiB
  m->free = m->total - m->used;
  return 0;
}

}  // extern "C"

namespace {

struct FakeProcess {
  unsigned pid;
  unsigned long long used;
};

// Writes `procs` as entries of `entry_bytes` (16, 24 or 32), NVML style:
// *count in = capacity; out = entries there are.
int write_processes(const FakeProcess* procs, unsigned n, unsigned entry_bytes, unsigned* count,
                    void* infos) {
  if (*count < n || (!infos && n > 0)) {
    *count = n;
    return n == 0 ? 0 : 7;  // INSUFFICIENT_SIZE
  }
  *count = n;
  auto* out = static_cast<unsigned char*>(infos);
  for (unsigned i = 0; i < n; ++i) {
    unsigned char* e = out + static_cast<std::size_t>(i) * entry_bytes;
    std::memcpy(e, &procs[i].pid, 4);
    std::memset(e + 4, 0, 4);
    std::memcpy(e + 8, &procs[i].used, 8);
    if (entry_bytes >= 24) {
      const unsigned invalid = 0xFFFFFFFFu;  // no MIG: gpu/compute instance ids invalid
      std::memcpy(e + 16, &invalid, 4);
      std::memcpy(e + 20, &invalid, 4);
    }
    if (entry_bytes >= 32) std::memset(e + 24, 0, 8);  // usedGpuCcProtectedMemory
  }
  return 0;
}

constexpr FakeProcess kCompute[] = {
    {4242, 2147483648ULL}, {4300, ~0ULL}, {4301, 536870912ULL}};
constexpr FakeProcess kGraphics[] = {{4301, 268435456ULL}, {900, 67108864ULL}};

struct UtilSample {
  unsigned pid;
  unsigned long long ts_us;
  unsigned sm, mem, enc, dec;
};
constexpr UtilSample kUtil[] = {
    {4242, 1000, 80, 40, 0, 0}, {4242, 2000, 90, 50, 0, 0}, {4301, 1500, 10, 5, 20, 30}};

}  // namespace

extern "C" {

__attribute__((visibility("default"))) int nvmlDeviceGetComputeRunningProcesses_v3(
    void* h, unsigned* count, void* infos) {
  const Device* d = dev_of(h);
  if (!d) return 2;
  if (d != &kDevices[0]) return write_processes(nullptr, 0, g_v3_entry_bytes, count, infos);
  return write_processes(kCompute, 3, g_v3_entry_bytes, count, infos);
}
__attribute__((visibility("default"))) int nvmlDeviceGetGraphicsRunningProcesses_v2(
    void* h, unsigned* count, void* infos) {
  const Device* d = dev_of(h);
  if (!d) return 2;
  if (d != &kDevices[0]) return 3;  // NOT_SUPPORTED
  return write_processes(kGraphics, 2, 24, count, infos);
}
__attribute__((visibility("default"))) int nvmlDeviceGetProcessUtilization(
    void* h, UtilSample* out, unsigned* count, unsigned long long last_seen_us) {
  const Device* d = dev_of(h);
  if (!d) return 2;
  if (d != &kDevices[0]) return 4;  // NO_PERMISSION
  unsigned n = 0;
  for (const auto& s : kUtil) n += s.ts_us > last_seen_us ? 1 : 0;
  if (n == 0) return 6;  // NOT_FOUND: nothing since last_seen
  if (!out || *count < n) {
    *count = n;
    return 7;
  }
  unsigned i = 0;
  for (const auto& s : kUtil)
    if (s.ts_us > last_seen_us) out[i++] = s;
  *count = n;
  return 0;
}

}  // extern "C"
