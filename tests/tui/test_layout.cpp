// Property tests over terminal sizes: panels never overlap, stay on screen,
// and rendering never throws nor writes past the edge; more space is used.
#include <gtest/gtest.h>

#include "DemoModel.hpp"
#include "tui/Layout.hpp"
#include "tui/Render.hpp"

using namespace clscope::tui;

namespace {

std::vector<UiState> states() {
  std::vector<UiState> out;
  UiState main;
  out.push_back(main);
  UiState menu;
  menu.menu_open = true;
  out.push_back(menu);
  for (View v : {View::kHelp, View::kTopology, View::kDeviceDetails, View::kProcesses}) {
    UiState s;
    s.view = v;
    out.push_back(s);
  }
  return out;
}

void check_layout(const Layout& l, Size size) {
  const Rect screen{0, 0, size.cols, size.rows};
  const std::vector<Rect> rects = panel_rects(l);
  for (std::size_t i = 0; i < rects.size(); ++i) {
    ASSERT_EQ(intersect(rects[i], screen), rects[i])
        << "panel " << i << " off screen at " << size.cols << "x" << size.rows;
    for (std::size_t j = i + 1; j < rects.size(); ++j)
      ASSERT_FALSE(overlaps(rects[i], rects[j]))
          << "panels " << i << " and " << j << " overlap at " << size.cols << "x" << size.rows;
  }
  if (!l.popup.empty()) {
    ASSERT_EQ(intersect(l.popup, screen), l.popup);
  }
}

}  // namespace

TEST(LayoutProperty, NoOverlapAndInsideForEverySize) {
  for (int workloads : {0, 1, 3, 12}) {
    LayoutHints hints;
    hints.workloads = workloads;
    for (const UiState& s : states()) {
      for (int cols = kMinCols; cols <= 200; ++cols) {
        for (int rows = kMinRows; rows <= 60; ++rows) {
          const Layout l = layout({cols, rows}, s, hints);
          ASSERT_FALSE(l.too_small);
          check_layout(l, {cols, rows});
          ASSERT_FALSE(l.workloads.empty() && s.view == View::kMain) << cols << "x" << rows;
          ASSERT_FALSE(l.header.empty());
          ASSERT_FALSE(l.footer.empty());
        }
      }
    }
  }
}

TEST(LayoutProperty, RenderNeverThrowsAtAnySize) {
  demo::DemoState ds;
  ds.t_s = 45;
  const DashboardModel model = demo::demo_model(ds);
  DashboardModel empty;
  for (const DashboardModel* m : {static_cast<const DashboardModel*>(&model), static_cast<const DashboardModel*>(&empty)}) {
    for (const UiState& base : states()) {
      for (bool ascii : {false, true}) {
        UiState s = base;
        s.ascii = ascii;
        sync_state(s, *m);
        for (int cols = kMinCols; cols <= 200; cols += ascii ? 7 : 1) {
          for (int rows = kMinRows; rows <= 60; rows += ascii ? 5 : 1) {
            Canvas c(cols, rows);
            ASSERT_NO_THROW(render(*m, s, c)) << cols << "x" << rows;
            if (ascii) {
              ASSERT_TRUE(c.ascii_only()) << cols << "x" << rows;
            }
          }
        }
      }
    }
  }
}

TEST(LayoutProperty, TinyTerminalsShowAMessage) {
  demo::DemoState ds;
  ds.t_s = 30;
  const DashboardModel model = demo::demo_model(ds);
  UiState s;
  for (Size size : {Size{0, 0}, Size{1, 1}, Size{39, 24}, Size{80, 11}, Size{10, 3}}) {
    const Layout l = layout(size, s);
    EXPECT_TRUE(l.too_small);
    Canvas c(size.cols, size.rows);
    EXPECT_NO_THROW(render(model, s, c));
  }
  Canvas c(39, 12);
  render(model, s, c);
  EXPECT_NE(c.to_text().find("too small"), std::string::npos);
}

TEST(Layout, At80x24EveryPanelIsShown) {
  LayoutHints hints;
  hints.workloads = 3;
  const Layout l = layout({80, 24}, UiState{}, hints);
  EXPECT_FALSE(l.device.empty());
  EXPECT_FALSE(l.charts.empty());
  EXPECT_FALSE(l.events.empty());
  EXPECT_EQ(l.workloads.h, 4);
}

TEST(Layout, MoreSpaceGivesTallerChartsAndMoreEvents) {
  LayoutHints hints;
  hints.workloads = 3;
  const Layout small = layout({80, 24}, UiState{}, hints);
  const Layout large = layout({120, 40}, UiState{}, hints);
  const Layout huge = layout({200, 60}, UiState{}, hints);
  EXPECT_GT(large.charts.h, small.charts.h);
  EXPECT_GT(large.charts.w, small.charts.w);
  EXPECT_GT(large.events.h, small.events.h);
  EXPECT_GT(huge.charts.h, large.charts.h);
}

TEST(Layout, NarrowScreensDropChartsThenDevice) {
  LayoutHints hints;
  hints.workloads = 3;
  const Layout l40 = layout({40, 12}, UiState{}, hints);
  EXPECT_TRUE(l40.charts.empty());
  EXPECT_TRUE(l40.device.empty());
  EXPECT_FALSE(l40.workloads.empty());
  EXPECT_FALSE(l40.events.empty());
  const Layout tall = layout({60, 40}, UiState{}, hints);  // narrow but tall: stacked
  EXPECT_FALSE(tall.device.empty());
  EXPECT_FALSE(tall.charts.empty());
  EXPECT_EQ(tall.device.w, 60);
}
