#include "app/LiveRun.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <thread>

#include "app/Summary.hpp"
#include "app/Telemetry.hpp"
#include "probes/Report.hpp"
#include "core/Time.hpp"
#include "core/WindowJson.hpp"
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
    for (const auto& [k, v] : wc.params)
      std::visit([&](const auto& x) { params[k] = x; }, v);
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

void LiveRun::set_mode(const std::string& m) {
  std::lock_guard lock(mu_);
  mode_ = m;
}

void LiveRun::set_error(const std::string& e) {
  std::lock_guard lock(mu_);
  error_ = e;
}

std::string LiveRun::mode() const {
  std::lock_guard lock(mu_);
  return paused_ && mode_ == "running" ? "paused" : mode_;
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
  for (std::size_t i = 0; i < controller_->slots().size(); ++i)
    controller_->slots()[i].runner->set_paused(paused || !*running_[i]);
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
  m["ceilings"] = ceilings_ ? nlohmann::json(ceilings_->measured) : nlohmann::json(nullptr);
  if (ceilings_)
    m["ceilings_detail"] = {{"from_cache", ceilings_->from_cache},
                            {"measured_at", ceilings_->measured_at},
                            {"variants", ceilings_->detail}};
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
  m["start_unix_s"] = start_unix_s_;
  nlohmann::json workloads = nlohmann::json::array();
  for (const auto& s : scenario_.workloads) workloads.push_back(s.name);
  m["workloads"] = workloads;
  return m;
}

int LiveRun::run(const std::atomic<bool>& stop, const std::function<void(const Tick&)>& on_tick) {
  // Exceptions stop at this thread entry point and become a visible status;
  // what was recorded so far is flushed.
  try {
    return run_inner(stop, on_tick);
  } catch (const std::exception& e) {
    set_error(e.what());
  }
  if (controller_) controller_->stop();
  if (recorder_) recorder_->flush();
  set_mode("stopped");
  return 4;
}

