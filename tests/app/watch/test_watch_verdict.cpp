// The verdict of a watched process (app/watch/WatchVerdict) over hand-made
// evidence, the evidence built from probe values (WatchEvidence), and the
// recorded window that report re-classifies to the same verdict.
#include <gtest/gtest.h>

#include "app/watch/WatchEvidence.hpp"
#include "app/watch/WatchVerdict.hpp"
#include "core/Classifier.hpp"

namespace w = clscope::app::watch;
using clscope::core::Verdict;

namespace {

w::WatchEvidence ev(std::optional<double> busy, std::optional<double> hottest) {
  w::WatchEvidence e;
  e.device_busy = busy;
  e.hottest_thread_pct = hottest;
  e.hottest_tid = 42;
  e.hottest_name = "submit";
  e.thread_states = {{'R', 1}, {'S', 3}};
  return e;
}

struct Row {
  const char* name;
  w::WatchEvidence e;
  Verdict expected;
};

std::vector<Row> rows() {
  std::vector<Row> r;
  r.push_back({"busy device", ev(0.95, 5.0), Verdict::device_bound});
  r.push_back({"busy at the threshold", ev(0.60, 99.0), Verdict::device_bound});
  r.push_back({"idle device, saturated thread", ev(0.10, 99.0), Verdict::host_bound});
  r.push_back({"idle device, thread just saturated", ev(0.40, 90.0), Verdict::host_bound});
  r.push_back({"idle device, idle process", ev(0.02, 1.0), Verdict::starved});
  r.push_back({"idle device, process half busy", ev(0.25, 49.0), Verdict::starved});
  r.push_back({"partly busy device", ev(0.45, 20.0), Verdict::unknown});
  r.push_back({"idle device, process 70% busy", ev(0.05, 70.0), Verdict::unknown});
  r.push_back({"no busy reading", ev(std::nullopt, 99.0), Verdict::unknown});
  r.push_back({"no thread reading", ev(0.05, std::nullopt), Verdict::unknown});
  {
    auto e = ev(0.90, 5.0);
    e.throttle_reasons = {"sw_power_cap"};
    e.clock_ratio = 0.6;
    r.push_back({"throttled", e, Verdict::throttled});
    e.clock_ratio = 0.97;
    r.push_back({"throttle bit but clock at max", e, Verdict::device_bound});
    e.clock_ratio = 0.6;
    e.throttle_reasons = {"gpu_idle"};
    r.push_back({"benign reason only", e, Verdict::device_bound});
  }
  {
    auto e = ev(0.10, 30.0);
    e.pcie_fraction = 0.85;
    r.push_back({"PCIe near the link rate", e, Verdict::transfer_bound});
    e.pcie_fraction = 0.2;
    r.push_back({"PCIe low", e, Verdict::starved});
  }
  return r;
}

}  // namespace

TEST(WatchVerdict, Table) {
  for (const auto& row : rows()) {
    const auto v = w::decide(row.e);
    EXPECT_EQ(v.verdict, row.expected) << row.name << ": " << v.why;
    EXPECT_GE(v.confidence, 0.0) << row.name;
    EXPECT_LE(v.confidence, 1.0) << row.name;
    if (v.verdict != Verdict::unknown) {
      EXPECT_GE(v.confidence, 0.4) << row.name;
    }
    EXPECT_FALSE(v.why.empty()) << row.name;
  }
}

TEST(WatchVerdict, WhyCarriesTheEvidence) {
  auto e = ev(0.10, 99.0);
  e.busy_is_estimate = true;
  const auto v = w::decide(e);
  EXPECT_NE(v.why.find("device busy 10% (estimate)"), std::string::npos) << v.why;
  EXPECT_NE(v.why.find("submit (42) 99%"), std::string::npos) << v.why;
  EXPECT_NE(v.why.find("1R 3S"), std::string::npos) << v.why;
  const auto j = w::evidence_json(e);
  EXPECT_DOUBLE_EQ(j["device_busy"].get<double>(), 0.10);
  EXPECT_EQ(j["thread_states"]["S"], 3);
  EXPECT_TRUE(j["pcie_fraction"].is_null());  // not read: null, never 0
}

