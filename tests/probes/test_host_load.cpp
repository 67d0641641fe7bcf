// The busy-host guard's reading: /proc/stat minus this process's own CPU
// time (/proc/self/stat), on the "none" fixture's procfs with exact counts.
#include <gtest/gtest.h>

#include "TestUtil.hpp"
#include "probes/HostLoad.hpp"

namespace p = clscope::probes;
namespace t = clscope::probes::test;

TEST(HostLoadParse, TotalsOfTheAggregateLine) {
  const auto c = p::parse_proc_stat_totals("cpu  1000 0 500 8000 100 0 50 350 0 0\ncpu0 1 2 3 4\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->total, 10000u);
  EXPECT_EQ(c->idle, 8100u);
  EXPECT_EQ(c->steal, 350u);
  EXPECT_FALSE(p::parse_proc_stat_totals("cpu0 1 2 3 4 5\n"));  // no aggregate line
  EXPECT_FALSE(p::parse_proc_stat_totals("cpu  1 -2 3 4 5\n"));
  EXPECT_FALSE(p::parse_proc_stat_totals(""));
  // An old kernel without steal: four fields are enough.
  const auto old = p::parse_proc_stat_totals("cpu 10 0 10 80\n");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->total, 100u);
  EXPECT_EQ(old->steal, 0u);
}

TEST(HostLoadParse, UtimeAndStimeAfterTheLastParenthesis) {
  EXPECT_EQ(p::parse_pid_stat_cpu_ticks("42 (a) b) R 1 42 42 0 -1 4194304 10 0 0 0 70 30 0 0 20 0 3"), 100u);
  EXPECT_FALSE(p::parse_pid_stat_cpu_ticks("42 (clscope) R 1 42"));
  EXPECT_FALSE(p::parse_pid_stat_cpu_ticks("no parenthesis at all"));
}

TEST(HostLoadParse, SharesOfTheElapsedTicks) {
  // 1000 ticks elapsed: 600 idle, 100 steal, 300 busy of which 100 ours.
  const p::CpuTotals a{10000, 8000, 300};
  const p::CpuTotals b{11000, 8600, 400};
  const auto r = p::host_load_between(a, b, 100);
  ASSERT_TRUE(r.others_busy && r.steal);
  EXPECT_DOUBLE_EQ(*r.others_busy, 0.2);
  EXPECT_DOUBLE_EQ(*r.steal, 0.1);
  // Our own time above the machine's busy time (sampling) is never negative.
  EXPECT_DOUBLE_EQ(*p::host_load_between(a, b, 5000).others_busy, 0.0);
  EXPECT_FALSE(p::host_load_between(a, a, 0).others_busy);
  EXPECT_EQ(p::host_load_between(a, a, 0).missing, "no clock tick elapsed while measuring");
}

TEST(HostLoadMeter, OtherProcessesBusyBetweenStartAndFinish) {
  t::TempTree tree("none");
  tree.write("proc/self/stat", "7 (clscope) R 1 7 7 0 -1 0 0 0 0 0 100 50 0 0 20 0 4\n");
  p::HostLoadMeter meter(tree.root());
  // +2000 ticks: 200 idle, 0 steal, 1800 busy; ours +400 -> others 1400/2000.
  tree.write("proc/stat", "cpu  2200 0 1100 8200 100 0 50 350 0 0\n");
  tree.write("proc/self/stat", "7 (clscope) R 1 7 7 0 -1 0 0 0 0 0 400 150 0 0 20 0 4\n");
  const auto r = meter.finish();
  ASSERT_TRUE(r.others_busy) << r.missing;
  EXPECT_DOUBLE_EQ(*r.others_busy, 0.7);
  EXPECT_DOUBLE_EQ(*r.steal, 0.0);
}

TEST(HostLoadMeter, UnreadableProcSaysWhich) {
  t::TempTree tree("none");
  tree.remove("proc/self/stat");
  p::HostLoadMeter meter(tree.root());
  const auto r = meter.finish();
  EXPECT_FALSE(r.others_busy);
  EXPECT_NE(r.missing.find("self/stat: cannot read"), std::string::npos) << r.missing;
}
