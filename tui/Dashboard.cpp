#include "tui/Dashboard.hpp"

#include <algorithm>
#include <chrono>

#include "tui/Acknowledge.hpp"
#include "tui/Render.hpp"

namespace clscope::tui {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kSliceMs = 100;

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

}  // namespace

DashboardExit run_dashboard(Screen& screen, const DashboardOptions& options,
                            const std::function<DashboardModel()>& snapshot,
                            const std::function<void(const Action&)>& on_action) {
  UiState state;
  state.refresh_s = std::clamp(options.refresh_s, kMinRefreshS, kMaxRefreshS);
  state.ascii = options.ascii || !screen.utf8();
  state.replay = options.replay;
  state.replay_speed = options.replay_speed;
  state.view = state.home = options.home;

  AckTracker acks;
  DashboardModel model;
  Canvas canvas;
  auto refresh_model = [&] {
    model = snapshot();
    acks.apply(model);
    sync_state(state, model, screen.size());
  };
  auto draw = [&] {
    const Size size = screen.size();
    if (canvas.size() != size) canvas = Canvas(size.cols, size.rows);
    render(model, state, canvas);
    screen.draw(canvas);
  };

  refresh_model();
  draw();
  Clock::time_point next = Clock::now() + seconds(state.refresh_s);
  for (;;) {
    if (options.stop != nullptr && options.stop->load()) return DashboardExit::kStopped;
    if (!screen.active()) return DashboardExit::kStopped;  // restored behind our back
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(next - Clock::now());
    const int wait_ms = static_cast<int>(std::clamp<long long>(left.count(), 0, kSliceMs));
    int key = screen.read_key(wait_ms);
    bool dirty = false;
    bool acted = false;
    // Handle every key already typed before drawing once.
    while (key != kKeyNone) {
      if (key == kKeyResize) {
        dirty = true;
      } else {
        const Action action = handle_key(key, state);
        sync_state(state, model, screen.size());
        dirty = true;
        if (action.type == ActionType::kAcknowledge) {
          acks.acknowledge(model, action.workload);
          acks.apply(model);
        }
        if (action.type != ActionType::kNone) {
          on_action(action);
          acted = true;
        }
        if (action.type == ActionType::kQuit) return DashboardExit::kQuit;
        if (action.type == ActionType::kSetRefresh) next = Clock::now() + seconds(state.refresh_s);
      }
      if (options.stop != nullptr && options.stop->load()) return DashboardExit::kStopped;
      key = screen.read_key(0);
    }
    if (acted || Clock::now() >= next) {
      refresh_model();
      dirty = true;
      if (Clock::now() >= next) next = Clock::now() + seconds(state.refresh_s);
    }
    if (dirty) draw();
  }
}

}  // namespace clscope::tui
