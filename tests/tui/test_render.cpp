// Behaviour of render() on hand-built models: highlights, unavailable values,
// ASCII mode, charts.
#include <gtest/gtest.h>

#include "DemoModel.hpp"
#include "tui/Acknowledge.hpp"
#include "tui/Render.hpp"
#include "tui/Verdict.hpp"

using namespace clscope::tui;

namespace {

struct Found {
  int x = -1;
  int y = -1;
  explicit operator bool() const { return y >= 0; }
};

// First occurrence of `needle` (ASCII) in the canvas, searching rows from `from_row`.
Found find(const Canvas& c, const std::string& needle, int from_row = 0) {
  for (int y = from_row; y < c.rows(); ++y) {
    std::string row;
    for (int x = 0; x < c.cols(); ++x) row.push_back(c.at(x, y).ch < 0x80 ? static_cast<char>(c.at(x, y).ch) : '#');
    const auto pos = row.find(needle);
    if (pos != std::string::npos) return {static_cast<int>(pos), y};
  }
  return {};
}

Canvas draw(const DashboardModel& m, UiState s, Size size = {80, 24}) {
  sync_state(s, m);
  Canvas c(size.cols, size.rows);
  render(m, s, c);
  return c;
}

DashboardModel demo_at(double t) {
  demo::DemoState ds;
  ds.t_s = t;
  return demo::demo_model(ds);
}

bool is_alert(const Style& s) { return s.reverse && s.bold && s.color == Color::kRed; }

// The table row of workload `name`: the name starts after the 2-column gutter.
Found table_row(const Canvas& c, const std::string& name) {
  for (int y = 0; y < c.rows(); ++y) {
    const Found f = find(c, name, y);
    if (!f) return {};
    if (f.x == 2) return f;
    y = f.y;
  }
  return {};
}

}  // namespace

TEST(Verdict, OffGpuSet) {
  int off = 0;
  for (std::string_view v : kVerdictNames) off += is_off_gpu_verdict(v) ? 1 : 0;
  EXPECT_EQ(off, 4);
  EXPECT_TRUE(is_off_gpu_verdict("starved"));
  EXPECT_FALSE(is_off_gpu_verdict("throttled"));
  for (std::string_view v : {"transfer-bound", "launch-bound", "host-bound", "starved"}) {
    const Style s = verdict_style(v);
    EXPECT_TRUE(s.bold && s.reverse) << v;  // stands out without colour too
  }
}

TEST(Highlight, OffGpuShiftPersistsUntilAcknowledged) {
  AckTracker acks;
  UiState s;
  for (double t : {26.0, 30.0, 35.0, 39.0}) {  // the launch-bound shift happened at 25 s
    DashboardModel m = demo_at(t);
    acks.apply(m);
    ASSERT_TRUE(m.workloads[1].highlighted) << "t=" << t;
    EXPECT_FALSE(m.workloads[0].highlighted);
    const Canvas c = draw(m, s);
    const Found row = table_row(c, "tiny-kernels");
    ASSERT_TRUE(row) << c.to_text();
    EXPECT_EQ(c.at(1, row.y).ch, U'!');
    EXPECT_TRUE(is_alert(c.at(row.x, row.y).style));
    EXPECT_TRUE(is_alert(c.at(c.cols() - 1, row.y).style));  // the whole row
    const Found ev = find(c, "launch-bound: device idle");
    ASSERT_TRUE(ev) << c.to_text();
    EXPECT_TRUE(is_alert(c.at(ev.x, ev.y).style));
    EXPECT_EQ(c.at(0, ev.y).ch, U'!');
  }
  // The operator presses `a`.
  DashboardModel seen = demo_at(39);
  acks.apply(seen);
  EXPECT_EQ(handle_key('a', s), (Action{ActionType::kAcknowledge, -1, 0}));
  acks.acknowledge(seen, -1);
  for (double t : {39.0, 39.5}) {
    DashboardModel m = demo_at(t);
    acks.apply(m);
    EXPECT_FALSE(m.workloads[1].highlighted);
    const Canvas c = draw(m, s);
    const Found row = table_row(c, "tiny-kernels");
    ASSERT_TRUE(row);
    EXPECT_FALSE(is_alert(c.at(row.x, row.y).style));
    EXPECT_NE(c.at(1, row.y).ch, U'!');
    // The verdict itself stays loud: it is still off the GPU.
    const Found v = find(c, "launch", row.y);
    ASSERT_EQ(v.y, row.y);
    EXPECT_TRUE(c.at(v.x, v.y).style.reverse);
  }
  // A new off-GPU shift (infer starved at 40 s) is highlighted again.
  DashboardModel m = demo_at(41);
  acks.apply(m);
  EXPECT_FALSE(m.workloads[1].highlighted);
  EXPECT_TRUE(m.workloads[2].highlighted);
}

