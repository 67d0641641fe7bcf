// tui_demo: the dashboard on a synthetic, changing model, to try the real
// terminal code (tmux tests, manual checks). Not installed.
//
//   tui_demo [--ascii] [--no-color] [--replay] [--refresh S] [--start S]
//
// Exit: 0 on q, 130 on SIGINT/SIGTERM/SIGHUP, 2 when the terminal is unusable.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "DemoModel.hpp"
#include "tui/Dashboard.hpp"

using namespace clscope::tui;

int main(int argc, char** argv) {
  bool ascii = false;
  bool no_color = false;
  bool replay = false;
  double refresh_s = kDefaultRefreshS;
  double start_s = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--ascii") ascii = true;
    else if (a == "--no-color") no_color = true;
    else if (a == "--replay") replay = true;
    else if (a == "--refresh" && i + 1 < argc) refresh_s = std::atof(argv[++i]);
    else if (a == "--start" && i + 1 < argc) start_s = std::atof(argv[++i]);
    else {
      std::fprintf(stderr, "usage: tui_demo [--ascii] [--no-color] [--replay] [--refresh S] [--start S]\n");
      return 2;
    }
  }

  // Signals without a global: block them here (inherited by every thread)
  // and let one thread sigwait() for them and set the loop's stop flag.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::atomic<bool> stop{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&set, &sig);
    stop = true;
  });

  auto opened = Screen::open({color_enabled(no_color, std::getenv("NO_COLOR")), ascii});
  if (!opened.screen) {
    std::fprintf(stderr, "tui_demo: %s\n", opened.error.c_str());
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    return 2;
  }

  demo::DemoState state;
  state.t_s = start_s;
  state.replay = replay;
  using Clock = std::chrono::steady_clock;
  Clock::time_point last = Clock::now();
  auto advance = [&] {
    const Clock::time_point now = Clock::now();
    const double dt = std::chrono::duration<double>(now - last).count();
    last = now;
    if (!state.paused) state.t_s += dt * (replay ? state.replay_speed : 1.0);
  };
  DashboardOptions options;
  options.refresh_s = refresh_s;
  options.ascii = ascii;
  options.replay = replay;
  options.stop = &stop;
  const DashboardExit how = run_dashboard(
      *opened.screen, options,
      [&] {
        advance();
        return demo::demo_model(state);
      },
      [&](const Action& a) {
        advance();
        switch (a.type) {
          case ActionType::kTogglePause: state.paused = !state.paused; break;
          case ActionType::kResetStats: state.stats_reset_s = state.t_s; break;
          case ActionType::kMarker: state.markers.push_back(state.t_s); break;
          case ActionType::kStartWorkload:
          case ActionType::kStopWorkload:
            if (a.workload >= 0 && a.workload < static_cast<int>(state.toggles.size()) &&
                demo::running_at(state, static_cast<std::size_t>(a.workload), state.t_s) ==
                    (a.type == ActionType::kStopWorkload))
              state.toggles[static_cast<std::size_t>(a.workload)].push_back(state.t_s);
            break;
          case ActionType::kStepForward: state.t_s += 1; break;
          case ActionType::kSpeedUp:
          case ActionType::kSpeedDown: state.replay_speed = a.value; break;
          default: break;
        }
      });
  opened.screen->restore();
  if (how == DashboardExit::kQuit) {
    pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter (the signal is blocked: sigwait takes it)
  }
  waiter.join();
  return how == DashboardExit::kQuit ? 0 : 130;
}
