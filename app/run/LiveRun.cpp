#include "app/run/LiveRun.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <thread>

#include "app/output/Summary.hpp"
#include "app/run/CalibrationWatch.hpp"
#include "app/run/Telemetry.hpp"
#include "core/Recording.hpp"
#include "core/Time.hpp"
#include "workloads/ClError.hpp"

namespace clscope::app {
namespace {

std::string cpu_model(const std::string& procfs_root = "/proc") {
  std::ifstream in(procfs_root + "/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  return {};
}

nlohmann::json scenario_json(const config::Scenario& s) {
  nlohmann::json w = nlohmann::json::array();
  for (const auto& wc : s.workloads) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& param : wc.params)  // (no structured binding: clang 14 cannot capture one)
      std::visit([&](const auto& x) { params[param.first] = x; }, param.second);
    w.push_back({{"kind", wc.kind}, {"name", wc.name}, {"params", params}});
  }
  return {{"source", s.source}, {"duration_s", s.duration_s}, {"window_s", s.window_s},
          {"device", s.device}, {"workloads", w}};
}

}  // namespace

LiveRun::LiveRun(workloads::DeviceInfo device, config::Scenario scenario, LiveRunOptions options)
    : device_info_(std::move(device)), scenario_(std::move(scenario)), options_(std::move(options)) {
  for (std::size_t i = 0; i < scenario_.workloads.size(); ++i)
    running_.push_back(std::make_unique<std::atomic<bool>>(true));
}

LiveRun::~LiveRun() {
  if (controller_) controller_->stop();
  if (sampler_) sampler_->stop();
}

void LiveRun::start_probes() {
  identity_ = identity_of(device_info_);
  auto found = probes::discover_probes(options_.probes);
  sampler_ = std::make_unique<probes::Sampler>(std::move(found.probes));
  sampler_->start();
  topology_ = probes::Topology::load_system(topology_error_);
  if (topology_) locality_ = topology_->locate(identity_);
}

std::shared_ptr<const probes::SampleSet> LiveRun::latest_probes() const {
  return sampler_ ? sampler_->latest() : nullptr;
}

const probes::ProbeReading* LiveRun::device_reading(const probes::SampleSet& set) const {
  return app::device_reading(set, identity_);
}

std::optional<probes::TopologySummary> LiveRun::topology_summary() const {
  if (!topology_) return std::nullopt;
  return topology_->summary();
}

std::vector<ThreadBinding> LiveRun::bindings() const {
  std::lock_guard lock(mu_);
  return bindings_;
}

void LiveRun::bind_thread(int index, const std::string& thread_name) {
  // Runs on the workload thread, after the device was opened (binding before
  // would be inherited by the driver's own threads).
  ThreadBinding b;
  b.workload = scenario_.workloads.at(static_cast<std::size_t>(index)).name;
  b.thread = thread_name;
  std::string err;
  const std::string text = scenario_.workloads[static_cast<std::size_t>(index)].get_string("bind");
  auto spec = probes::BindSpec::parse(text, err);
  if (!spec) {
    b.result.reason = "bind=" + text + ": " + err;
  } else if (!topology_) {
    b.result.requested = text;
    b.result.reason = "no topology (" + topology_error_ + "): left unbound";
  } else {
    b.result = topology_->bind_current_thread(*spec, locality_);
  }
  std::lock_guard lock(mu_);
  bindings_.push_back(std::move(b));
}

void LiveRun::set_state(RunState s) {
  std::lock_guard lock(mu_);
  state_ = std::move(s);
}

void LiveRun::set_error(const std::string& e) {
  std::lock_guard lock(mu_);
  error_ = e;
}

RunState LiveRun::state() const {
  std::lock_guard lock(mu_);
  if (paused_ && state_.phase == RunPhase::kRunning) return RunState{RunPhase::kPaused, 0, {}};
  if (state_.phase == RunPhase::kRunning && !solo_text_.empty())
    return RunState{RunPhase::kRunning, 0, solo_text_};
  return state_;
}

std::string LiveRun::error() const {
  std::lock_guard lock(mu_);
  return error_;
}

std::shared_ptr<const core::SessionSnapshot> LiveRun::snapshot() const {
  std::lock_guard lock(mu_);
  return session_ ? session_->snapshot() : nullptr;
}

std::vector<workloads::RunnerStatus> LiveRun::statuses() const {
  std::vector<workloads::RunnerStatus> out;
  std::lock_guard lock(mu_);
  if (controller_)
    for (const auto& s : controller_->slots()) out.push_back(s.runner->status());
  return out;
}