TEST(Highlight, AcknowledgeOneWorkloadLeavesOthers) {
  AckTracker acks;
  DashboardModel m = demo_at(41);
  acks.apply(m);
  ASSERT_TRUE(m.workloads[1].highlighted && m.workloads[2].highlighted);
  acks.acknowledge(m, 2);
  DashboardModel next = demo_at(42);
  acks.apply(next);
  EXPECT_TRUE(next.workloads[1].highlighted);
  EXPECT_FALSE(next.workloads[2].highlighted);
}

TEST(Highlight, AppRaisedFlagHoldsUntilAcknowledgedAndRearms) {
  AckTracker acks;
  DashboardModel m;
  m.workloads.push_back({});
  m.workloads[0].name = "x";
  m.workloads[0].highlighted = true;
  DashboardModel a = m;
  acks.apply(a);
  EXPECT_TRUE(a.workloads[0].highlighted);
  acks.acknowledge(a, -1);
  a = m;
  acks.apply(a);
  EXPECT_FALSE(a.workloads[0].highlighted);
  DashboardModel cleared = m;
  cleared.workloads[0].highlighted = false;
  acks.apply(cleared);
  a = m;  // raised again: a new shift
  acks.apply(a);
  EXPECT_TRUE(a.workloads[0].highlighted);
}

TEST(Unavailable, DimmedNaWithReasonOnDemand) {
  const DashboardModel m = demo_at(20);
  UiState s;
  sync_state(s, m);
  Canvas c = draw(m, s);
  const Found label = find(c, "Mem clock");
  ASSERT_TRUE(label) << c.to_text();
  EXPECT_TRUE(c.at(label.x, label.y).style.dim);
  const Found na = find(c, "n/a", label.y);
  ASSERT_EQ(na.y, label.y);
  EXPECT_TRUE(c.at(na.x, na.y).style.dim);
  EXPECT_FALSE(find(c, "not reported"));  // reason hidden by default

  // `i` shows every reason inline.
  handle_key('i', s);
  c = draw(m, s);
  const Found reason = find(c, "not reported");
  ASSERT_TRUE(reason) << c.to_text();
  EXPECT_EQ(reason.y, label.y);
  EXPECT_TRUE(c.at(reason.x, reason.y).style.dim);
  handle_key('i', s);

  // Selecting the row shows its reason, in the row and in the footer.
  handle_key(kKeyTab, s);
  handle_key(kKeyDown, s);
  ASSERT_EQ(s.selected_metric, 1);
  c = draw(m, s);
  EXPECT_EQ(find(c, "not reported").y, label.y);
  EXPECT_TRUE(find(c, "Mem clock: not reported", c.rows() - 1)) << c.to_text();
  // Available rows show their value in normal (not dim) style.
  const Found core = find(c, "Core clock");
  const Found val = find(c, "/1980 MHz", core.y);
  ASSERT_EQ(val.y, core.y);
  EXPECT_FALSE(c.at(val.x, val.y).style.dim);
}

TEST(Unavailable, TableValuesAreNaNotZero) {
  DashboardModel m = demo_at(20);
  m.workloads[0].device_busy_pct.reset();
  m.workloads[0].pct_of_ceiling.reset();
  const Canvas c = draw(m, UiState{});
  const Found row = table_row(c, "triad");
  ASSERT_TRUE(row);
  const Found na = find(c, "n/a", row.y);
  ASSERT_EQ(na.y, row.y);
  EXPECT_TRUE(c.at(na.x, na.y).style.dim);
}

TEST(Ascii, NoNonAsciiCharacterInAnyView) {
  const DashboardModel m = demo_at(45);
  for (View v : {View::kMain, View::kHelp, View::kTopology, View::kDeviceDetails, View::kProcesses}) {
    for (Size size : {Size{80, 24}, Size{120, 40}, Size{40, 12}, Size{200, 60}}) {
      UiState s;
      s.ascii = true;
      s.view = v;
      s.show_reasons = true;
      Canvas c = draw(m, s, size);
      EXPECT_TRUE(c.ascii_only()) << c.to_text();
      s.menu_open = v == View::kMain;
      c = draw(m, s, size);
      EXPECT_TRUE(c.ascii_only()) << c.to_text();
    }
  }
}

TEST(Render, NeverBlankWhileStarting) {
  DashboardModel m;
  m.header.mode = "compiling kernels 1/3";
  m.header.host = "node17";
  const Canvas c = draw(m, UiState{});
  EXPECT_TRUE(find(c, "compiling kernels 1/3"));
  EXPECT_TRUE(find(c, "no workloads yet"));
  EXPECT_TRUE(find(c, "no events yet"));
}

TEST(Render, ChartsShowSteadyMarkerAndVerdictBand) {
  const DashboardModel m = demo_at(45);
  UiState s;
  s.ascii = true;
  const Canvas c = draw(m, s, {120, 40});
  const Found title = find(c, "triad  26");
  ASSERT_TRUE(title);
  const Found steady = find(c, "steady since 0:12", title.y);
  EXPECT_EQ(steady.y, title.y);
  // The marker column and a labelled verdict band below the plot.
  const Found band = find(c, "memory-bound", title.y + 1);
  ASSERT_TRUE(band) << c.to_text();
  EXPECT_TRUE(c.at(band.x, band.y).style.reverse);
  bool marker = false;
  for (int y = title.y + 1; y < band.y; ++y)
    for (int x = 0; x < c.cols(); ++x) marker = marker || c.at(x, y).ch == U'|';
  EXPECT_TRUE(marker) << c.to_text();
}

