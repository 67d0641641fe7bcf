#pragma once
// The dashboard's processes view (key p) from one round of the process scan
// (probes::ProcessScan through watch::make_round): the same rows `clscope
// watch` prints, as tui::ProcessEntry. Pure; thread-safe.
//
// Device use is the verdict's evidence (busiest DRM engine, NVML SM
// utilisation, or on a CPU device the estimate from its worker threads);
// device memory is NVML's used memory or the DRM regions' resident bytes
// (VRAM regions when there are any); a value not read carries the scan's
// reason, or "needs two scans" on the first one.
#include <cstdint>
#include <string>

#include "app/watch/WatchRound.hpp"
#include "tui/Model.hpp"

namespace clscope::app {

struct ProcessesContext {
  /// The run dashboard: WHO column, `self_pid` marked "this run", every other
  /// process highlighted as another user of the device.
  bool run = false;
  std::int64_t self_pid = 0;
  bool verdicts = false;  ///< watch: a verdict and its evidence under each row
  std::string scope;      ///< the view's first line
  std::string note;       ///< a line under the table (e.g. why others are not shown)
  /// Shown when the round has no process and no source failed.
  std::string nobody = "no process uses this device";
};

/// One row of the view.
tui::ProcessEntry process_entry(const watch::ProcessRow& row);

/// The whole view; `round` null: the first scan has not finished yet.
tui::ProcessesInfo processes_info(const watch::WatchRound* round, const ProcessesContext& ctx);

}  // namespace clscope::app
