// The peak is a level held over kPeakHoldWindows windows; one freak window
// shows as an outlying `max window`, never as the peak.
#include <gtest/gtest.h>

#include "core/MetricCeiling.hpp"
#include "core/Report.hpp"
#include "core/RobustPeak.hpp"

using namespace clscope::core;

TEST(RobustPeak, OneFreakWindowIsNotThePeak) {
  PeakTracker p;
  const double v[] = {40, 44, 45, 112.5, 45, 44, 46, 45, 43};
  for (int i = 0; i < 9; ++i) p.push(i, v[i]);
  const PeakSummary s = p.summary(60.0);
  ASSERT_TRUE(s.peak && s.max_window);
  EXPECT_DOUBLE_EQ(*s.peak, 45);  // 45 112.5 45 / 45 44 46 / 46 45 43 -> min 45, 44, 43
  EXPECT_DOUBLE_EQ(*s.max_window, 112.5);
  EXPECT_DOUBLE_EQ(*s.max_window_at_s, 3);
  EXPECT_TRUE(s.max_window_outlier);
  EXPECT_NE(s.outlier_reason.find("above the ceiling"), std::string::npos);
  EXPECT_NE(s.outlier_reason.find("2.50x"), std::string::npos);
}

TEST(RobustPeak, SteadySeriesHasNoOutlier) {
  PeakTracker p;
  for (int i = 0; i < 20; ++i) p.push(i, 50.0 + (i % 3));
  const PeakSummary s = p.summary(60.0);
  EXPECT_DOUBLE_EQ(*s.peak, 50.0);
  EXPECT_DOUBLE_EQ(*s.max_window, 52.0);
  EXPECT_FALSE(s.max_window_outlier);
}

TEST(RobustPeak, AboveTheCeilingIsFlaggedEvenWhenHeld) {
  PeakTracker p;
  for (int i = 0; i < 6; ++i) p.push(i, 70.0);
  const PeakSummary s = p.summary(60.0);
  EXPECT_TRUE(s.max_window_outlier);
  EXPECT_EQ(s.outlier_reason.find("x the peak"), std::string::npos);
}

TEST(RobustPeak, ShortSeriesPeakIsTheLevelAllWindowsHeld) {
  PeakTracker p;
  p.push(0, 10);
  p.push(1, 30);
  EXPECT_DOUBLE_EQ(*p.summary().peak, 10);
  EXPECT_FALSE(PeakTracker().summary().peak.has_value());
}

TEST(RobustPeak, ReportUsesTheHeldPeakAndFlagsTheMaxWindow) {
  WorkloadSeries s;
  s.info = {"stream", "stream", Metric::bytes_per_s};
  for (int i = 0; i < 30; ++i) {
    WindowStats w;
    w.workload = 0;
    w.t_begin_s = i;
    w.t_end_s = i + 1;
    w.iterations = 10;
    w.span_ns = 1'000'000'000;
    w.bytes = (i == 12 ? 112.5 : 45.0 + (i % 2)) * 1e9;
    w.device_busy_ns = 950'000'000;
    s.windows.push_back(w);
  }
  const Ceilings c{60.0, 100.0, 8.0, 7.0, 20.0, 90.0};
  const WorkloadReport r = analyse_workload(s, c, {}, nullptr);
  ASSERT_TRUE(r.peak.has_value());
  EXPECT_NEAR(*r.peak, 46.0, 1e-9);  // 46 112.5 46 held 46
  EXPECT_NEAR(*r.peak_detail.max_window, 112.5, 1e-9);
  EXPECT_TRUE(r.peak_detail.max_window_outlier);
  const auto j = to_json(r);
  EXPECT_TRUE(j["max_window"]["outlier"].get<bool>());
  EXPECT_EQ(j["peak_hold_windows"].get<int>(), 3);
}

TEST(MetricCeiling, PicksTheCeilingOfTheWorkloadsMetric) {
  const Ceilings c{60.0, 100.0, 8.0, 7.0, 20.0, 90.0};
  EXPECT_EQ(*metric_ceiling({"s", "stream", Metric::bytes_per_s}, c), 60.0);
  EXPECT_EQ(*metric_ceiling({"c", "compute", Metric::flops_per_s}, c), 100.0);
  EXPECT_EQ(*metric_ceiling({"t", "transfer", Metric::bytes_per_s}, c), 8.0);
  EXPECT_FALSE(metric_ceiling({"l", "launch", Metric::launches_per_s}, c).has_value());
}