std::vector<bool> LiveRun::running_flags() const {
  std::vector<bool> out;
  for (const auto& r : running_) out.push_back(*r);
  return out;
}

double LiveRun::elapsed_s() const {
  std::lock_guard lock(mu_);
  if (!workloads_started_ns_) return 0;
  return static_cast<double>(core::now_ns() - workloads_started_ns_) * 1e-9;
}

std::string LiveRun::platform_version() const {
  std::lock_guard lock(mu_);
  return device_ ? device_->platform_version() : std::string();
}

const workloads::CeilingsResult* LiveRun::ceilings() const {
  std::lock_guard lock(mu_);
  return ceilings_.get();
}

void LiveRun::set_paused(bool paused) {
  paused_ = paused;
  std::lock_guard lock(mu_);
  if (!controller_) return;
  // A workload held by the solo schedule waits like a paused one.
  for (std::size_t i = 0; i < controller_->slots().size(); ++i)
    controller_->slots()[i].runner->set_paused(paused || !*running_[i] ||
                                               (schedule_ && !schedule_->may_run(i)));
}

void LiveRun::set_workload_running(int index, bool running) {
  if (index < 0 || static_cast<std::size_t>(index) >= running_.size()) return;
  *running_[static_cast<std::size_t>(index)] = running;
  set_paused(paused_);
}

void LiveRun::add_marker(const std::string& text) {
  std::lock_guard lock(mu_);
  pending_markers_.push_back(text);
}

void LiveRun::acknowledge() {
  std::lock_guard lock(mu_);
  ack_requested_ = true;
}

nlohmann::json LiveRun::manifest() const {
  utsname u{};
  uname(&u);
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  nlohmann::json m;
  m["clscope_version"] = CLSCOPE_VERSION;
  m["command_line"] = options_.command_line;
  m["config"] = scenario_json(scenario_);
  m["host"] = host;
  m["os"] = {{"sysname", u.sysname}, {"release", u.release}, {"version", u.version},
             {"machine", u.machine}};
  m["cpu_model"] = cpu_model();
  m["opencl"] = {{"platform", device_->platform_name()},
                 {"platform_version", device_->platform_version()},
                 {"device", workloads::to_json(device_info_)},
                 {"icd_loader", workloads::icd_loader_version()}};
  m["ceilings"] = ceilings_ ? nlohmann::json(ceilings_->record) : nlohmann::json(nullptr);
  if (topology_) {
    const auto t = topology_->summary();
    nlohmann::json nodes = nlohmann::json::array();
    for (const auto& n : t.nodes) nodes.push_back({{"node", n.os_index}, {"cpus", n.cpus}});
    m["topology"] = {{"packages", t.packages}, {"numa_nodes", t.numa_nodes}, {"cores", t.cores},
                     {"pus", t.pus}, {"nodes", nodes},
                     {"device_local_numa_nodes", locality_.numa_nodes},
                     {"device_local_cpus", locality_.cpus},
                     {"device_locality", locality_.found ? "found" : locality_.reason}};
  } else {
    m["topology"] = {{"error", topology_error_}};
  }
  m["window_s"] = scenario_.window_s;
  m["solo_windows"] = schedule_ && !schedule_->together() ? schedule_->windows_per_phase() : 0;
  m["start_unix_s"] = start_unix_s_;
  nlohmann::json workloads = nlohmann::json::array();
  for (const auto& s : scenario_.workloads) workloads.push_back(s.name);
  m["workloads"] = workloads;
  return m;
}

ExitCode LiveRun::run(const std::atomic<bool>& stop, const std::vector<RunSink*>& sinks) {
  // Exceptions stop at this thread entry point and become a visible status;
  // what was recorded so far is flushed.
  try {
    return run_inner(stop, sinks);
  } catch (const std::exception& e) {
    set_error(e.what());
  }
  if (controller_) controller_->stop();
  for (auto* sink : sinks) sink->on_end();
  set_state({RunPhase::kStopped, 0, {}});
  return ExitCode::kRuntime;
}

