#pragma once
// The observed-program source of `clscope run -- CMD`: starts the program
// under the loader layer (libclscope-layer.so in OPENCL_LAYERS, a fresh
// channel in CLSCOPE_LAYER_CHANNEL), drains the channel every 20 ms on the
// thread that calls run(), and every window (closed half a window after its
// end, so commands running across it can report) turns the records into one
// core::WindowStats for a single workload of kind "app" named after the
// program (AppWindow.hpp). The window goes through core::Session (phases,
// verdicts, events) and the RunUpdate to every sink, as LiveRun does for
// clscope's own workloads; each update also carries an "app" record (the
// window's kernels and copies) for the recording.
//
// Signals: SIGINT/TERM/HUP/QUIT are forwarded to the program (once: a
// terminal's Ctrl-C already reached it), and clscope goes on until the
// program ends. --duration: the program gets SIGTERM when it is over (and
// SIGKILL 5 s later), like timeout(1).
//
// Thread-safety: run() on one thread; snapshot() from any thread.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ChannelReader.hpp"
#include "app/cli/ExitCode.hpp"
#include "config/Config.hpp"
#include "core/CeilingsRecord.hpp"
#include "app/run/RunSink.hpp"
#include "app/run/program/AppFigures.hpp"
#include "app/run/program/AppWindow.hpp"
#include "app/run/program/ChildProcess.hpp"
#include "core/Session.hpp"

namespace clscope::app {

struct AppSourceOptions {
  std::vector<std::string> program;    ///< argv of the program
  double window_s = 1.0;
  double duration_s = 0;               ///< 0: until the program ends
  std::optional<std::string> output_log;  ///< the program's stdout/stderr go here
  std::string command_line;            ///< clscope's, for the manifest
  std::string procfs_root = "/proc";   ///< for the program's thread CPU times
  std::string executable;              ///< clscope's own path (finds the layer); "" = /proc/self/exe
  /// The work of the program's kernels by name ([app.kernel."NAME"] of --config).
  std::map<std::string, config::AppKernelWork> declared_kernels;
  /// The device's cached ceilings (clscope calibrate), which place the
  /// declared kernels; none: their work is shown, not placed.
  std::optional<core::CeilingsRecord> ceilings;
};

/// The workload's name: the basename of the program ("/usr/bin/clpeak" -> "clpeak").
std::string program_name(const std::vector<std::string>& program);
/// Where the program's stdout/stderr go under the dashboard: next to the
/// recording ("run.jsonl" -> "run.program.log"), else
/// "$TMPDIR/clscope-NAME-PID.log" (/tmp without TMPDIR; PID is clscope's).
std::string program_log_path(const std::optional<std::string>& record, const std::string& name);

class AppSource {
 public:
  explicit AppSource(AppSourceOptions options);

  /// Starts the program and observes it until it ends. Returns kOk when the
  /// program ran (its status is program_status()), or clscope's own failure:
  /// kRuntime (no layer library, no channel) or kUsage (the program cannot be
  /// started, a recording cannot be created); error() says which.
  ExitCode run(const std::vector<RunSink*>& sinks);

  /// Any thread: asks the program to end (SIGTERM now, SIGKILL 5 s later);
  /// run() returns once it has (the dashboard's quit).
  void request_stop() { stop_requested_ = true; }
  /// Any thread: run() has returned.
  bool done() const { return done_; }
  /// After run() returned.
  std::optional<int> program_status() const { return child_.status(); }
  const std::string& name() const { return name_; }
  /// Any thread: the program's pid once it started, else 0.
  std::int64_t program_pid() const { return program_pid_; }
  std::string error() const;
  std::shared_ptr<const core::SessionSnapshot> snapshot() const;
  /// Any thread: the kernels, copies and launch overhead of the windows
  /// closed until now (figures_json: the same as app_figures_json).
  AppFigures figures() const;
  nlohmann::json figures_json() const;
  /// The end-of-run summary (clscope.run/1) with the app workload entry.
  nlohmann::json summary() const;

 private:
  ExitCode start(std::string& why);  ///< finds the layer, creates the channel
  ExitCode spawn(std::string& why);  ///< starts the program
  nlohmann::json manifest() const;
  RunUpdate close_window(std::int64_t end_ns, bool first);
  void forward_signals();
  void drain();

  AppSourceOptions options_;
  std::string name_;
  std::string layer_path_;
  std::optional<layer::LayerChannel> channel_;
  ChildSpec spec_;
  ChildProcess child_;
  std::atomic<std::int64_t> program_pid_{0};
  std::unique_ptr<core::Session> session_;
  std::int64_t origin_ns_ = 0;
  std::int64_t window_begin_ns_ = 0;
  double start_unix_s_ = 0;
  AppFigures totals_;
  layer::ChannelCounters counters_;
  std::map<pid_t, ThreadCpuTimes> last_cpu_;
  std::vector<clscope_layer_record> buffer_;
  AppWindowBuilder builder_;
  std::vector<int> forwarded_;
  bool duration_ended_ = false;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> done_{false};
  mutable std::mutex mu_;
  std::string error_;
};

}  // namespace clscope::app
