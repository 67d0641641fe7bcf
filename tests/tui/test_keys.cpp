// key -> action -> state, without a terminal.
#include <gtest/gtest.h>

#include <map>

#include "DemoModel.hpp"
#include "tui/UiState.hpp"

using namespace clscope::tui;

namespace {

UiState live_state() {
  UiState s;
  demo::DemoState ds;
  ds.t_s = 45;
  sync_state(s, demo::demo_model(ds));
  return s;
}

}  // namespace

TEST(Keys, TableOfLiveKeys) {
  struct Row {
    int key;
    ActionType action;
  };
  const Row rows[] = {
      {'q', ActionType::kQuit},        {kKeyF10, ActionType::kQuit},
      {' ', ActionType::kTogglePause}, {'r', ActionType::kResetStats},
      {'m', ActionType::kMarker},      {'a', ActionType::kAcknowledge},
      {'+', ActionType::kSetRefresh},  {'-', ActionType::kSetRefresh},
      {'?', ActionType::kNone},        {'t', ActionType::kNone},
      {'d', ActionType::kNone},        {'w', ActionType::kNone},
      {'.', ActionType::kNone},        {'>', ActionType::kNone},
      {'x', ActionType::kNone},        {kKeyTab, ActionType::kNone},
  };
  for (const Row& r : rows) {
    UiState s = live_state();
    EXPECT_EQ(handle_key(r.key, s).type, r.action) << "key " << r.key;
  }
}

TEST(Keys, HelpTopologyDetailsToggleAndEscapeGoesBack) {
  for (int key : {static_cast<int>('?'), static_cast<int>('h'), static_cast<int>(kKeyF1)}) {
    UiState s = live_state();
    handle_key(key, s);
    EXPECT_EQ(s.view, View::kHelp);
    handle_key(key, s);
    EXPECT_EQ(s.view, View::kMain);
  }
  UiState s = live_state();
  handle_key('t', s);
  EXPECT_EQ(s.view, View::kTopology);
  handle_key('d', s);
  EXPECT_EQ(s.view, View::kDeviceDetails);
  handle_key(kKeyEscape, s);
  EXPECT_EQ(s.view, View::kMain);
}

TEST(Keys, PauseTogglesState) {
  UiState s = live_state();
  handle_key(' ', s);
  EXPECT_TRUE(s.paused);
  handle_key(' ', s);
  EXPECT_FALSE(s.paused);
}

TEST(Keys, RefreshStepsStayWithinBounds) {
  UiState s = live_state();
  EXPECT_EQ(s.refresh_s, 1.0);
  Action a = handle_key('+', s);
  EXPECT_EQ(a, (Action{ActionType::kSetRefresh, -1, 2.0}));
  for (int i = 0; i < 20; ++i) handle_key('+', s);
  EXPECT_EQ(s.refresh_s, kMaxRefreshS);
  EXPECT_EQ(handle_key('+', s).type, ActionType::kNone);  // already at the top
  for (int i = 0; i < 20; ++i) handle_key('-', s);
  EXPECT_EQ(s.refresh_s, kMinRefreshS);
  EXPECT_EQ(handle_key('-', s).type, ActionType::kNone);
  a = handle_key('=', s);  // unshifted '+'
  EXPECT_EQ(a.value, 0.5);
}

TEST(Keys, TabAndArrowsMoveFocusAndSelection) {
  UiState s = live_state();
  EXPECT_EQ(s.focus, Focus::kWorkloads);
  handle_key(kKeyDown, s);
  handle_key(kKeyDown, s);
  handle_key(kKeyDown, s);  // clamped at the last of 3
  EXPECT_EQ(s.selected_workload, 2);
  handle_key(kKeyUp, s);
  EXPECT_EQ(s.selected_workload, 1);
  handle_key(kKeyTab, s);
  EXPECT_EQ(s.focus, Focus::kDevice);
  handle_key(kKeyDown, s);
  EXPECT_EQ(s.selected_metric, 1);
  handle_key(kKeyEnd, s);
  EXPECT_EQ(s.selected_metric, s.metric_count - 1);
  handle_key(kKeyRight, s);
  EXPECT_EQ(s.focus, Focus::kEvents);
  handle_key(kKeyUp, s);  // scroll back one event
  EXPECT_EQ(s.event_scroll, 1);
  handle_key(kKeyDown, s);
  EXPECT_EQ(s.event_scroll, 0);
  handle_key(kKeyTab, s);
  EXPECT_EQ(s.focus, Focus::kWorkloads);
  handle_key(kKeyBackTab, s);
  EXPECT_EQ(s.focus, Focus::kEvents);
  handle_key(kKeyLeft, s);
  EXPECT_EQ(s.focus, Focus::kDevice);
}