RunUpdate LiveRun::next_update(std::vector<core::WindowStats> windows,
                               std::vector<bool>& setup_announced) {
  RunUpdate u;
  for (std::size_t i = 0; i < controller_->slots().size(); ++i) {
    auto& slot = controller_->slots()[i];
    const auto st = slot.runner->status();
    if (st.setup && !setup_announced[i]) {
      setup_announced[i] = true;
      session_->set_metric(static_cast<int>(i), slot.info.metric);
      u.setups.push_back({slot.info.name, slot.info.kind, slot.info.metric, slot.info.slo_p99_ms, *st.setup});
    }
    u.workload_names.push_back(slot.info.name);
  }
  u.probes = latest_probes();
  u.device_reading = u.probes ? device_reading(*u.probes) : nullptr;
  const auto telemetry = telemetry_of(u.device_reading);
  u.events = session_->add_windows(windows, telemetry ? &*telemetry : nullptr);
  if (!windows.empty()) {
    // The solo schedule moves on with each closed window (SoloSchedule).
    bool past_setup = true;
    std::vector<bool> gone;
    for (auto& slot : controller_->slots()) {
      const auto st = slot.runner->status();
      const bool ended = st.state == workloads::RunState::failed || st.state == workloads::RunState::stopped;
      past_setup = past_setup && (st.setup || ended);
      gone.push_back(ended);
    }
    std::optional<SoloSchedule::Ended> ended;
    {
      std::lock_guard lock(mu_);
      ended = schedule_->on_window(windows.front().t_begin_s, windows.front().t_end_s, past_setup,
                                   paused_, gone);
      solo_text_ = schedule_->describe(u.workload_names);
    }
    if (ended) u.events.push_back(session_->end_solo_phase(static_cast<int>(ended->workload), ended->phase));
    set_paused(paused_);
  }
  for (const auto& e : u.events)
    if (e.type == core::event_type::kCeilingRaised && !cache_marked_stale_)
      cache_marked_stale_ = workloads::mark_ceilings_cache_stale(
          ceilings_->cache_key, e.workload + " beat " + e.evidence.value("ceiling", std::string()));
  std::vector<std::string> markers;
  bool ack = false;
  const bool reset = reset_requested_.exchange(false);
  {
    std::lock_guard lock(mu_);
    markers.swap(pending_markers_);
    ack = ack_requested_;
    ack_requested_ = false;
    u.bindings.assign(bindings_.begin() + static_cast<std::ptrdiff_t>(announced_bindings_), bindings_.end());
    announced_bindings_ = bindings_.size();
  }
  const double t = windows.empty() ? elapsed_s() : windows.front().t_end_s;
  for (const auto& text : markers) {
    core::Event e;
    e.t_s = t;
    e.type = core::event_type::kMarker;
    e.evidence = {{"text", text}};
    session_->add_event(e);
    u.events.push_back(e);
  }
  if (ack) session_->acknowledge();
  if (reset) session_->reset(t);
  u.windows = std::move(windows);
  u.snapshot = session_->snapshot();
  return u;
}

