#pragma once
// SIGINT/SIGTERM/SIGHUP handling: the handler only records the signal; the
// main loop polls it, restores the terminal, flushes records and exits.
// (The one piece of process-wide state, as signal handlers require.)
namespace clscope::app {

void install_signal_handlers();
/// The last signal received, or 0.
int pending_signal();

}  // namespace clscope::app
