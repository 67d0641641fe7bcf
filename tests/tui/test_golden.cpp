// Golden text renders of fixed models. On a mismatch the test prints the
// differing lines; CLSCOPE_UPDATE_GOLDEN=1 rewrites the files instead.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "DemoModel.hpp"
#include "tui/Acknowledge.hpp"
#include "tui/Render.hpp"

using namespace clscope::tui;

namespace {

std::string golden_path(const std::string& name) {
  return std::string(CLSCOPE_SOURCE_DIR) + "/tests/tui/golden/" + name + ".txt";
}

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

void expect_golden(const std::string& name, const Canvas& canvas) {
  const std::string actual = canvas.to_text();
  const std::string path = golden_path(name);
  const char* update = std::getenv("CLSCOPE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path) << actual;
    return;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in) << "missing golden file " << path
                  << " (run with CLSCOPE_UPDATE_GOLDEN=1 to create it)";
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string expected = buf.str();
  if (expected == actual) return;
  const auto e = split_lines(expected);
  const auto a = split_lines(actual);
  std::ostringstream diff;
  for (std::size_t i = 0; i < std::max(e.size(), a.size()); ++i) {
    const std::string el = i < e.size() ? e[i] : "<none>";
    const std::string al = i < a.size() ? a[i] : "<none>";
    if (el != al) diff << "line " << i + 1 << ":\n- " << el << "\n+ " << al << "\n";
  }
  ADD_FAILURE() << "render differs from " << path << "\n"
                << diff.str() << "(if the change is intended: CLSCOPE_UPDATE_GOLDEN=1)";
}

Canvas render_at(const DashboardModel& m, UiState s, Size size) {
  sync_state(s, m);
  Canvas c(size.cols, size.rows);
  render(m, s, c);
  return c;
}

DashboardModel model_at(double t) {
  demo::DemoState ds;
  ds.t_s = t;
  DashboardModel m = demo::demo_model(ds);
  AckTracker acks;
  acks.apply(m);
  return m;
}

}  // namespace

TEST(Golden, Main80x24Warming) { expect_golden("main_80x24_warming", render_at(model_at(10), {}, {80, 24})); }

TEST(Golden, Main80x24ShiftedOffGpu) {
  expect_golden("main_80x24_shift", render_at(model_at(45), {}, {80, 24}));
}

TEST(Golden, Main120x40) { expect_golden("main_120x40", render_at(model_at(45), {}, {120, 40})); }

TEST(Golden, Main120x40Ascii) {
  UiState s;
  s.ascii = true;
  expect_golden("main_120x40_ascii", render_at(model_at(45), s, {120, 40}));
}

TEST(Golden, Main80x24DeviceFocusedWithReasons) {
  UiState s;
  s.focus = Focus::kDevice;
  s.selected_metric = 4;
  s.show_reasons = true;
  expect_golden("main_80x24_reasons", render_at(model_at(45), s, {80, 24}));
}

TEST(Golden, Small40x12) { expect_golden("main_40x12", render_at(model_at(45), {}, {40, 12})); }

TEST(Golden, Starting80x24) {
  DashboardModel m;
  m.header.host = "node17";
  m.header.mode = "compiling kernels 1/3";
  m.header.uptime_s = 0.4;
  m.device.metrics = {{"Core clock", std::nullopt, std::nullopt, "MHz", "probe starting", ""}};
  expect_golden("starting_80x24", render_at(m, {}, {80, 24}));
}

TEST(Golden, Help80x24) {
  UiState s;
  s.view = View::kHelp;
  expect_golden("help_80x24", render_at(model_at(45), s, {80, 24}));
}

TEST(Golden, HelpReplay120x40) {
  UiState s;
  s.view = View::kHelp;
  s.replay = true;
  expect_golden("help_replay_120x40", render_at(model_at(45), s, {120, 40}));
}

TEST(Golden, Topology80x24) {
  UiState s;
  s.view = View::kTopology;
  expect_golden("topology_80x24", render_at(model_at(45), s, {80, 24}));
}

TEST(Golden, TopologyUnavailable80x24) {
  DashboardModel m = model_at(45);
  m.topology = {};
  m.topology.path_unavailable_reason = "hwloc found no PCI objects for this device";
  m.topology.bindings_unavailable_reason = "workload threads not started yet";
  UiState s;
  s.view = View::kTopology;
  expect_golden("topology_unavailable_80x24", render_at(m, s, {80, 24}));
}

TEST(Golden, Details80x24) {
  UiState s;
  s.view = View::kDeviceDetails;
  expect_golden("details_80x24", render_at(model_at(45), s, {80, 24}));
}

TEST(Golden, Menu80x24) {
  DashboardModel m = model_at(45);
  m.workloads[2].running = false;
  UiState s;
  s.menu_open = true;
  s.menu_selected = 1;
  expect_golden("menu_80x24", render_at(m, s, {80, 24}));
}

TEST(Golden, Replay80x24) {
  demo::DemoState ds;
  ds.t_s = 33;
  ds.replay = true;
  ds.replay_speed = 2;
  UiState s;
  s.replay = true;
  s.replay_speed = 2;
  expect_golden("replay_80x24", render_at(demo::demo_model(ds), s, {80, 24}));
}

TEST(Golden, Program80x24TopKernels) {
  DashboardModel m = model_at(45);
  m.workloads.resize(1);
  m.workloads[0].name = "clpeak";
  m.workloads[0].kind = "app";
  m.top_kernels = std::vector<KernelRow>{{"compute_sp_v16", 120, 3.52, 31000.0, 0.62},
                                         {"global_bandwidth_v4_local_offset", 300, 1.9, 7400.0, 0.33},
                                         {"kernel_latency", 20000, 0.28, 19.5, 0.05}};
  expect_golden("program_80x24", render_at(m, {}, {80, 24}));
}

TEST(Golden, Processes80x24) {
  UiState s;
  s.view = View::kProcesses;
  expect_golden("processes_80x24", render_at(model_at(45), s, {80, 24}));
}

TEST(Golden, Processes120x40Reasons) {
  UiState s;
  s.view = View::kProcesses;
  s.show_reasons = true;
  expect_golden("processes_120x40_reasons", render_at(model_at(45), s, {120, 40}));
}
