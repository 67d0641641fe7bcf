#pragma once
// What an observed program did, per kernel name and per copy direction:
// the raw, mergeable figures behind the "kernels" and "copies" of an app
// workload (clscope.run/1 summary, clscope.report/1). One window's figures
// are recorded ("app" records of clscope.record/1); report merges them back,
// so every derived number (mean, percentiles, share, rate) is recomputed.
// Plain value type; not thread-safe (one writer, or copies).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Histogram.hpp"

namespace clscope::app {

struct CopyFigures {
  std::uint64_t count = 0;
  double bytes = 0;
  std::int64_t device_ns = 0;  ///< sum of END-START (0 when no device times)
};

/// The work the user declared for a kernel ([app.kernel."NAME"]), summed
/// over its completed launches.
struct KernelWork {
  double bytes = 0;
  double flops = 0;
};

struct AppFigures {
  std::map<std::string, core::Histogram> kernels;  ///< END-START per launch, ns, by name
  std::map<std::string, KernelWork> kernel_work;   ///< declared kernels only, by name
  std::map<std::string, CopyFigures> copies;       ///< by direction: "h2d", "d2h", "d2d"
  core::Histogram queued_to_submit;  ///< launch overhead, ns, every timed command
  core::Histogram submit_to_start;
  std::int64_t host_wait_ns = 0;     ///< clFinish, clWaitForEvents, blocking calls, all threads
  std::uint64_t commands = 0;        ///< commands with device times
  std::uint64_t failed_calls = 0;    ///< calls that returned an error

  void merge(const AppFigures& other);
  bool empty() const { return commands == 0 && failed_calls == 0 && host_wait_ns == 0; }
};

/// One kernel name's derived figures.
struct KernelSummary {
  std::string name;
  std::uint64_t count = 0;
  double total_s = 0;                     ///< sum of END-START
  std::optional<double> mean_us, p50_us, p99_us;
  std::optional<double> share;            ///< of all kernel time, 0..1 (none without kernel time)
  /// Declared kernels only: their declared work over their device time.
  std::optional<double> gbs, gflops;
};

/// The kernels by total time, largest first (equal totals keep name order).
std::vector<KernelSummary> kernel_summaries(const AppFigures& f);

/// Raw form (histograms as core::Histogram JSON), for recordings.
void to_json(nlohmann::json& j, const AppFigures& f);
void from_json(const nlohmann::json& j, AppFigures& f);

/// Derived form for summaries and reports:
///  "kernels": [{"name","count","total_s","mean_us","p50_us","p99_us","share"}]
///    sorted by total time (share = of all kernel time); a kernel whose work
///    is declared also has "declared_bytes", "declared_flops", "gbs", "gflops",
///  "copies": {"h2d"|"d2h"|"d2d": {"count","bytes","total_s","gbs"}} (gbs null without device times),
///  "launch_overhead_us": {"queued_to_submit_p50","submit_to_start_p50","queued_to_start_p50"...},
///  "host_wait_s", "commands", "failed_calls".
nlohmann::json app_figures_json(const AppFigures& f);

}  // namespace clscope::app
