// The processes view (key p) on hand-built models: sorting, unavailable
// values and their reasons, the "this run" marker, watch verdicts, the empty
// state, and the keys that open it.
#include <gtest/gtest.h>

#include "DemoModel.hpp"
#include "tui/Render.hpp"
#include "tui/RenderParts.hpp"

using namespace clscope::tui;

namespace {

int row_of(const Canvas& c, const std::string& needle) {
  for (int y = 0; y < c.rows(); ++y)
    if (c.row_text(y).find(needle) != std::string::npos) return y;
  return -1;
}

int col_of(const Canvas& c, int y, const std::string& needle) {
  // Column of an ASCII needle in row y (cells, not bytes).
  std::string row;
  for (int x = 0; x < c.cols(); ++x) row.push_back(c.at(x, y).ch < 0x80 ? static_cast<char>(c.at(x, y).ch) : '#');
  const auto pos = row.find(needle);
  return pos == std::string::npos ? -1 : static_cast<int>(pos);
}

Canvas draw(const DashboardModel& m, UiState s, Size size = {120, 30}) {
  if (s.view == View::kMain) s.view = View::kProcesses;
  sync_state(s, m);
  Canvas c(size.cols, size.rows);
  render(m, s, c);
  return c;
}

ProcessEntry entry(std::int64_t pid, std::string command, std::optional<double> dev,
                   std::optional<double> cpu) {
  ProcessEntry e;
  e.pid = pid;
  e.command = std::move(command);
  e.device_pct = dev;
  if (!dev) e.device_pct_reason = "needs two scans";
  e.cpu_pct = cpu;
  if (!cpu) e.cpu_reason = "permission denied: ptrace rights";
  return e;
}

}  // namespace

TEST(ProcessesView, KeyPTogglesAndEscapeGoesHome) {
  UiState s;
  handle_key('p', s);
  EXPECT_EQ(s.view, View::kProcesses);
  handle_key('p', s);
  EXPECT_EQ(s.view, View::kMain);
  handle_key('p', s);
  handle_key(kKeyEscape, s);
  EXPECT_EQ(s.view, View::kMain);
  // clscope watch: the processes view is home; help goes back to it.
  UiState w;
  w.home = w.view = View::kProcesses;
  handle_key('?', w);
  EXPECT_EQ(w.view, View::kHelp);
  handle_key('?', w);
  EXPECT_EQ(w.view, View::kProcesses);
  handle_key('t', w);
  handle_key(kKeyEscape, w);
  EXPECT_EQ(w.view, View::kProcesses);
  handle_key('p', w);
  EXPECT_EQ(w.view, View::kProcesses);
}

TEST(ProcessesView, HelpListsTheKey) {
  UiState s;
  s.view = View::kHelp;
  const Canvas c = draw(demo::demo_model({}), s);
  const int y = row_of(c, "processes using the device");
  ASSERT_GE(y, 0) << c.to_text();
  EXPECT_NE(c.row_text(y).find("  p "), std::string::npos);
}

TEST(ProcessesView, SortedByDeviceUseThenCpu) {
  DashboardModel m;
  m.processes.rows = {entry(10, "low-dev", 10, 50), entry(11, "no-dev-hot", std::nullopt, 90),
                      entry(12, "top-dev", 80, 5), entry(13, "low-dev-hotter", 10, 70),
                      entry(14, "nothing", std::nullopt, std::nullopt)};
  const Canvas c = draw(m, {});
  const int head = row_of(c, "COMMAND");
  ASSERT_GE(head, 0) << c.to_text();
  const char* order[] = {"top-dev", "low-dev-hotter", "low-dev ", "no-dev-hot", "nothing"};
  int prev = head;
  for (const char* cmd : order) {
    const int y = row_of(c, cmd);
    EXPECT_GT(y, prev) << cmd << "\n" << c.to_text();
    prev = y;
  }
  const auto sorted = detail::sorted_processes(m.processes);
  ASSERT_EQ(sorted.size(), 5u);
  EXPECT_EQ(sorted.front().pid, 12);
  EXPECT_EQ(sorted.back().pid, 14);
}

