#pragma once
// Starts the observed program of `clscope run -- CMD` and follows it to its
// end. The child gets the parent's environment plus the overrides given
// (OPENCL_LAYERS, CLSCOPE_LAYER_CHANNEL), inherits exactly one extra file
// descriptor (the layer channel; everything else clscope holds is
// close-on-exec) and, optionally, writes its stdout/stderr to a log file
// (or each to a file of its own) instead of clscope's own. The layer tests'
// runner (tests/layer/LayerRun) starts its programs with it too. Started with posix_spawnp (PATH search), in
// clscope's process group, so a terminal's Ctrl-C reaches it directly.
//
// Thread-safety: one owner thread; signal() may be called from any thread.
// Failure: start() returns an error text ("cannot start 'CMD': No such file
// or directory") and no child exists.
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace clscope::app {

struct ChildSpec {
  std::vector<std::string> argv;                ///< argv[0] searched in PATH
  std::vector<std::string> env_overrides;       ///< "NAME=value": replace or add
  int inherit_fd = -1;                          ///< stays open (same number) in the child
  std::optional<std::string> output_log;        ///< the child's stdout and stderr go here
  std::optional<std::string> stdout_file;       ///< without output_log: the child's stdout alone
  std::optional<std::string> stderr_file;       ///< without output_log: the child's stderr alone
};

/// `existing` (OPENCL_LAYERS of the parent, may be empty) with `layer`
/// appended: "a.so:b.so:layer.so". ocl-icd lists the driver's side first, so
/// clscope's layer sees the calls before the layers already configured.
std::string append_layer(const std::string& existing, const std::string& layer);

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  /// Reaps the child if it is still running (after SIGKILL): never leaves a zombie.
  ~ChildProcess();

  /// Empty string on success, else why the program could not be started.
  std::string start(const ChildSpec& spec);
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0 && !status_; }
  /// Non-blocking: true once the child has ended (status() then holds it).
  bool poll();
  /// The shell convention: the exit code, or 128 + N when killed by signal N.
  std::optional<int> status() const { return status_; }
  /// Sends `sig` to the child while it runs; no-op afterwards.
  void signal(int sig) const;

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
};

}  // namespace clscope::app
