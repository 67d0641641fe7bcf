// Host and process probes on the "none" fixture's procfs (exact values) and on
// the real /proc (shape only).
#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "TestUtil.hpp"
#include "probes/HostProbes.hpp"
#include "probes/ProcessProbes.hpp"

namespace p = clscope::probes;
namespace t = clscope::probes::test;

TEST(HostCpu, FirstSampleCountsSecondGivesShares) {
  t::TempTree tree("none");
  auto probe = p::make_host_cpu_probe(tree.root());
  auto s1 = probe->sample();
  EXPECT_EQ(s1.status, p::Status::ok);
  EXPECT_EQ(s1.metrics.at("cpu_count"), 2);
  EXPECT_EQ(s1.metrics.at("procs_running"), 3);
  EXPECT_EQ(s1.metrics.at("procs_blocked"), 1);
  EXPECT_FALSE(s1.metrics.contains("cpu_busy_pct"));
  EXPECT_EQ(s1.unavailable.at("cpu_busy_pct").reason, "needs two samples");

  // +100 user, +50 system, +300 idle, +50 steal: 500 ticks, 200 busy.
  tree.write("proc/stat",
             "cpu  1100 0 550 8300 100 0 50 400 0 0\n"
             "cpu0 550 0 275 4150 50 0 25 200 0 0\n"
             "cpu1 550 0 275 4150 50 0 25 200 0 0\n"
             "ctxt 50100\nprocs_running 2\nprocs_blocked 0\n");
  auto s2 = probe->sample();
  EXPECT_DOUBLE_EQ(s2.metrics.at("cpu_busy_pct"), 40.0);
  EXPECT_DOUBLE_EQ(s2.metrics.at("cpu_user_pct"), 20.0);
  EXPECT_DOUBLE_EQ(s2.metrics.at("cpu_system_pct"), 10.0);
  EXPECT_DOUBLE_EQ(s2.metrics.at("cpu_steal_pct"), 10.0);
  EXPECT_DOUBLE_EQ(s2.metrics.at("cpu_idle_pct"), 60.0);
  EXPECT_DOUBLE_EQ(s2.metrics.at("cpu_iowait_pct"), 0.0);
  EXPECT_DOUBLE_EQ(s2.metrics.at("cpu0.busy_pct"), 40.0);
  EXPECT_DOUBLE_EQ(s2.metrics.at("cpu1.steal_pct"), 10.0);
  EXPECT_GT(s2.metrics.at("ctxt_per_s"), 0.0);
  EXPECT_TRUE(s2.unavailable.empty());
}

TEST(HostCpu, MissingProcStatIsUnavailableWithThePath) {
  p::FsRoot root = t::fixture_root("amdgpu");  // has no proc/
  auto s = p::make_host_cpu_probe(root)->sample();
  EXPECT_EQ(s.status, p::Status::unavailable);
  EXPECT_NE(s.reason.find("proc/stat: No such file or directory"), std::string::npos) << s.reason;
}

TEST(HostLoadMemory, ExactValuesFromTheFixture) {
  const auto root = t::fixture_root("none");
  auto load = p::make_host_load_probe(root)->sample();
  EXPECT_DOUBLE_EQ(load.metrics.at("load1"), 1.5);
  EXPECT_DOUBLE_EQ(load.metrics.at("load5"), 0.75);
  EXPECT_DOUBLE_EQ(load.metrics.at("load15"), 0.25);
  EXPECT_EQ(load.metrics.at("threads_runnable"), 3);
  EXPECT_EQ(load.metrics.at("threads_total"), 210);
  auto mem = p::make_host_memory_probe(root)->sample();
  EXPECT_DOUBLE_EQ(mem.metrics.at("mem_total_bytes"), 8000000.0 * 1024);
  EXPECT_DOUBLE_EQ(mem.metrics.at("mem_available_bytes"), 6000000.0 * 1024);
  EXPECT_DOUBLE_EQ(mem.metrics.at("mem_used_bytes"), 2000000.0 * 1024);
  EXPECT_DOUBLE_EQ(mem.metrics.at("swap_used_bytes"), 500000.0 * 1024);
}

TEST(HostPressure, AbsentPsiSaysSo) {
  auto s = p::make_host_pressure_probe(t::fixture_root("none"))->sample();
  EXPECT_EQ(s.status, p::Status::unavailable);
  EXPECT_NE(s.reason.find("pressure/cpu: No such file or directory"), std::string::npos) << s.reason;
  EXPECT_NE(s.reason.find("pressure stall"), std::string::npos);
}

