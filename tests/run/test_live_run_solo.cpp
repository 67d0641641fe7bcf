// LiveRun's staggered start on the OpenCL device present: two launch
// workloads, 0.2 s windows, 3 solo windows each. Asserts on the order and
// count of windows (never on their timing): workload b completes nothing
// until a's solo phase is over, a nothing inside b's phase after its first
// window (a's last launches may complete there), and both once together.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <variant>

#include "app/run/LiveRun.hpp"
#include "core/Contention.hpp"
#include "workloads/DeviceSelect.hpp"
#include "workloads/Discovery.hpp"

using namespace clscope;

TEST(LiveRunSolo, WorkloadsRunAloneInTurnThenTogether) {
  auto picked = workloads::select_device(workloads::parse_device_spec("auto"), workloads::discover());
  if (!std::holds_alternative<workloads::DeviceInfo>(picked)) GTEST_SKIP() << "no OpenCL device";
  const std::string cache = std::string(CLSCOPE_TEST_CACHE);
  setenv("XDG_CACHE_HOME", cache.c_str(), 1);

  config::Scenario sc;
  sc.window_s = 0.2;
  sc.duration_s = 0.8;
  sc.solo_windows = 3;
  auto a = config::parse_workload_spec("launch:name=a");
  auto b = config::parse_workload_spec("launch:name=b");
  a.name = "a";
  b.name = "b";
  sc.workloads = {a, b};
  app::LiveRun run(std::get<workloads::DeviceInfo>(picked), sc, app::LiveRunOptions{});

  std::vector<std::vector<core::WindowStats>> ticks;
  std::vector<core::Event> solo_events;
  app::UpdateObserver observer([&](const app::RunUpdate& u) {
    if (u.windows.size() == 2) ticks.push_back(u.windows);
    for (const auto& e : u.events)
      if (e.type == core::event_type::kSoloLevel) solo_events.push_back(e);
  });
  std::atomic<bool> stop{false};
  ASSERT_EQ(run.run(stop, {&observer}), app::ExitCode::kOk) << run.error();

  ASSERT_EQ(solo_events.size(), 2u);
  EXPECT_EQ(solo_events[0].workload, "a");
  EXPECT_EQ(solo_events[1].workload, "b");
  const core::SoloPhase pa{solo_events[0].evidence["from_s"], solo_events[0].evidence["to_s"]};
  const core::SoloPhase pb{solo_events[1].evidence["from_s"], solo_events[1].evidence["to_s"]};
  EXPECT_DOUBLE_EQ(pb.from_s, pa.to_s);  // b's phase starts where a's ends
  EXPECT_TRUE(solo_events[0].evidence["level"].is_number()) << solo_events[0].evidence.dump();
  EXPECT_TRUE(solo_events[1].evidence["level"].is_number()) << solo_events[1].evidence.dump();

  int in_a = 0, in_b = 0, together = 0, b_before = 0, a_inside_b = 0;
  bool first_of_b = true;
  for (const auto& t : ticks) {
    const core::WindowStats& wa = t[0];
    const core::WindowStats& wb = t[1];
    if (core::inside(pa, wa)) {
      ++in_a;
      EXPECT_EQ(wb.iterations, 0u) << "b ran during a's solo window ending at " << wb.t_end_s;
    } else if (core::inside(pb, wb)) {
      ++in_b;
      if (!first_of_b) a_inside_b += wa.iterations > 0 ? 1 : 0;
      first_of_b = false;
    } else if (wa.t_begin_s >= pb.to_s - 1e-6) {
      ++together;
      EXPECT_GT(wa.iterations + wb.iterations, 0u);
    } else {
      b_before += wb.iterations > 0 ? 1 : 0;  // setup windows: everyone held
    }
  }
  EXPECT_EQ(in_a, 3);
  EXPECT_EQ(in_b, 3);
  EXPECT_EQ(a_inside_b, 0);
  EXPECT_EQ(b_before, 0);
  // --duration counts from the end of the solo phases: 0.8 s = 4 windows together.
  EXPECT_GE(together, 3);
  // b's first completed window comes after a's solo windows.
  std::size_t first_a = ticks.size(), first_b = ticks.size();
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    if (ticks[i][0].iterations > 0 && first_a == ticks.size()) first_a = i;
    if (ticks[i][1].iterations > 0 && first_b == ticks.size()) first_b = i;
  }
  EXPECT_GE(first_b, first_a + 3);
}
