#pragma once
// The process exit codes of the contract (clscope(1), EXIT STATUS). Every
// command returns one; main() is the only place that turns it into an int.
namespace clscope::app {

enum class ExitCode : int {
  kOk = 0,
  kCheckFailed = 1,   ///< a check item failed, or two runs are not comparable
  kUsage = 2,         ///< bad usage, config or input file
  kNoDevice = 3,      ///< no usable OpenCL platform or device
  kNagiosUnknown = 3, ///< with --nagios: UNKNOWN (bad usage, no device, no result)
  kRuntime = 4,       ///< device lost, kernel failed, a workload failed
  kHangup = 129,      ///< SIGHUP (128 + 1)
  kInterrupted = 130, ///< SIGINT (128 + 2)
  kQuit = 131,        ///< SIGQUIT (128 + 3)
  kTerminated = 143,  ///< SIGTERM (128 + 15)
};

constexpr int to_int(ExitCode code) { return static_cast<int>(code); }

/// The worse of two outcomes of one run: a refusal of the input (2) wins over
/// a runtime failure (4), which wins over success.
constexpr ExitCode worse(ExitCode a, ExitCode b) {
  auto rank = [](ExitCode c) { return c == ExitCode::kUsage ? 2 : c == ExitCode::kOk ? 0 : 1; };
  return rank(b) > rank(a) ? b : a;
}

}  // namespace clscope::app
