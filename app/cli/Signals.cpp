#include "app/cli/Signals.hpp"

#include <chrono>
#include <csignal>
#include <utility>

namespace clscope::app {
namespace {
volatile std::sig_atomic_t g_signal = 0;
extern "C" void on_signal(int sig) { g_signal = sig; }
}  // namespace

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocking reads wake up
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaction(sig, &sa, nullptr);
}

int pending_signal() { return g_signal; }

ExitCode signal_exit_code(int sig) {
  switch (sig) {
    case SIGHUP: return ExitCode::kHangup;
    case SIGQUIT: return ExitCode::kQuit;
    case SIGTERM: return ExitCode::kTerminated;
    default: return ExitCode::kInterrupted;  // SIGINT, or no signal at all
  }
}

ExitCode interrupted_exit_code() { return signal_exit_code(pending_signal()); }

SignalWatcher::SignalWatcher(std::atomic<bool>& stop, std::function<bool()> also_stop_when) {
  install_signal_handlers();
  thread_ = std::thread([this, &stop, when = std::move(also_stop_when)] {
    while (!done_) {
      if (pending_signal() || (when && when())) stop = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
}

SignalWatcher::~SignalWatcher() {
  done_ = true;
  thread_.join();
}

}  // namespace clscope::app