TEST(Keys, WorkloadsMenuStartsAndStops) {
  UiState s = live_state();
  handle_key(kKeyDown, s);  // select workload 1
  handle_key('w', s);
  ASSERT_TRUE(s.menu_open);
  EXPECT_EQ(s.menu_selected, 1);
  EXPECT_EQ(handle_key(' ', s), (Action{ActionType::kStopWorkload, 1, 0}));
  EXPECT_FALSE(s.workload_running[1]);
  EXPECT_EQ(handle_key(kKeyEnter, s), (Action{ActionType::kStartWorkload, 1, 0}));
  handle_key(kKeyDown, s);
  EXPECT_EQ(handle_key(' ', s), (Action{ActionType::kStopWorkload, 2, 0}));
  EXPECT_EQ(handle_key('r', s).type, ActionType::kNone);  // menu keys only
  handle_key(kKeyEscape, s);
  EXPECT_FALSE(s.menu_open);
  handle_key('w', s);
  handle_key('w', s);
  EXPECT_FALSE(s.menu_open);
  handle_key('w', s);
  EXPECT_EQ(handle_key('q', s).type, ActionType::kQuit);
}

TEST(Keys, ReplayKeys) {
  UiState s = live_state();
  s.replay = true;
  EXPECT_EQ(handle_key('.', s).type, ActionType::kStepForward);
  EXPECT_EQ(handle_key('n', s).type, ActionType::kStepForward);
  EXPECT_EQ(handle_key(' ', s).type, ActionType::kTogglePause);
  EXPECT_EQ(handle_key('>', s), (Action{ActionType::kSpeedUp, -1, 2.0}));
  for (int i = 0; i < 10; ++i) handle_key('>', s);
  EXPECT_EQ(s.replay_speed, kMaxReplaySpeed);
  EXPECT_EQ(handle_key('>', s).type, ActionType::kNone);
  for (int i = 0; i < 10; ++i) handle_key('<', s);
  EXPECT_EQ(s.replay_speed, kMinReplaySpeed);
  // Live-only keys do nothing in replay.
  EXPECT_EQ(handle_key('r', s).type, ActionType::kNone);
  EXPECT_EQ(handle_key('m', s).type, ActionType::kNone);
  handle_key('w', s);
  EXPECT_FALSE(s.menu_open);
}

TEST(Keys, ScrollingViewsIsBounded) {
  UiState s = live_state();
  demo::DemoState ds;
  ds.t_s = 45;
  const DashboardModel m = demo::demo_model(ds);
  handle_key('?', s);
  sync_state(s, m, {80, 24});
  ASSERT_GT(s.view_lines, 30);
  EXPECT_EQ(s.view_page_rows, 24 - 2 - 1 - 1);  // header, footer, view title
  for (int i = 0; i < 100; ++i) handle_key(kKeyPageDown, s);
  EXPECT_EQ(s.view_scroll, s.view_lines - s.view_page_rows);  // the last page is full
  handle_key(kKeyHome, s);
  EXPECT_EQ(s.view_scroll, 0);
  handle_key(kKeyEnd, s);
  EXPECT_EQ(s.view_scroll, s.view_lines - s.view_page_rows);
}

// Every key the help screen lists does something (an action or a state change).
TEST(Keys, EveryKeyInTheHelpWorks) {
  const std::map<std::string, std::vector<int>> names = {
      {"q", {'q'}},         {"F10", {kKeyF10}},   {"?", {'?'}},          {"F1", {kKeyF1}},
      {"h", {'h'}},         {"Esc", {kKeyEscape}}, {"space", {' '}},     {".", {'.'}},
      {"n", {'n'}},         {"<", {'<'}},         {">", {'>'}},          {"Tab", {kKeyTab}},
      {"Shift-Tab", {kKeyBackTab}}, {"Left", {kKeyLeft}}, {"Right", {kKeyRight}},
      {"Up", {kKeyUp}},     {"Down", {kKeyDown}}, {"PgUp", {kKeyPageUp}}, {"PgDn", {kKeyPageDown}},
      {"+", {'+'}},         {"-", {'-'}},         {"r", {'r'}},          {"m", {'m'}},
      {"a", {'a'}},         {"i", {'i'}},         {"w", {'w'}},          {"t", {'t'}},
      {"d", {'d'}},         {"p", {'p'}},         {"Home", {kKeyHome}}, {"End", {kKeyEnd}}};
  for (const KeyBinding& b : key_bindings()) {
    std::string keys(b.keys);
    std::size_t pos = 0;
    while (pos < keys.size()) {
      const std::size_t end = keys.find("  ", pos);
      const std::string name = keys.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
      pos = end == std::string::npos ? keys.size() : end + 2;
      const auto it = names.find(name);
      ASSERT_NE(it, names.end()) << "help lists an unknown key name '" << name << "'";
      for (int key : it->second) {
        UiState s = live_state();
        s.replay = b.replay_only;
        // Start from a state where the key has an effect: a view to leave,
        // a panel with something to move in, a refresh that can change.
        if (key == kKeyEscape) s.view = View::kHelp;
        if (key == kKeyUp || key == kKeyPageUp || key == kKeyHome) s.selected_workload = 2;
        const UiState before = s;
        const Action a = handle_key(key, s);
        const bool changed = s.view != before.view || s.focus != before.focus ||
                             s.selected_workload != before.selected_workload ||
                             s.menu_open != before.menu_open || s.show_reasons != before.show_reasons ||
                             s.paused != before.paused || s.refresh_s != before.refresh_s;
        EXPECT_TRUE(a.type != ActionType::kNone || changed) << "key '" << name << "' did nothing";
      }
    }
  }
}