int LiveRun::run_inner(const std::atomic<bool>& stop,
                       const std::function<void(const Tick&)>& on_tick) {
  start_unix_s_ = core::unix_time_s();
  try {
    set_mode("starting probes");
    start_probes();
    set_mode("opening device");
    auto dev = std::make_unique<workloads::Device>(device_info_);
    {
      std::lock_guard lock(mu_);
      device_ = std::move(dev);
    }
    set_mode("calibrating");
    auto result = workloads::measure_ceilings(
        *device_, options_.recalibrate, [this](double f, const std::string& step) {
          set_mode("calibrating " + std::to_string(static_cast<int>(std::lround(f * 100))) +
                   "%: " + step);
        },
        &stop);
    if (result.abandoned) {
      set_mode("stopped");
      return 0;
    }
    auto controller = std::make_unique<RunController>(
        *device_, scenario_, [this](int index, const std::string& name) { bind_thread(index, name); });
    std::vector<core::WorkloadInfo> infos;
    for (const auto& s : controller->slots()) infos.push_back(s.info);
    auto session = std::make_unique<core::Session>(infos);
    session->set_ceilings(result.measured);
    {
      std::lock_guard lock(mu_);
      ceilings_ = std::make_unique<workloads::CeilingsResult>(std::move(result));
      controller_ = std::move(controller);
      session_ = std::move(session);
    }
    if (!scenario_.record.empty()) recorder_ = std::make_unique<core::Recorder>(scenario_.record, manifest());
  } catch (const workloads::ClError& e) {
    set_error(e.what());
    return 4;
  } catch (const config::ConfigError& e) {
    set_error(e.what());
    return 2;
  } catch (const core::RecordingError& e) {
    set_error(e.what());
    return 2;
  } catch (const std::exception& e) {
    set_error(e.what());
    return 4;
  }

  set_mode("running");
  controller_->start();
  set_paused(paused_);
  {
    std::lock_guard lock(mu_);
    workloads_started_ns_ = controller_->origin_ns();
  }
  const auto window_ns = static_cast<std::int64_t>(scenario_.window_s * 1e9);
  std::int64_t next = controller_->origin_ns() + window_ns;
  std::vector<bool> setup_recorded(controller_->slots().size(), false);
  int exit_code = 0;
  bool done = false;
  // The duration is measurement time: it starts once every workload is past
  // its setup (build, buffers, first launch, verification), which on a large
  // device array can take longer than a short run.
  std::int64_t measuring_since_ns = 0;
  std::vector<bool> failure_reported(controller_->slots().size(), false);
  auto process = [&](std::vector<core::WindowStats> windows) {
    Tick tick;
    for (std::size_t i = 0; i < controller_->slots().size(); ++i) {
      auto& slot = controller_->slots()[i];
      const auto st = slot.runner->status();
      if (st.setup && !setup_recorded[i]) {
        setup_recorded[i] = true;
        session_->set_metric(static_cast<int>(i), slot.info.metric);
        if (recorder_)
          recorder_->write({{"type", "setup"},
                            {"workload", slot.info.name},
                            {"kind", slot.info.kind},
                            {"metric", core::metric_name(slot.info.metric)},
                            {"slo_p99_ms", slot.info.slo_p99_ms ? nlohmann::json(*slot.info.slo_p99_ms)
                                                                : nlohmann::json(nullptr)},
                            {"description", st.setup->description},
                            {"build_ms", st.setup->build_ms},
                            {"first_launch_ms", st.setup->first_launch_ms},
                            {"calibration_ms", st.setup->calibration_ms},
                            {"verification", st.setup->verification},
                            {"zero_copy", st.setup->zero_copy},
                            {"resolved", st.setup->resolved}});
      }
    }
    auto probe_set = latest_probes();
    const probes::ProbeReading* reading = probe_set ? device_reading(*probe_set) : nullptr;
    const auto telemetry = telemetry_of(reading);
    tick.events = session_->add_windows(windows, telemetry ? &*telemetry : nullptr);
    std::vector<std::string> markers;
    bool ack = false;
    bool reset = reset_requested_.exchange(false);
    {
      std::lock_guard lock(mu_);
      markers.swap(pending_markers_);
      ack = ack_requested_;
      ack_requested_ = false;
    }
    const double t = windows.empty() ? elapsed_s() : windows.front().t_end_s;
    for (const auto& text : markers) {
      core::Event e;
      e.t_s = t;
      e.type = core::event_type::kMarker;
      e.evidence = {{"text", text}};
      session_->add_event(e);
      tick.events.push_back(e);
    }
    if (ack) session_->acknowledge();
    if (reset) session_->reset(t);
    if (recorder_) {
      for (const auto& w : windows) {
        nlohmann::json j = w;
        j["type"] = "window";
        j["workload"] = controller_->slots()[static_cast<std::size_t>(w.workload)].info.name;
        recorder_->write(j);
      }
      if (probe_set && !windows.empty()) {
        nlohmann::json p{{"type", "probe"}, {"t_s", windows.front().t_end_s}};
        if (reading) p["device"] = probes::sample_json(reading->sample);
        if (const auto* host = probe_set->find("host.cpu")) p["host_cpu"] = probes::sample_json(host->sample);
        if (const auto* proc = probe_set->find("process")) p["process"] = probes::sample_json(proc->sample);
        if (const auto* th = probe_set->find("process.threads")) {
          // The workload threads ("cl:NAME") only: their CPU use and context
          // switches tell submission cost apart from the driver's threads.
          nlohmann::json threads = nlohmann::json::array();
          for (const auto& thread : th->sample.threads) {
            if (thread.name.rfind("cl:", 0) != 0) continue;
            nlohmann::json j{{"name", thread.name}, {"cpu_s", thread.cpu_s}};
            if (thread.cpu_pct) j["cpu_pct"] = *thread.cpu_pct;
            if (thread.voluntary_ctxt) j["voluntary_ctxt"] = *thread.voluntary_ctxt;
            if (thread.nonvoluntary_ctxt) j["nonvoluntary_ctxt"] = *thread.nonvoluntary_ctxt;
            threads.push_back(j);
          }
          p["threads"] = threads;
        }
        recorder_->write(p);
      }
      {
        std::lock_guard lock(mu_);
        for (std::size_t i = recorded_bindings_; i < bindings_.size(); ++i)
          recorder_->write({{"type", "binding"},
                            {"workload", bindings_[i].workload},
                            {"thread", bindings_[i].thread},
                            {"applied", bindings_[i].result.applied},
                            {"requested", bindings_[i].result.requested},
                            {"cpus", bindings_[i].result.cpus},
                            {"memory_nodes", bindings_[i].result.memory_nodes},
                            {"reason", bindings_[i].result.reason}});
        recorded_bindings_ = bindings_.size();
      }
      for (const auto& e : tick.events) {
        nlohmann::json j = e;
        j["type"] = "event";
        j["event"] = e.type;
        recorder_->write(j);
      }
      recorder_->flush();
    }
    tick.windows = std::move(windows);
    if (on_tick) on_tick(tick);
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
        exit_code = refused || exit_code == 2 ? 2 : 4;
        core::Event e;
        e.t_s = elapsed_s();
        e.type = core::event_type::kError;
        e.workload = slot.info.name;
        e.evidence = {{"text", st.error}};
        session_->add_event(e);
        if (recorder_) {
          nlohmann::json j = e;
          j["type"] = "event";
          j["event"] = e.type;
          recorder_->write(j);
          recorder_->flush();
        }
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
      if (past_setup) measuring_since_ns = core::now_ns();
    }
    if (scenario_.duration_s > 0 && measuring_since_ns &&
        static_cast<double>(core::now_ns() - measuring_since_ns) * 1e-9 + 1e-3 >=
            scenario_.duration_s)
      done = true;
    if (all_finished && !controller_->slots().empty()) done = true;
  }
  set_mode("stopping");
  controller_->stop();
  // Launches that were in flight when we stopped completed: one last window.
  process(controller_->tick());
  if (recorder_) recorder_->flush();
  set_mode("stopped");
  return exit_code;
}

nlohmann::json LiveRun::summary() const {
  std::lock_guard lock(mu_);
  if (!controller_ || !session_) return nlohmann::json();
  return run_summary_json(*controller_, *session_, device_info_, device_->platform_name(),
                          device_->platform_version(), ceilings_.get());
}

}  // namespace clscope::app
