#include "DemoModel.hpp"

#include <algorithm>
#include <cmath>

#include "tui/Format.hpp"

namespace clscope::tui::demo {

namespace {

struct Spec {
  const char* name;
  const char* kind;
  const char* unit;
  double ceiling;
  double steady_at_s;
};

constexpr Spec kSpecs[3] = {
    {"triad", "stream", "GB/s", 27.5, 12},
    {"tiny-kernels", "launch", "launch/s", 20000, 8},
    {"infer", "requests", "req/s", 900, 15},
};

double value_at(std::size_t w, double t) {
  switch (w) {
    case 0:
      return 26.0 * (1 - std::exp(-t / 4.0)) + 0.4 * std::sin(t * 1.3);
    case 1:
      if (t >= 25) return 6500 + 150 * std::sin(t * 0.7);
      return 9000 * (1 - std::exp(-t / 2.5)) + 120 * std::sin(t * 0.9);
    default:
      if (t >= 40) return 150 + 10 * std::sin(t);
      return 480 * (1 - std::exp(-t / 5.0)) + 12 * std::sin(t * 0.5);
  }
}

std::string verdict_at(std::size_t w, double t) {
  if (t < 6) return "unknown";
  switch (w) {
    case 0: return t >= 30 ? "throttled" : "memory-bound";
    case 1: return t >= 25 ? "launch-bound" : "latency-bound";
    default: return t >= 40 ? "starved" : "compute-bound";
  }
}

std::string phase_at(std::size_t w, double t) {
  const double steady = kSpecs[w].steady_at_s;
  if (t < steady) return "warming";
  if (w == 1 && t >= 25) return t >= 31 ? "shifted" : "unsettled";
  if (w == 2 && t >= 40) return "unsettled";
  return "steady";
}

}  // namespace

bool running_at(const DemoState& s, std::size_t w, double t_s) {
  bool running = true;
  if (w >= s.toggles.size()) return running;
  for (double at : s.toggles[w])
    if (at <= t_s) running = !running;
  return running;
}

DashboardModel demo_model(const DemoState& s) {
  DashboardModel m;
  const double t = s.t_s;
  m.header.host = "node17";
  m.header.device = "Demo GPU (synthetic)";
  m.header.platform = "Demo OpenCL 3.0 / driver 1.2.3";
  m.header.uptime_s = t;
  if (s.replay)
    m.header.mode = std::string(s.paused ? "replay paused " : "replay ") + format_short(s.replay_speed) + "x";
  else if (t < 2)
    m.header.mode = "compiling kernels " + std::to_string(1 + static_cast<int>(t * 1.5)) + "/3";
  else if (t < 4)
    m.header.mode = "calibrating " + std::to_string(static_cast<int>((t - 2) * 50)) + "%";
  else
    m.header.mode = s.paused ? "paused" : "running";

  const double clock_mhz = t >= 30 ? 1410 + 20 * std::sin(t) : 1755 + 15 * std::sin(t * 0.3);
  m.device.metrics = {
      {"Core clock", clock_mhz, 1980, "MHz", "", ""},
      {"Mem clock", std::nullopt, std::nullopt, "MHz", "not reported by this driver", ""},
      {"Temperature", 58 + 10 * (1 - std::exp(-t / 20)), std::nullopt, "°C", "", ""},
      {"Power", t >= 30 ? 349.0 : 285 + 5 * std::sin(t), 350, "W", "", ""},
      {"Utilisation", std::nullopt, std::nullopt, "%", "no vendor utilisation counter (no NVML)", ""},
      {"PCIe link", std::nullopt, std::nullopt, "", "", "Gen3 x16 (max Gen4 x16)"},
      {"PCIe rx", 1234, std::nullopt, "MB/s", "", ""},
      {"PCIe tx", std::nullopt, std::nullopt, "MB/s", "PCIe throughput counters need root", ""},
  };
  if (t >= 30)
    m.device.throttle_reasons = std::vector<std::string>{"power cap"};
  else
    m.device.throttle_reasons = std::vector<std::string>{};

  const double t0 = s.stats_reset_s;
  for (std::size_t w = 0; w < 3; ++w) {
    const Spec& spec = kSpecs[w];
    WorkloadRow row;
    row.name = spec.name;
    row.kind = spec.kind;
    row.unit = spec.unit;
    row.running = running_at(s, w, t);
    for (double pt = std::floor(t0) + 1; pt <= t; pt += 1) {
      HistoryPoint hp;
      hp.t_s = pt;
      if (running_at(s, w, pt)) {
        hp.value = value_at(w, pt);
        hp.verdict = verdict_at(w, pt);
      }
      row.history.points.push_back(hp);
    }
    if (t >= spec.steady_at_s && spec.steady_at_s > t0) row.history.steady_at_s = spec.steady_at_s;
    if (row.running && t >= 1) {
      row.phase = phase_at(w, t);
      row.value = value_at(w, t);
      row.pct_of_ceiling = *row.value / spec.ceiling * 100;
      row.verdict = verdict_at(w, t);
      row.verdict_off_gpu = row.verdict == "launch-bound" || row.verdict == "starved";
      row.device_busy_pct = w == 1 && t >= 25 ? 42.0 : w == 2 && t >= 40 ? 17.0 : 96.5;
      row.dispatch_us = w == 1 ? 52.0 : 48.0;
      row.host_api_pct = w == 1 ? 61.0 : 3.2;
      if (w == 2) row.p99_ms = t >= 40 ? 4.1 : 12.3;
    }
    m.workloads.push_back(std::move(row));
  }

  for (double pt = std::floor(t0) + 1; pt <= t; pt += 1) {
    m.clock_history.points.push_back({pt, pt >= 30 ? 1410 + 20 * std::sin(pt) : 1755 + 15 * std::sin(pt * 0.3)});
    m.host_cpu_history.points.push_back({pt, 35 + 20 * std::sin(pt * 0.2) + (pt >= 25 ? 30 : 0)});
  }
  m.clock_history.label = "Core clock";
  m.clock_history.unit = "MHz";
  m.clock_history.max = 1980;
  m.host_cpu_history.label = "Host CPU";
  m.host_cpu_history.unit = "%";
  m.host_cpu_history.max = 100;

  auto add = [&](double at, const char* type, const char* wl, std::string text, bool off) {
    if (at <= t && at >= t0) m.events.push_back({at, type, wl, std::move(text), off, false});
  };
  add(6, "bottleneck-shift", "triad", "unknown -> memory-bound: 94% of the memory ceiling, device busy 97%", false);
  add(8, "steady-state", "tiny-kernels", "steady at 9.0k launch/s (warm-up 8 s excluded)", false);
  add(12, "steady-state", "triad", "steady at 26.0 GB/s, 95% of the measured ceiling", false);
  add(15, "steady-state", "infer", "steady at 480 req/s, p99 12.3 ms", false);
  add(25, "bottleneck-shift", "tiny-kernels",
      "latency-bound -> launch-bound: device idle 58% between kernels, dispatch 52us vs kernel 31us", true);
  add(30, "bottleneck-shift", "triad", "memory-bound -> throttled: clock 1410/1980 MHz, power at limit", false);
  add(31, "regime-shift", "tiny-kernels", "level moved 9.0k -> 6.5k launch/s", false);
  add(40, "bottleneck-shift", "infer", "compute-bound -> starved: arrivals 150/s below capacity 480/s, busy 17%", true);
  for (std::size_t i = 0; i < s.markers.size(); ++i)
    add(s.markers[i], "marker", "", "marker " + std::to_string(i + 1), false);
  std::stable_sort(m.events.begin(), m.events.end(),
                   [](const EventEntry& a, const EventEntry& b) { return a.t_s < b.t_s; });

  m.topology.path = std::vector<PathNode>{
      {"Package 0", "", false},
      {"NUMA node 0 (cpus 0-15)", "", false},
      {"bridge 0000:00:01.0", "16 GT/s x16", false},
      {"switch 0000:01:00.0", "16 GT/s x16", false},
      {"device 0000:03:00.0 Demo GPU", "8 GT/s x16", true},
  };
  m.topology.bindings = std::vector<ThreadBinding>{
      {"triad submit", "0-15"}, {"tiny-kernels submit", "0-15"}, {"infer submit", "0-15"},
      {"tbb arena (4 workers)", "0-15"}, {"probe sampler", "unbound"}};
  m.device_details = {
      {"Name", "Demo GPU (synthetic)"},  {"Vendor", "Demo Corp"},
      {"Driver version", "1.2.3"},       {"Device version", "OpenCL 3.0"},
      {"OpenCL C version", "OpenCL C 1.2"}, {"Compute units", "132"},
      {"Max clock", "1980 MHz"},         {"Global memory", "80.0 GiB"},
      {"Local memory", "48 KiB"},        {"Max work-group size", "1024"},
      {"PCI bus id", "0000:03:00.0"},    {"Spec memory bandwidth", "3350 GB/s (estimate, from spec)"},
  };
  m.processes = demo_processes();
  return m;
}

ProcessesInfo demo_processes() {
  ProcessesInfo p;
  p.scope = "Users of Demo GPU (0000:03:00.0), scanned every 1 s";
  p.show_who = true;
  ProcessEntry self;
  self.pid = 4242;
  self.command = "clscope --config demo.toml";
  self.device_pct = 71.5;
  self.device_mem_bytes = 6.5 * 1024 * 1024 * 1024;
  self.cpu_pct = 104;
  self.threads = 9;
  self.busiest_thread = "cl:triad";
  self.busiest_thread_pct = 62;
  self.states = "R2 S7";
  self.numa_nodes = "0";
  self.device_numa_node = 0;
  self.this_run = true;
  ProcessEntry other;
  other.pid = 31337;
  other.command = "python3 train.py --epochs 90 --batch-size 512 --data /scratch/imagenet";
  other.device_pct = 23;
  other.device_mem_bytes = 41.2 * 1024 * 1024 * 1024;
  other.cpu_pct = 97.5;
  other.threads = 24;
  other.busiest_thread = "python3";
  other.busiest_thread_pct = 96;
  other.states = "R1 S22 D1";
  other.numa_nodes = "0,1";
  other.device_numa_node = 0;
  other.off_device_node = true;
  other.other_user = true;
  ProcessEntry idle;
  idle.pid = 977;
  idle.command = "Xorg :0";
  idle.device_pct_reason = "the driver reports no engine counters";
  idle.device_mem_reason = "the driver reports no memory per client";
  idle.cpu_pct = 0.4;
  idle.threads = 3;
  idle.busiest_thread = "Xorg";
  idle.busiest_thread_pct = 0.4;
  idle.states = "S3";
  idle.numa_nodes = "0";
  idle.device_numa_node = 0;
  idle.other_user = true;
  p.rows = {idle, other, self};
  p.notes = {"12 processes not readable (1, 2, 3, 4, 5, ...): permission denied: run as root"};
  return p;
}

}  // namespace clscope::tui::demo