TEST(HostPressure, ParsesAveragesAndStallShare) {
  t::TempTree tree("none");
  tree.write("proc/pressure/cpu",
             "some avg10=1.50 avg60=0.75 avg300=0.20 total=1000000\n"
             "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
  auto probe = p::make_host_pressure_probe(tree.root());
  auto s1 = probe->sample();
  EXPECT_EQ(s1.status, p::Status::ok);
  EXPECT_DOUBLE_EQ(s1.metrics.at("psi_cpu_some_avg10_pct"), 1.5);
  EXPECT_DOUBLE_EQ(s1.metrics.at("psi_cpu_some_avg300_pct"), 0.2);
  EXPECT_EQ(s1.unavailable.at("psi_cpu_some_stall_pct").reason, "needs two samples");
  EXPECT_TRUE(s1.unavailable.contains("psi_memory_some_avg10_pct"));  // memory/io absent
  tree.write("proc/pressure/cpu",
             "some avg10=1.50 avg60=0.75 avg300=0.20 total=1000500\n"
             "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
  auto s2 = probe->sample();
  EXPECT_GT(s2.metrics.at("psi_cpu_some_stall_pct"), 0.0);
  EXPECT_DOUBLE_EQ(s2.metrics.at("psi_cpu_full_stall_pct"), 0.0);
}

TEST(Process, CpuTimeAndMemoryFromSelfStat) {
  auto s = p::make_process_probe(t::fixture_root("none"))->sample();
  const double tick = 1.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
  EXPECT_DOUBLE_EQ(s.metrics.at("process_user_s"), 250 * tick);
  EXPECT_DOUBLE_EQ(s.metrics.at("process_system_s"), 50 * tick);
  EXPECT_DOUBLE_EQ(s.metrics.at("process_cpu_s"), 300 * tick);
  EXPECT_EQ(s.metrics.at("process_threads"), 3);
  EXPECT_DOUBLE_EQ(s.metrics.at("process_rss_bytes"), 5000.0 * static_cast<double>(::sysconf(_SC_PAGESIZE)));
  EXPECT_EQ(s.unavailable.at("process_cpu_pct").reason, "needs two samples");
}

TEST(Threads, TableByNameWithSchedstatTimeAndContextSwitches) {
  t::TempTree tree("none");
  auto probe = p::make_threads_probe(tree.root());
  auto s = probe->sample();
  ASSERT_EQ(s.threads.size(), 3u);
  EXPECT_EQ(s.metrics.at("thread_count"), 3);
  const p::ThreadSample* stream = nullptr;
  for (const auto& th : s.threads)
    if (th.name == "cl:stream") stream = &th;
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(stream->tid, 4243);
  EXPECT_DOUBLE_EQ(stream->cpu_s, 0.45);
  EXPECT_EQ(stream->cpu_source, "schedstat");
  EXPECT_EQ(stream->voluntary_ctxt, 300);
  EXPECT_EQ(stream->nonvoluntary_ctxt, 45);
  EXPECT_FALSE(stream->cpu_pct);

  // Without schedstat the tick counts of stat are used; a vanished thread goes.
  tree.remove("proc/self/task/4243/schedstat");
  tree.remove("proc/self/task/4244");
  auto probe2 = p::make_threads_probe(tree.root());
  auto s2 = probe2->sample();
  ASSERT_EQ(s2.threads.size(), 2u);
  const double tick = 1.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
  EXPECT_EQ(s2.threads[1].name, "cl:stream");
  EXPECT_EQ(s2.threads[1].cpu_source, "stat");
  EXPECT_DOUBLE_EQ(s2.threads[1].cpu_s, 45 * tick);
}

TEST(Threads, IdleThreadRowIsCarriedOverUntilItRunsAgain) {
  t::TempTree tree("none");
  auto probe = p::make_threads_probe(tree.root());
  probe->sample();
  const std::string task = "proc/self/task/4243/";
  // status changes but schedstat does not: the thread cannot have run, so the
  // probe does not re-read status.
  tree.write(task + "status", "Name:\tcl:stream\nvoluntary_ctxt_switches:\t999\n"
                              "nonvoluntary_ctxt_switches:\t45\n");
  auto s2 = probe->sample();
  EXPECT_EQ(s2.threads[1].voluntary_ctxt, 300);
  EXPECT_DOUBLE_EQ(*s2.threads[1].cpu_pct, 0.0);
  // It ran: everything is read again.
  tree.write(task + "schedstat", "460000000 1000 21\n");
  tree.write(task + "status", "Name:\tcl:stream\nvoluntary_ctxt_switches:\t301\n"
                              "nonvoluntary_ctxt_switches:\t45\n");
  auto s3 = probe->sample();
  EXPECT_EQ(s3.threads[1].voluntary_ctxt, 301);
  EXPECT_DOUBLE_EQ(s3.threads[1].cpu_s, 0.46);
  EXPECT_GT(*s3.threads[1].cpu_pct, 0.0);
}

TEST(Threads, SeesANamedThreadOfThisProcess) {
  std::mutex m;
  std::condition_variable cv;
  bool named = false, done = false;
  std::thread worker([&] {
    pthread_setname_np(pthread_self(), "cl:probe-test");
    std::unique_lock lock(m);
    named = true;
    cv.notify_all();
    cv.wait(lock, [&] { return done; });
  });
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return named; });
  }
  auto probe = p::make_threads_probe(p::FsRoot{});
  auto s = probe->sample();
  bool found = false;
  for (const auto& th : s.threads) found = found || th.name == "cl:probe-test";
  {
    std::lock_guard lock(m);
    done = true;
  }
  cv.notify_all();
  worker.join();
  EXPECT_TRUE(found);
  EXPECT_GE(s.threads.size(), 2u);
  for (const auto& th : s.threads) EXPECT_TRUE(th.voluntary_ctxt.has_value()) << th.name;
}

TEST(HostCpu, RealProcStatGivesSharesInRange) {
  auto probe = p::make_host_cpu_probe(p::FsRoot{});
  probe->sample();
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  auto s = probe->sample();
  ASSERT_EQ(s.status, p::Status::ok);
  if (s.metrics.contains("cpu_busy_pct")) {
    EXPECT_GE(s.metrics.at("cpu_busy_pct"), 0.0);
    EXPECT_LE(s.metrics.at("cpu_busy_pct"), 100.0);
    EXPECT_GE(s.metrics.at("cpu_steal_pct"), 0.0);
  } else {
    EXPECT_EQ(s.unavailable.at("cpu_busy_pct").reason,
              "no clock tick elapsed since the previous sample");
  }
}
