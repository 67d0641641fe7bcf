#include "app/cli/Signals.hpp"

#include <chrono>
#include <csignal>
#include <utility>

namespace clscope::app {
namespace {
volatile std::sig_atomic_t g_signal = 0;
volatile std::sig_atomic_t g_taken = 0;
volatile std::sig_atomic_t g_taken_from_terminal = 0;
extern "C" void on_signal(int sig) { g_signal = sig; }
extern "C" void on_signal_info(int sig, siginfo_t* info, void*) {
  g_signal = sig;
  g_taken_from_terminal = info && info->si_code == SI_KERNEL;
  g_taken = sig;
}
}  // namespace

void install_forwarding_signal_handlers() {
  struct sigaction sa {};
  sa.sa_sigaction = on_signal_info;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_SIGINFO;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaction(sig, &sa, nullptr);
}

TakenSignal take_signal() {
  // Block the four while reading, so a signal and its origin are read together.
  sigset_t set, old;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set, sig);
  pthread_sigmask(SIG_BLOCK, &set, &old);
  TakenSignal t{g_taken, g_taken_from_terminal != 0};
  g_taken = 0;
  g_taken_from_terminal = 0;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return t;
}

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
