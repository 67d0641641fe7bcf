#pragma once
// The live analysis of a run: the sole writer of the per-workload series.
// Each closed window goes through the steady-state detector, the classifier
// and the verdict hysteresis; events come out. Readers (UI, headless printer)
// take immutable snapshots, published atomically.
// Thread-safety: add_windows/add_event/set_*/reset are called from one thread
// (the session's ticker); snapshot() from any thread.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/Classifier.hpp"
#include "core/Contention.hpp"
#include "core/Event.hpp"
#include "core/Report.hpp"
#include "core/SteadyState.hpp"
#include "core/VerdictTracker.hpp"
#include "core/Window.hpp"

namespace clscope::core {

struct WorkloadLive {
  WorkloadInfo info;
  std::vector<WindowStats> windows;     ///< the most recent windows (at most kLiveHistory)
  std::vector<Verdict> window_verdicts;  ///< the verdict in force at each of those windows
  std::size_t total_windows = 0;
  SteadyStatus steady;
  std::optional<VerdictResult> last;  ///< the classifier's result for the latest window
  Verdict verdict = Verdict::unknown;  ///< after hysteresis
  std::optional<double> verdict_since_s;
  bool highlight = false;  ///< moved off the GPU; cleared by acknowledge()
  /// Its level alone, once its solo phase ended (runs with several workloads).
  std::optional<SoloLevel> solo;
};

struct SessionSnapshot {
  double t_s = 0;  ///< end of the latest window
  std::vector<WorkloadLive> workloads;
  std::vector<Event> events;  ///< the most recent events (at most kLiveEvents), oldest first
  Ceilings ceilings;
};

inline constexpr std::size_t kLiveHistory = 600;
inline constexpr std::size_t kLiveEvents = 200;

class Session {
 public:
  explicit Session(std::vector<WorkloadInfo> workloads, AnalysisOptions options = {});

  void set_ceilings(const Ceilings& ceilings);
  /// A workload that appears during the session (a process `watch` finds
  /// after its first window); returns its index.
  int add_workload(const WorkloadInfo& info);
  void set_metric(int workload, Metric metric);
  /// One window per workload (as Aggregator::close_window returns them).
  /// `telemetry` may be null. Returns the events this window produced.
  std::vector<Event> add_windows(const std::vector<WindowStats>& windows,
                                 const DeviceTelemetry* telemetry = nullptr);
  void add_event(const Event& e);
  /// Ends a workload's solo phase: its solo level is computed from its
  /// windows inside `phase` (Contention.hpp) and used by the classifier from
  /// the next window on. Returns the `solo-level` event (also kept).
  Event end_solo_phase(int workload, const SoloPhase& phase);
  /// The phase given to end_solo_phase, if any.
  std::optional<SoloPhase> solo_phase(int workload) const;
  /// Restarts the live analysis (detectors, verdicts) from now; history stays.
  void reset(double t_s);
  void acknowledge();

  std::shared_ptr<const SessionSnapshot> snapshot() const;
  /// Every window of one workload since the start (for summaries).
  const std::vector<WindowStats>& all_windows(int workload) const;
  const std::vector<WorkloadInfo>& infos() const { return infos_; }
  /// The ceilings in force: as measured, or raised by a steady window that
  /// beat one by more than 2% (a "ceiling-raised" event says so).
  const Ceilings& ceilings() const { return ceilings_; }

 private:
  struct State {
    SteadyStateDetector detector;
    VerdictTracker tracker;
    PhaseEventTracker phases;
    WorkloadLive live;
    std::vector<WindowStats> all;
  };
  void publish(double t_s);
  State new_state(const WorkloadInfo& info) const;

  AnalysisOptions options_;
  std::vector<WorkloadInfo> infos_;
  std::vector<State> states_;
  Ceilings ceilings_;
  std::vector<Event> events_;
  mutable std::mutex snapshot_mu_;
  std::shared_ptr<const SessionSnapshot> snapshot_;
};

}  // namespace clscope::core
