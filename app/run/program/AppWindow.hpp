#pragma once
// Turns the layer's records of one window into the window's figures for the
// observed program: a core::WindowStats (what core::Session classifies) and
// the window's AppFigures (kernels by name, copies by direction).
//
// How the WindowStats fields are filled (all times CLOCK_MONOTONIC ns):
//  * span_ns: the window's wall time; iterations: commands with device times
//    that completed (END) in the window. A record completing after the
//    window's end stays pending for the next window, so the caller closes a
//    window some time after its end (AppSource: half a window later) to let
//    the commands running across the boundary report.
//  * device_busy_ns + transfer_ns: the union of the START-END intervals of
//    every record seen so far, clipped to the window (a command running
//    across the boundary counts in both windows for its part in each;
//    overlapping queues count once); transfer_ns is the union of the copies
//    (read/write/copy/map/unmap).
//  * bytes: bytes copied (the metric is commands_per_s, so the classifier
//    never takes them for kernel traffic); dispatch_us_p50/p99: START-QUEUED;
//    declared_bytes/declared_ops: the declared work of the kernels completed.
//  * The submitting thread (the one with the most time inside OpenCL calls):
//    api_wall_ns (time inside calls), wait_wall_ns (blocked in clFinish,
//    clWaitForEvents, blocking calls), host_work_ns (its CPU time outside
//    calls, run-queue waits included; needs ThreadCpu samples) and sleep_ns
//    (the rest of the window: neither in OpenCL nor wanting the CPU).
// Pure; not thread-safe (one builder per source thread).
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "LayerRecord.h"
#include "app/run/program/AppFigures.hpp"
#include "app/run/program/ThreadCpu.hpp"
#include "config/Config.hpp"
#include "core/Window.hpp"

namespace clscope::app {

struct AppWindow {
  core::WindowStats stats;
  AppFigures figures;
};

class AppWindowBuilder {
 public:
  /// `declared`: the work of kernels by name ([app.kernel."NAME"]); each
  /// completed launch of one adds its bytes and flops, evaluated for the
  /// launch's sizes, to the window's declared_bytes/declared_ops and to
  /// AppFigures::kernel_work.
  explicit AppWindowBuilder(std::map<std::string, config::AppKernelWork> declared = {})
      : declared_(std::move(declared)) {}
  void add(const clscope_layer_record& r);
  /// Queues one record (any order, any window).
  /// Closes the window [begin_ns, end_ns). `cpu_delta` is each thread's CPU
  /// time spent during the window (empty when unreadable: host work and sleep
  /// stay 0). `origin_ns` is the session's start (t_begin_s/t_end_s count from it).
  AppWindow close(std::int64_t origin_ns, std::int64_t begin_ns, std::int64_t end_ns,
                  const std::map<pid_t, ThreadCpuTimes>& cpu_delta);

 private:
  static bool has_interval(const clscope_layer_record& r);
  /// END for a command with device times, else when the call returned.
  static std::int64_t completion_ns(const clscope_layer_record& r);
  void account(const clscope_layer_record& r);

  std::vector<clscope_layer_record> pending_;
  std::map<pid_t, std::int64_t> api_ns_;   ///< per thread: inside OpenCL calls
  std::map<pid_t, std::int64_t> wait_ns_;  ///< per thread: blocked waiting
  core::Histogram dispatch_;
  AppFigures figures_;
  std::uint64_t api_calls_ = 0;
  std::map<std::string, config::AppKernelWork> declared_;
  double declared_bytes_ = 0;  ///< this window's, from declared_
  double declared_ops_ = 0;
};

/// Length of the union of `intervals`, each clipped to [lo, hi).
std::int64_t union_length(std::vector<std::pair<std::int64_t, std::int64_t>> intervals,
                          std::int64_t lo, std::int64_t hi);

}  // namespace clscope::app