TEST(Render, MenuShowsEachWorkloadWithItsState) {
  DashboardModel m = demo_at(20);
  m.workloads[2].running = false;
  UiState s;
  handle_key('w', s);
  const Canvas c = draw(m, s);
  EXPECT_TRUE(find(c, "[x] triad"));
  EXPECT_TRUE(find(c, "[ ] infer"));
  const Found stopped = find(c, "stopped");
  EXPECT_TRUE(stopped);
}

TEST(Render, SoloColumnOnlyWithSoloLevels) {
  DashboardModel m = demo_at(30);
  const Size wide{140, 40};
  EXPECT_FALSE(find(draw(m, UiState{}, wide), "SOLO")) << "no solo levels: no column";
  m.workloads[1].solo_level = 51234.0;
  m.workloads[1].verdict = "contended";
  const Canvas c = draw(m, UiState{}, wide);
  const Found header = find(c, "SOLO");
  ASSERT_TRUE(header);
  const Found row = table_row(c, m.workloads[1].name);
  ASSERT_TRUE(row);
  const Found contended = find(c, "contended", row.y);
  ASSERT_TRUE(contended);
  EXPECT_EQ(contended.y, row.y);
  const Style s = c.at(contended.x, contended.y).style;
  EXPECT_EQ(s.color, Color::kMagenta);
  EXPECT_FALSE(s.reverse);  // not off the GPU
  EXPECT_FALSE(is_off_gpu_verdict("contended"));
  EXPECT_EQ(verdict_letter("contended"), 'o');
}

namespace {

// A program's dashboard: one app workload, the top-kernels panel in place of the device's.
DashboardModel program_model(std::size_t kernels) {
  DashboardModel m = demo_at(30);
  m.workloads.resize(1);
  m.workloads[0].name = "simulate";
  m.workloads[0].kind = "app";
  auto& top = m.top_kernels.emplace();
  for (std::size_t i = 0; i < kernels; ++i) {
    const double total = 2.0 / static_cast<double>(i + 1);
    top.push_back({"kernel_" + std::to_string(i), 1000 * (i + 1), total, 250.0 + static_cast<double>(i), total / 4.0});
  }
  return m;
}

}  // namespace

TEST(Render, ProgramTopKernelsReplaceTheDevicePanelInOrder) {
  const Canvas c = draw(program_model(3), UiState{}, {100, 30});
  const Found title = find(c, "TOP KERNELS");
  ASSERT_TRUE(title) << c.to_text();
  EXPECT_FALSE(find(c, "DEVICE")) << "the device panel gives way";
  EXPECT_FALSE(find(c, "Throttle")) << "no device rows";
  const Found k0 = find(c, "kernel_0"), k1 = find(c, "kernel_1"), k2 = find(c, "kernel_2");
  ASSERT_TRUE(k0 && k1 && k2) << c.to_text();
  EXPECT_LT(k0.y, k1.y);
  EXPECT_LT(k1.y, k2.y);
  // Launches, total, p99 and share on the kernel's own row.
  EXPECT_EQ(find(c, "1000", k0.y).y, k0.y);
  EXPECT_EQ(find(c, "2.00s", k0.y).y, k0.y) << c.to_text();
  EXPECT_EQ(find(c, "50%", k0.y).y, k0.y) << c.to_text();
  EXPECT_TRUE(find(c, "p99", title.y));
}

TEST(Render, ProgramTopKernelsSayWhatIsLeftAndWhenNoneYet) {
  const Canvas many = draw(program_model(40), UiState{}, {80, 24});
  ASSERT_TRUE(find(many, "TOP KERNELS"));
  EXPECT_TRUE(find(many, "kernel_0"));
  EXPECT_FALSE(find(many, "kernel_39"));
  EXPECT_TRUE(find(many, " more")) << many.to_text();

  const Canvas none = draw(program_model(0), UiState{}, {80, 24});
  EXPECT_TRUE(find(none, "no kernel has finished yet")) << none.to_text();
}

TEST(Render, ProgramTopKernelsScrollWhenFocused) {
  DashboardModel m = program_model(40);
  UiState s;
  sync_state(s, m);
  while (s.focus != Focus::kDevice) handle_key(kKeyTab, s);
  for (int i = 0; i < 39; ++i) handle_key(kKeyDown, s);
  const Canvas c = draw(m, s, {80, 24});
  EXPECT_TRUE(find(c, "kernel_39")) << c.to_text();
  EXPECT_FALSE(find(c, "kernel_0 ")) << c.to_text();
}