TEST(WatchVerdict, RecordedWindowClassifiesTheSameForTheMainVerdicts) {
  // report recomputes verdicts from the recorded windows with the run's
  // classifier: away from the thresholds it must agree with watch.
  for (const auto& [e, expected] :
       std::vector<std::pair<w::WatchEvidence, Verdict>>{{ev(0.95, 5.0), Verdict::device_bound},
                                                          {ev(0.05, 99.0), Verdict::host_bound},
                                                          {ev(0.02, 2.0), Verdict::starved},
                                                          {ev(0.0, 0.0), Verdict::starved}}) {
    ASSERT_EQ(w::decide(e).verdict, expected);
    const auto win = w::window_for(e, 0, 1.0, 2.0);
    EXPECT_EQ(win.iterations, 1u);
    EXPECT_EQ(win.span_ns, 1'000'000'000);
    const auto r = clscope::core::classify(win, clscope::core::Metric::launches_per_s, {});
    EXPECT_EQ(r.verdict, expected) << r.why;
  }
}

namespace {
clscope::probes::ThreadUse thread(std::int64_t tid, const char* name, char state,
                                  std::optional<double> cpu) {
  clscope::probes::ThreadUse t;
  t.tid = tid;
  t.name = name;
  t.state = state;
  t.cpu_pct = cpu;
  return t;
}
}  // namespace

TEST(WatchEvidence, CpuDeviceBusyIsThePoclWorkersCpuOverCores) {
  clscope::probes::ProcessDeviceUse u;
  u.pid = 100;
  u.host.emplace();
  u.host->threads = {thread(100, "clscope", 'S', 1.0), thread(101, "cl:compute", 'S', 4.0),
                     thread(102, "pocl-worker", 'R', 95.0), thread(103, "pocl-worker", 'R', 85.0)};
  const w::CpuDevice cpu{"cpu-haswell", 2};
  const auto e = w::evidence_for(u, &cpu, nullptr);
  ASSERT_TRUE(e.device_busy);
  EXPECT_NEAR(*e.device_busy, 0.90, 1e-9);  // (95 + 85) / 200
  EXPECT_TRUE(e.busy_is_estimate);
  EXPECT_NE(e.busy_source.find("pocl"), std::string::npos);
  EXPECT_EQ(e.hottest_tid, 101);  // workers are the device, not the host
  EXPECT_NEAR(*e.process_cpu_pct, 185.0, 1e-9);
  EXPECT_EQ(e.thread_states.at('R'), 2);
  EXPECT_EQ(w::decide(e).verdict, Verdict::device_bound);
}

TEST(WatchEvidence, CpuDeviceWithoutNamedWorkersCountsAllButTheMainThread) {
  clscope::probes::ProcessDeviceUse u;
  u.pid = 200;
  u.host.emplace();
  u.host->threads = {thread(200, "app", 'R', 99.0), thread(201, "helper", 'S', 3.0),
                     thread(202, "helper", 'S', 1.0)};
  const w::CpuDevice cpu{"cpu", 4};
  const auto e = w::evidence_for(u, &cpu, nullptr);
  EXPECT_NEAR(*e.device_busy, 0.01, 1e-9);
  EXPECT_EQ(e.hottest_tid, 200);
  EXPECT_NE(e.busy_source.find("main"), std::string::npos);
  EXPECT_EQ(w::decide(e).verdict, Verdict::host_bound);
}

TEST(WatchEvidence, CpuDeviceCountsRunQueueWaitOfWorkers) {
  // Two workers that want their cores all the time but get a third of them
  // (other load): the device is busy, not starved.
  clscope::probes::ProcessDeviceUse u;
  u.pid = 500;
  u.host.emplace();
  u.host->threads = {thread(500, "app", 'S', 0.5), thread(501, "app", 'R', 33.0),
                     thread(502, "app", 'R', 30.0)};
  u.host->threads[1].runnable_pct = 99.0;
  u.host->threads[2].runnable_pct = 97.0;
  const w::CpuDevice cpu{"cpu", 2};
  const auto e = w::evidence_for(u, &cpu, nullptr);
  EXPECT_NEAR(*e.device_busy, 0.98, 1e-9);
  EXPECT_NE(e.busy_source.find("schedstat"), std::string::npos);
  EXPECT_NEAR(*e.process_cpu_pct, 63.5, 1e-9);
  EXPECT_EQ(w::decide(e).verdict, Verdict::device_bound);
}

TEST(WatchEvidence, FirstSampleHasNoShares) {
  clscope::probes::ProcessDeviceUse u;
  u.pid = 300;
  u.host.emplace();
  u.host->threads = {thread(300, "app", 'S', std::nullopt)};
  const w::CpuDevice cpu{"cpu", 2};
  const auto e = w::evidence_for(u, &cpu, nullptr);
  EXPECT_FALSE(e.device_busy);
  EXPECT_FALSE(e.hottest_thread_pct);
  EXPECT_EQ(w::decide(e).verdict, Verdict::unknown);
}

TEST(WatchEvidence, GpuBusyIsTheBusiestEngineElseNvmlSmUtil) {
  clscope::probes::ProcessDeviceUse u;
  u.pid = 400;
  clscope::probes::EngineUse gfx, compute;
  gfx.engine = "gfx";
  gfx.busy_fraction = 0.25;
  gfx.source = "drm-engine (ns)";
  compute.engine = "compute";
  compute.busy_fraction = 0.8;
  compute.source = "drm-engine (ns)";
  u.engines = {compute, gfx};
  auto e = w::evidence_for(u, nullptr, nullptr);
  EXPECT_DOUBLE_EQ(*e.device_busy, 0.8);
  EXPECT_NE(e.busy_source.find("compute"), std::string::npos);
  EXPECT_FALSE(e.busy_is_estimate);

  clscope::probes::ProcessDeviceUse n;
  n.sm_util_pct = 35.0;
  w::DeviceSignals sig;
  sig.pcie_fraction = 0.7;
  e = w::evidence_for(n, nullptr, &sig);
  EXPECT_DOUBLE_EQ(*e.device_busy, 0.35);
  EXPECT_DOUBLE_EQ(*e.pcie_fraction, 0.7);
  EXPECT_FALSE(e.hottest_thread_pct);  // no host side read
}