ExitCode LiveRun::run_inner(const std::atomic<bool>& stop, const std::vector<RunSink*>& sinks) {
  start_unix_s_ = core::unix_time_s();
  try {
    set_state({RunPhase::kStartingProbes, 0, {}});
    start_probes();
    set_state({RunPhase::kOpeningDevice, 0, {}});
    auto dev = std::make_unique<workloads::Device>(device_info_);
    {
      std::lock_guard lock(mu_);
      device_ = std::move(dev);
    }
    set_state({RunPhase::kCalibrating, 0, {}});
    auto result = options_.ceilings
                      ? *options_.ceilings
                      : workloads::measure_ceilings(
                            *device_, run_calibration_options(options_.recalibrate, options_.probes, device_info_.pci),
                            [this](double f, const std::string& step) {
                              set_state({RunPhase::kCalibrating, f, step});
                            },
                            &stop);
    if (result.abandoned) {
      set_state({RunPhase::kStopped, 0, {}});
      return ExitCode::kOk;
    }
    auto controller = std::make_unique<RunController>(
        *device_, scenario_, [this](int index, const std::string& name) { bind_thread(index, name); });
    std::vector<core::WorkloadInfo> infos;
    for (const auto& s : controller->slots()) infos.push_back(s.info);
    auto session = std::make_unique<core::Session>(infos);
    session->set_ceilings(result.measured);
    auto schedule = std::make_unique<SoloSchedule>(
        controller->slots().size(), SoloSchedule::applies(scenario_) ? scenario_.solo_windows : 0);
    {
      std::lock_guard lock(mu_);
      schedule_ = std::move(schedule);
      ceilings_ = std::make_unique<workloads::CeilingsResult>(std::move(result));
      controller_ = std::move(controller);
      session_ = std::move(session);
    }
    const nlohmann::json m = manifest();
    for (auto* sink : sinks) sink->on_start(m);
    // Untrusted ceilings (a busy node) stand in the event log from the start.
    if (const std::string why = ceilings_->record.untrusted_reason(); !why.empty()) {
      core::Event e;
      e.type = core::event_type::kCeilingsUntrusted;
      e.evidence = {{"text", "ceilings not trusted: " + why + "; not cached"}};
      session_->add_event(e);
      for (auto* sink : sinks) sink->on_event(e);
    }
  } catch (const workloads::ClError& e) {
    set_error(e.what());
    return ExitCode::kRuntime;
  } catch (const config::ConfigError& e) {
    set_error(e.what());
    return ExitCode::kUsage;
  } catch (const core::RecordingError& e) {
    set_error(e.what());
    return ExitCode::kUsage;
  } catch (const std::exception& e) {
    set_error(e.what());
    return ExitCode::kRuntime;
  }

  set_state({RunPhase::kRunning, 0, {}});
  set_paused(paused_);  // held by the solo schedule from the start
  controller_->start();
  set_paused(paused_);
  {
    std::lock_guard lock(mu_);
    workloads_started_ns_ = controller_->origin_ns();
  }
  const auto window_ns = static_cast<std::int64_t>(scenario_.window_s * 1e9);
  std::int64_t next = controller_->origin_ns() + window_ns;
  std::vector<bool> setup_announced(controller_->slots().size(), false);
  ExitCode exit_code = ExitCode::kOk;
  bool done = false;
  // The duration is measurement time: it starts once every workload is past
  // its setup (build, buffers, first launch, verification), which on a large
  // device array can take longer than a short run, and, with several
  // workloads, once their solo phases are over (SoloSchedule).
  std::int64_t measuring_since_ns = 0;
  std::vector<bool> failure_reported(controller_->slots().size(), false);
  auto process = [&](std::vector<core::WindowStats> windows) {
    const RunUpdate update = next_update(std::move(windows), setup_announced);
    for (auto* sink : sinks) sink->on_update(update);
  };

  while (!done) {
    while (core::now_ns() < next && !stop) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (stop) break;
    next += window_ns;
    controller_->check_timeouts();
    process(controller_->tick());
    // A workload that fails is reported and stops; the others go on (exit 4
    // at the end). A refusal of the input (unsupported) ends the whole run.
    bool all_finished = true;
    for (std::size_t i = 0; i < controller_->slots().size(); ++i) {
      auto& slot = controller_->slots()[i];
      const auto st = slot.runner->status();
      if (st.state == workloads::RunState::failed && !failure_reported[i]) {
        failure_reported[i] = true;
        // "stream: ..." already names a workload called after its kind.
        const std::string prefix = slot.info.name + ": ";
        const std::string text = st.error.rfind(prefix, 0) == 0 ? st.error : prefix + st.error;
        set_error(error().empty() ? text : error() + "; " + text);
        const bool refused = st.error_kind == workloads::RunnerStatus::ErrorKind::unsupported;
        exit_code = worse(exit_code, refused ? ExitCode::kUsage : ExitCode::kRuntime);
        core::Event e;
        e.t_s = elapsed_s();
        e.type = core::event_type::kError;
        e.workload = slot.info.name;
        e.evidence = {{"text", st.error}};
        session_->add_event(e);
        for (auto* sink : sinks) sink->on_event(e);
        if (refused) done = true;
      }
      all_finished = all_finished && (st.state == workloads::RunState::stopped ||
                                      st.state == workloads::RunState::failed);
    }
    if (!measuring_since_ns) {
      bool past_setup = true;
      for (auto& slot : controller_->slots()) {
        const auto st = slot.runner->status();
        past_setup = past_setup && (st.setup || st.state == workloads::RunState::failed ||
                                    st.state == workloads::RunState::stopped);
      }
      if (past_setup && schedule_->together()) measuring_since_ns = core::now_ns();
    }
    if (scenario_.duration_s > 0 && measuring_since_ns &&
        static_cast<double>(core::now_ns() - measuring_since_ns) * 1e-9 + 1e-3 >=
            scenario_.duration_s)
      done = true;
    if (all_finished && !controller_->slots().empty()) done = true;
  }
  set_state({RunPhase::kStopping, 0, {}});
  controller_->stop();
  // Launches that were in flight when we stopped completed: one last window.
  process(controller_->tick());
  for (auto* sink : sinks) sink->on_end();
  set_state({RunPhase::kStopped, 0, {}});
  return exit_code;
}

std::optional<WorkloadFigures> LiveRun::figures(int workload) const {
  std::lock_guard lock(mu_);
  if (!session_) return std::nullopt;
  return workload_figures(*session_, workload);
}

nlohmann::json LiveRun::summary() const {
  std::lock_guard lock(mu_);
  if (!controller_ || !session_) return nlohmann::json();
  return run_summary_json(*controller_, *session_, device_info_, device_->platform_name(),
                          device_->platform_version(), ceilings_.get());
}

}  // namespace clscope::app
