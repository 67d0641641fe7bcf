#pragma once
// The consumers of a live run. A source (clscope's own workloads, run by
// LiveRun; the watched processes of `clscope watch`, app/watch/WatchRun) feeds core::Session, the sole owner of windows, phases, verdicts
// and events; after every window the run hands one RunUpdate to each of its
// sinks: the recording writer, the headless console lines, a check's
// observer. The dashboard reads the session's snapshot on its own thread.
// Sinks are called on the run's thread, in the order given, and must not
// block it for long (they write a few lines).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Event.hpp"
#include "core/Session.hpp"
#include "app/watch/WatchRound.hpp"
#include "core/Window.hpp"
#include "probes/Sampler.hpp"
#include "probes/Topology.hpp"
#include "workloads/Workload.hpp"

namespace clscope::app {

/// Where a workload's submitting thread ended up.
struct ThreadBinding {
  std::string workload;
  std::string thread;
  probes::BindResult result;
};

/// A workload's setup, once done: build, first launch, verification. Never
/// part of any throughput figure.
struct WorkloadSetup {
  std::string workload;
  std::string kind;
  core::Metric metric{};
  std::optional<double> slo_p99_ms;
  workloads::SetupInfo setup;
};

/// What one window of a run brings.
struct RunUpdate {
  std::vector<core::WindowStats> windows;     ///< one per workload that had a window
  std::vector<std::string> workload_names;    ///< by workload index
  std::vector<core::Event> events;            ///< the session's new events, markers included
  std::vector<WorkloadSetup> setups;          ///< setups completed since the last update
  std::vector<ThreadBinding> bindings;        ///< bindings applied since the last update
  std::shared_ptr<const probes::SampleSet> probes;   ///< the latest probe round, or null
  const probes::ProbeReading* device_reading = nullptr;  ///< the run's device in `probes`
  std::shared_ptr<const core::SessionSnapshot> snapshot;  ///< after this window
  /// `clscope watch` only: the watched processes of this window, their
  /// verdicts, evidence and threads (windows/snapshot then hold one workload
  /// of kind "process" per process found so far; one found after the first
  /// scan comes with a setup in `setups`).
  std::shared_ptr<const watch::WatchRound> watch;
  /// Source-specific records written to the recording as they are (an
  /// observed program's "app" and "app_end" records); empty for LiveRun.
  std::vector<nlohmann::json> records;
};

class RunSink {
 public:
  virtual ~RunSink() = default;
  /// The run's device and ceilings are ready and its workloads start; the
  /// manifest states what runs where. May throw core::RecordingError (exit 2).
  virtual void on_start(const nlohmann::json& manifest) { (void)manifest; }
  virtual void on_update(const RunUpdate& update) = 0;
  /// An event outside the window cadence (a workload failed), written at once.
  virtual void on_event(const core::Event& event) { (void)event; }
  /// The run ended (also after an error): write out what is buffered.
  virtual void on_end() {}
};

/// A sink that calls a function after every window (the check's observer).
class UpdateObserver : public RunSink {
 public:
  explicit UpdateObserver(std::function<void(const RunUpdate&)> f) : f_(std::move(f)) {}
  void on_update(const RunUpdate& update) override { f_(update); }

 private:
  std::function<void(const RunUpdate&)> f_;
};

}  // namespace clscope::app
