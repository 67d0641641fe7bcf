// `clscope replay FILE.jsonl`: the dashboard over a recording. The windows are
// fed again, at the chosen speed, into a fresh core::Session, so phases,
// verdicts and events are recomputed from the raw records as in `report`.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "app/cli/Commands.hpp"
#include "app/dashboard/DashboardFeed.hpp"
#include "app/dashboard/OpenScreen.hpp"
#include "app/record/RecordingLoader.hpp"
#include "app/cli/Signals.hpp"
#include "probes/Report.hpp"
#include "core/Time.hpp"
#include "tui/Dashboard.hpp"
#include "tui/Screen.hpp"

namespace clscope::app {

ExitCode cmd_replay(const CliOptions& cli) {
  if (cli.args.size() != 1) {
    std::cerr << "clscope: replay needs one recording: clscope replay FILE.jsonl\n";
    return ExitCode::kUsage;
  }
  LoadedRun run;
  try {
    run = load_run(cli.args[0]);
  } catch (const core::RecordingError& e) {
    std::cerr << "clscope: " << e.what() << "\n";
    return ExitCode::kUsage;
  }
  std::size_t windows = 0;
  for (const auto& s : run.series) windows = std::max(windows, s.windows.size());
  if (run.series.empty() || windows == 0) {
    std::cerr << "clscope: " << cli.args[0] << ": the recording holds no windows to replay\n";
    return ExitCode::kUsage;
  }
  // Probe records in time order, for the device panel and host CPU chart.
  std::vector<const nlohmann::json*> probes_seen;
  for (const auto& r : run.recording.records)
    if (r.value("type", "") == "probe") probes_seen.push_back(&r);

  const auto screen = open_dashboard_screen(cli);
  if (!screen) return ExitCode::kUsage;
  for (const auto& w : run.recording.warnings) std::cerr << "clscope: warning: " << w << "\n";

  std::vector<core::WorkloadInfo> infos;
  for (const auto& s : run.series) infos.push_back(s.info);
  core::Session session(infos);
  session.set_ceilings(run.ceilings);
  std::size_t next = 0;  // next window index to feed
  double replay_t = 0;   // recording time shown
  double speed = 1.0;
  bool paused = false;
  std::int64_t last_ns = core::now_ns();
  std::size_t probe_i = 0;
  const nlohmann::json* probe = nullptr;
  std::size_t raw_event_i = 0;
  std::vector<bool> solo_ended(run.series.size(), false);

  auto window_end = [&](std::size_t k) {
    double t = 0;
    for (const auto& s : run.series)
      if (k < s.windows.size()) t = std::max(t, s.windows[k].t_end_s);
    return t;
  };
  auto feed_one = [&] {
    std::vector<core::WindowStats> batch;
    for (const auto& s : run.series)
      if (next < s.windows.size()) batch.push_back(s.windows[next]);
    const double t = window_end(next);
    while (raw_event_i < run.raw_events.size() && run.raw_events[raw_event_i].t_s <= t)
      session.add_event(run.raw_events[raw_event_i++]);
    session.add_windows(batch);
    // A solo phase ends with its last window: the level applies from the next.
    for (std::size_t i = 0; i < run.series.size(); ++i)
      if (run.series[i].solo && !solo_ended[i] && run.series[i].solo->to_s <= t + 1e-6) {
        solo_ended[i] = true;
        session.end_solo_phase(static_cast<int>(i), *run.series[i].solo);
      }
    while (probe_i < probes_seen.size() && probes_seen[probe_i]->value("t_s", 0.0) <= t)
      probe = probes_seen[probe_i++];
    ++next;
  };

  std::atomic<bool> stop_ui{false};
  std::optional<SignalWatcher> watcher(std::in_place, stop_ui);
  const auto& m = run.recording.manifest;
  DashboardFeed feed;
  auto snapshot = [&]() -> tui::DashboardModel {
    const std::int64_t now = core::now_ns();
    if (!paused) replay_t += static_cast<double>(now - last_ns) * 1e-9 * speed;
    last_ns = now;
    while (next < windows && window_end(next) <= replay_t) feed_one();
    if (next >= windows) replay_t = std::min(replay_t, window_end(windows - 1));
    FeedInput in;
    in.host = m.value("host", std::string("?"));
    in.device = m.contains("opencl") ? m["opencl"]["device"].value("name", std::string("?")) : "?";
    in.platform = m.contains("opencl") ? m["opencl"].value("platform", std::string()) : "";
    in.uptime_s = replay_t;
    in.t_s = replay_t;
    char mode[96];
    std::snprintf(mode, sizeof mode, "replay %gx%s%s", speed, paused ? " paused" : "",
                  next >= windows ? " (end)" : "");
    in.mode = mode;
    in.session = session.snapshot();
    if (probe && probe->contains("device")) {
      in.device_sample = probes::sample_from_json((*probe)["device"]);
    } else {
      in.device_missing = probe ? "no device telemetry in the recording" : "no probe record yet";
    }
    if (probe && probe->contains("host_cpu")) {
      const auto host = probes::sample_from_json((*probe)["host_cpu"]);
      if (const auto it = host.metrics.find("cpu_busy_pct"); it != host.metrics.end())
        in.host_cpu_pct = it->second;
    }
    if (!in.host_cpu_pct) in.host_cpu_missing = "no host CPU sample in the recording";
    in.topology.path_unavailable_reason = "not shown in replay (see the manifest's topology)";
    in.topology.bindings_unavailable_reason = "not shown in replay";
    in.processes.empty_reason = "a recording holds no process scan";
    for (const auto& [k, v] : m.items())
      if (v.is_string() || v.is_number()) in.device_details.push_back({k, v.is_string() ? v.get<std::string>() : v.dump()});
    in.status = cli.args[0];
    return feed.build(in);
  };
  auto on_action = [&](const tui::Action& a) {
    switch (a.type) {
      case tui::ActionType::kTogglePause: paused = !paused; break;
      case tui::ActionType::kStepForward:
        paused = true;
        if (next < windows) {
          feed_one();
          replay_t = window_end(next - 1);
        }
        break;
      case tui::ActionType::kSpeedUp:
      case tui::ActionType::kSpeedDown:
        if (a.value > 0) speed = a.value;
        break;
      case tui::ActionType::kAcknowledge: session.acknowledge(); break;
      default: break;
    }
  };
  tui::DashboardOptions opts;
  opts.ascii = cli.ascii;
  opts.replay = true;
  opts.stop = &stop_ui;
  const auto how = tui::run_dashboard(*screen, opts, snapshot, on_action);
  watcher.reset();
  screen->restore();
  if (how == tui::DashboardExit::kStopped && pending_signal()) return interrupted_exit_code();
  return ExitCode::kOk;
}

}  // namespace clscope::app
