#pragma once
// SIGINT, SIGTERM, SIGHUP and SIGQUIT: the handler only records the signal;
// one watcher thread per command turns it into that command's stop flag, and
// the command restores the terminal, flushes its records and exits with
// signal_exit_code(). (The one piece of process-wide state, as signal
// handlers require.)
#include <atomic>
#include <functional>
#include <thread>

#include "app/cli/ExitCode.hpp"

namespace clscope::app {

void install_signal_handlers();
/// The last signal received, or 0.
int pending_signal();
/// The exit code for a run ended by `sig`: 130 for SIGINT (the contract's
/// "interrupted"), 128 + N for the others (SIGHUP 129, SIGQUIT 131, SIGTERM 143).
ExitCode signal_exit_code(int sig);
/// signal_exit_code(pending_signal()), or 130 when no signal is pending (an
/// interruption asked for some other way).
ExitCode interrupted_exit_code();

/// For `run -- CMD`, which forwards each signal to the program once: like
/// install_signal_handlers(), and also notes whether the signal came from the
/// terminal (the kernel sends those to the whole foreground process group,
/// so the program already has it).
void install_forwarding_signal_handlers();
struct TakenSignal {
  int sig = 0;                 ///< 0: none since the last call
  bool from_terminal = false;  ///< sent by the kernel (tty), not by kill(2)
};
/// The signal received since the last call, cleared (one at a time).
TakenSignal take_signal();

/// Installs the handlers and, on its own thread, sets `stop` once a signal is
/// pending or `also_stop_when` (polled every 20 ms) says so. Joined on destruction.
class SignalWatcher {
 public:
  explicit SignalWatcher(std::atomic<bool>& stop, std::function<bool()> also_stop_when = {});
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace clscope::app