TEST(ProcessesView, UnreadValuesAreDimDashesWithReasonsOnDemand) {
  DashboardModel m;
  m.processes.rows = {entry(77, "blocked", std::nullopt, std::nullopt)};
  m.processes.rows[0].device_mem_reason = "the driver reports no memory per client";
  Canvas c = draw(m, {});
  const int y = row_of(c, "blocked");
  ASSERT_GE(y, 0);
  const int dash = col_of(c, y, "-");
  ASSERT_GE(dash, 0);
  EXPECT_TRUE(c.at(dash, y).style.dim);
  EXPECT_LT(row_of(c, "needs two scans"), 0) << "reasons only on demand";
  EXPECT_GE(row_of(c, "i shows why"), 0) << c.to_text();

  UiState s;
  s.show_reasons = true;
  c = draw(m, s, {160, 30});
  EXPECT_EQ(row_of(c, "- device use: needs two scans"), y + 1) << c.to_text();
  EXPECT_EQ(row_of(c, "- device memory: the driver reports no memory per client"), y + 2);
  EXPECT_EQ(row_of(c, "- CPU: permission denied: ptrace rights"), y + 3);
}

TEST(ProcessesView, ThisRunMarkedAndOtherUsersHighlighted) {
  const DashboardModel m = demo::demo_model({});
  const Canvas c = draw(m, {});
  const int self = row_of(c, "this run");
  ASSERT_GE(self, 0) << c.to_text();
  EXPECT_NE(c.row_text(self).find("4242"), std::string::npos);
  EXPECT_EQ(c.at(col_of(c, self, "this run"), self).style.color, Color::kGreen);
  const int other = row_of(c, "31337");
  ASSERT_GE(other, 0);
  const int tag = col_of(c, other, "OTHER");
  ASSERT_GE(tag, 0);
  EXPECT_TRUE(c.at(tag, other).style.reverse);
  EXPECT_EQ(c.at(col_of(c, other, "31337"), other).style.color, Color::kYellow);
  // Sorted: this run (71.5 % of the device) above the other user (23 %), Xorg last.
  EXPECT_LT(self, other);
  EXPECT_GT(row_of(c, "Xorg"), other);
  // NUMA: the other user's threads ran off the device's node.
  EXPECT_NE(c.row_text(other).find("0,1 != dev 0"), std::string::npos) << c.row_text(other);
}

TEST(ProcessesView, WatchShowsVerdictAndEvidenceUnderEachRow) {
  DashboardModel m;
  m.processes.show_verdicts = true;
  ProcessEntry e = entry(500, "./app", 5, 99);
  e.device_pct_estimate = true;
  e.verdict = "host-bound";
  e.evidence = "device busy 5% while thread 501 (app) at 99% of a core";
  m.processes.rows = {e};
  const Canvas c = draw(m, {});
  const int y = row_of(c, "./app");
  ASSERT_GE(y, 0);
  EXPECT_NE(c.row_text(y).find("~5"), std::string::npos) << "an estimate is marked";
  EXPECT_EQ(row_of(c, "host-bound"), y + 1);
  EXPECT_NE(c.row_text(y + 1).find("thread 501 (app) at 99%"), std::string::npos);
  EXPECT_EQ(row_of(c, "WHO"), -1) << "no WHO column for watch";
}

TEST(ProcessesView, EmptyStateSaysWhy) {
  DashboardModel m;
  m.processes.empty_reason =
      "no process uses a GPU here; a CPU device's users are only known with --pid";
  m.processes.notes = {"drm: /proc: no process could be listed"};
  const Canvas c = draw(m, {});
  EXPECT_GE(row_of(c, "a CPU device's users are only known with --pid"), 0) << c.to_text();
  EXPECT_GE(row_of(c, "drm: /proc: no process could be listed"), 0);
  EXPECT_LT(row_of(c, "COMMAND"), 0) << "no table without rows";
  EXPECT_GE(row_of(c, "PROCESSES"), 0);

  DashboardModel nothing;
  EXPECT_GE(row_of(draw(nothing, {}), "no process found yet"), 0);
}

TEST(ProcessesView, AsciiOnlyAndFitsEverySize) {
  DashboardModel m = demo::demo_model({});
  m.processes.rows[1].command = "ünïcode — tool";
  for (Size size : {Size{40, 12}, Size{80, 24}, Size{200, 60}}) {
    UiState s;
    s.ascii = true;
    s.show_reasons = true;
    const Canvas c = draw(m, s, size);
    EXPECT_TRUE(c.ascii_only()) << c.to_text();
  }
}

TEST(ProcessesView, WorkloadsMenuOnlyOpensOverTheMainView) {
  UiState s;
  s.home = s.view = View::kProcesses;  // watch: no workloads to start or stop
  handle_key('w', s);
  EXPECT_FALSE(s.menu_open);
  handle_key('q', s);  // still answers keys
  UiState main;
  handle_key('w', main);
  EXPECT_TRUE(main.menu_open);
}
