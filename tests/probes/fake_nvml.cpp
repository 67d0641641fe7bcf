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
