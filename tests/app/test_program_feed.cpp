// The dashboard model of an observed program (run -- CMD) built by the feed:
// its chart plots the device busy % of each window on a fixed 0-100 scale,
// with the verdict band, while the table keeps commands per second.
#include <gtest/gtest.h>

#include "app/dashboard/DashboardFeed.hpp"
#include "core/Session.hpp"

namespace clscope::app {
namespace {

core::WindowStats program_window(double t_end_s, double busy_fraction, std::uint64_t commands) {
  core::WindowStats w;
  w.workload = 0;
  w.t_begin_s = t_end_s - 1;
  w.t_end_s = t_end_s;
  w.iterations = commands;
  w.span_ns = 1'000'000'000;
  w.device_busy_ns = static_cast<std::int64_t>(busy_fraction * 0.8e9);
  w.transfer_ns = static_cast<std::int64_t>(busy_fraction * 0.2e9);
  w.api_calls = commands;
  return w;
}

TEST(ProgramFeed, ChartIsDeviceBusyPercentAndTheTableKeepsCommandsPerSecond) {
  core::Session session({core::WorkloadInfo{"simulate", "app", core::Metric::commands_per_s}});
  session.add_windows({program_window(1, 0.25, 40)}, nullptr);
  session.add_windows({program_window(2, 0.5, 20)}, nullptr);
  FeedInput in;
  in.session = session.snapshot();
  in.statuses = {WorkloadStatusView{"running", "", true}};
  DashboardFeed feed;
  const tui::DashboardModel m = feed.build(in);
  ASSERT_EQ(m.workloads.size(), 1u);
  const tui::WorkloadRow& r = m.workloads[0];
  EXPECT_EQ(r.unit, "cmd/s");
  ASSERT_TRUE(r.value);
  EXPECT_NEAR(*r.value, 20, 1e-9);
  EXPECT_EQ(r.history.unit, "% device busy");
  EXPECT_EQ(r.history.scale_max, 100.0);
  ASSERT_EQ(r.history.points.size(), 2u);
  EXPECT_NEAR(r.history.points[0].value.value_or(-1), 25, 1e-9);  // kernels and copies together
  EXPECT_NEAR(r.history.points[1].value.value_or(-1), 50, 1e-9);
}

TEST(ProgramFeed, OwnWorkloadsChartTheirOwnFigure) {
  core::Session session({core::WorkloadInfo{"triad", "stream", core::Metric::bytes_per_s}});
  core::WindowStats w = program_window(1, 0.9, 10);
  w.bytes = 10e9;
  session.add_windows({w}, nullptr);
  FeedInput in;
  in.session = session.snapshot();
  in.statuses = {WorkloadStatusView{"running", "", true}};
  DashboardFeed feed;
  const tui::DashboardModel m = feed.build(in);
  EXPECT_TRUE(m.workloads[0].history.unit.empty());
  EXPECT_FALSE(m.workloads[0].history.scale_max);
  EXPECT_NEAR(m.workloads[0].history.points[0].value.value_or(-1), 10, 1e-9);  // GB/s
}

}  // namespace
}  // namespace clscope::app
