#include "app/run/program/AppSource.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include "LayerLocation.hpp"
#include "app/cli/Signals.hpp"
#include "app/metrics/OutputPattern.hpp"
#include "app/output/Summary.hpp"
#include "app/record/Records.hpp"
#include "app/run/program/AppWindow.hpp"
#include "app/run/program/ThreadCpu.hpp"
#include "core/Recording.hpp"
#include "core/Time.hpp"

namespace clscope::app {
namespace {

constexpr auto kPoll = std::chrono::milliseconds(20);
constexpr std::int64_t kKillGraceNs = 5'000'000'000;

std::map<pid_t, ThreadCpuTimes> delta(const std::map<pid_t, ThreadCpuTimes>& now,
                                      const std::map<pid_t, ThreadCpuTimes>& before) {
  std::map<pid_t, ThreadCpuTimes> out;
  for (const auto& [tid, t] : now) {
    ThreadCpuTimes d = t;
    if (auto it = before.find(tid); it != before.end()) {
      d.on_cpu_ns -= it->second.on_cpu_ns;
      d.runqueue_ns -= it->second.runqueue_ns;
    }
    out[tid] = d;
  }
  return out;
}

nlohmann::json counters_json(const layer::ChannelCounters& c) {
  return {{"attached", c.attached},           {"records_written", c.records_written},
          {"records_dropped", c.records_dropped}, {"events_in_flight", c.events_in_flight()},
          {"queues_forced", c.queues_forced}, {"queues_refused", c.queues_refused},
          {"calls_unobserved", c.calls_unobserved}};
}

}  // namespace

std::string program_name(const std::vector<std::string>& program) {
  if (program.empty()) return "app";
  const std::string base = std::filesystem::path(program.front()).filename().string();
  return base.empty() ? program.front() : base;
}

std::string program_log_path(const std::optional<std::string>& record, const std::string& name) {
  if (record) {
    std::filesystem::path p(*record);
    if (p.extension() == ".jsonl") p.replace_extension();
    return p.string() + ".program.log";
  }
  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path dir = tmp && *tmp ? tmp : "/tmp";
  return (dir / ("clscope-" + name + "-" + std::to_string(::getpid()) + ".log")).string();
}

AppSource::AppSource(AppSourceOptions options)
    : options_(std::move(options)), name_(program_name(options_.program)), builder_(options_.declared_kernels) {
  core::WorkloadInfo info{name_, "app", core::Metric::commands_per_s};
  session_ = std::make_unique<core::Session>(std::vector<core::WorkloadInfo>{info});
  if (options_.ceilings) session_->set_ceilings(options_.ceilings->values());
}

std::string AppSource::error() const {
  std::lock_guard lock(mu_);
  return error_;
}

std::shared_ptr<const core::SessionSnapshot> AppSource::snapshot() const {
  return session_->snapshot();
}

nlohmann::json AppSource::manifest() const {
  utsname u{};
  uname(&u);
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  nlohmann::json declared = nlohmann::json::object();
  for (const auto& [kernel, work] : options_.declared_kernels) {
    auto& d = declared[kernel];
    d["bytes"] = work.bytes ? nlohmann::json(work.bytes->text()) : nlohmann::json(nullptr);
    d["flops"] = work.flops ? nlohmann::json(work.flops->text()) : nlohmann::json(nullptr);
  }
  return {{"clscope_version", CLSCOPE_VERSION},
          {"command_line", options_.command_line},
          {"config",
           {{"source", "program"},
            {"duration_s", options_.duration_s},
            {"window_s", options_.window_s},
            {"workloads", {{{"kind", "app"}, {"name", name_}, {"params", nlohmann::json::object()}}}},
            {"declared_kernels", declared}}},
          {"host", host},
          {"os", {{"sysname", u.sysname}, {"release", u.release}, {"machine", u.machine}}},
          {"program", {{"argv", options_.program}, {"layer", layer_path_}}},
          {"ceilings", options_.ceilings ? nlohmann::json(*options_.ceilings) : nlohmann::json(nullptr)},
          {"window_s", options_.window_s},
          {"start_unix_s", start_unix_s_},
          {"workloads", {name_}}};
}

ExitCode AppSource::start(std::string& why) {
  const std::filesystem::path exe =
      options_.executable.empty() ? std::filesystem::read_symlink("/proc/self/exe")
                                  : std::filesystem::path(options_.executable);
  const auto lib = layer::find_layer_library(exe);
  if (!lib) {
    why = std::string("cannot find ") + layer::kLayerLibraryName + " (looked in";
    for (const auto& c : layer::layer_library_candidates(exe)) why += " " + c.string();
    why += ")";
    return ExitCode::kRuntime;
  }
  layer_path_ = lib->string();
  auto open = layer::LayerChannel::create();
  if (!open.channel) {
    why = "cannot create the layer channel: " + open.error;
    return ExitCode::kRuntime;
  }
  channel_ = std::move(open.channel);
  const char* existing = std::getenv("OPENCL_LAYERS");
  ChildSpec spec;
  spec.argv = options_.program;
  spec.env_overrides = {"OPENCL_LAYERS=" + append_layer(existing ? existing : "", layer_path_),
                        std::string(CLSCOPE_LAYER_CHANNEL_ENV) + "=" + channel_->environment_value()};
  spec.inherit_fd = channel_->fd();
  spec.output_log = options_.output_log;
  spec_ = std::move(spec);
  return ExitCode::kOk;
}

ExitCode AppSource::spawn(std::string& why) {
  install_forwarding_signal_handlers();
  start_unix_s_ = core::unix_time_s();
  origin_ns_ = core::now_ns();
  window_begin_ns_ = origin_ns_;
  why = child_.start(spec_);
  if (why.empty()) program_pid_ = child_.pid();
  return why.empty() ? ExitCode::kOk : ExitCode::kUsage;
}

void AppSource::forward_signals() {
  const TakenSignal t = take_signal();
  if (!t.sig || t.from_terminal) return;  // the terminal already told the program
  child_.signal(t.sig);
  forwarded_.push_back(t.sig);
}

void AppSource::drain() {
  // Every poll: the ring (16384 records) must not fill between windows.
  buffer_.clear();
  if (channel_) channel_->drain(buffer_);
  for (const auto& r : buffer_) builder_.add(r);
}

RunUpdate AppSource::close_window(std::int64_t end_ns, bool first) {
  drain();
  std::map<pid_t, ThreadCpuTimes> cpu_now;
  if (child_.pid() > 0 && !child_.status())
    cpu_now = read_process_threads(options_.procfs_root, child_.pid());
  AppWindow w = builder_.close(origin_ns_, window_begin_ns_, end_ns, delta(cpu_now, last_cpu_));
  if (!cpu_now.empty()) last_cpu_ = std::move(cpu_now);
  window_begin_ns_ = end_ns;
  {
    std::lock_guard lock(mu_);
    totals_.merge(w.figures);
  }

  RunUpdate u;
  u.workload_names = {name_};
  if (first) {
    WorkloadSetup s;
    s.workload = name_;
    s.kind = "app";
    s.metric = core::Metric::commands_per_s;
    for (const auto& a : options_.program) s.setup.description += (s.setup.description.empty() ? "" : " ") + a;
    s.setup.verification = "observed through the loader layer";
    u.setups.push_back(s);
  }
  u.events = session_->add_windows({w.stats}, nullptr);
  u.records.push_back({{"type", record::kApp},
                       {"workload", name_},
                       {"t_s", w.stats.t_end_s},
                       {"figures", w.figures}});
  u.windows = {w.stats};
  u.snapshot = session_->snapshot();
  return u;
}

ExitCode AppSource::run(const std::vector<RunSink*>& sinks) {
  std::string why;
  const ExitCode started = start(why);
  if (started != ExitCode::kOk) {
    std::lock_guard lock(mu_);
    error_ = why;
    done_ = true;
    return started;
  }
  // The recording exists before the program starts: a failure there never
  // leaves a program running unobserved.
  try {
    start_unix_s_ = core::unix_time_s();
    const nlohmann::json m = manifest();
    for (auto* sink : sinks) sink->on_start(m);
  } catch (const core::RecordingError& e) {
    std::lock_guard lock(mu_);
    error_ = e.what();
    done_ = true;
    return ExitCode::kUsage;
  }
  if (spawn(why) != ExitCode::kOk) {
    for (auto* sink : sinks) sink->on_end();
    std::lock_guard lock(mu_);
    error_ = why;
    done_ = true;
    return ExitCode::kUsage;
  }
  const auto window_ns = static_cast<std::int64_t>(options_.window_s * 1e9);
  const auto duration_ns = static_cast<std::int64_t>(options_.duration_s * 1e9);
  // A window [b, e) closes half a window after e: commands running across e
  // report (their END) in the meantime and count in both windows.
  const std::int64_t lag_ns = window_ns / 2;
  std::int64_t next = origin_ns_ + window_ns;
  std::int64_t term_sent_ns = 0;
  bool first = true;
  while (!child_.poll()) {
    std::this_thread::sleep_for(kPoll);
    forward_signals();
    drain();
    const std::int64_t now = core::now_ns();
    const bool duration_over = duration_ns > 0 && now - origin_ns_ >= duration_ns;
    if ((duration_over || stop_requested_) && !term_sent_ns) {
      duration_ended_ = duration_over;
      term_sent_ns = now;
      child_.signal(SIGTERM);
    }
    if (term_sent_ns && now - term_sent_ns > kKillGraceNs) child_.signal(SIGKILL);
    if (now >= next + lag_ns) {
      const RunUpdate u = close_window(next, first);
      first = false;
      next += window_ns;
      if (next + lag_ns <= now) next = now;  // fell behind (a stalled machine): skip ahead
      for (auto* sink : sinks) sink->on_update(u);
    }
  }
  // The program ended: what its last commands wrote is in the channel.
  RunUpdate u = close_window(core::now_ns(), first);
  counters_ = channel_->counters();
  nlohmann::json end{{"type", record::kAppEnd},
                     {"workload", name_},
                     {"t_s", u.windows.front().t_end_s},
                     {"pid", child_.pid()},
                     {"exit_status", *child_.status()},
                     {"duration_ended", duration_ended_},
                     {"channel", counters_json(counters_)}};
  u.records.push_back(end);
  for (auto* sink : sinks) sink->on_update(u);
  for (auto* sink : sinks) sink->on_end();
  done_ = true;
  return ExitCode::kOk;
}

AppFigures AppSource::figures() const {
  std::lock_guard lock(mu_);
  return totals_;
}

nlohmann::json AppSource::figures_json() const { return app_figures_json(figures()); }

nlohmann::json AppSource::summary() const {
  nlohmann::json j{{"type", "summary"}, {"schema", "clscope.run/1"}, {"host", metrics::local_host_name()}};
  j["program"] = {{"argv", options_.program},
                  {"pid", child_.pid()},
                  {"exit_status", child_.status() ? nlohmann::json(*child_.status()) : nlohmann::json(nullptr)},
                  {"layer", layer_path_},
                  {"duration_ended", duration_ended_}};
  if (options_.output_log) j["program"]["log"] = *options_.output_log;
  nlohmann::json e = workload_figures(*session_, 0);
  e["name"] = name_;
  e["kind"] = "app";
  e["state"] = child_.status() ? "stopped" : "running";
  e.update(figures_json());
  e["dropped_records"] = counters_.records_dropped;
  e["channel"] = counters_json(counters_);
  j["workloads"] = nlohmann::json::array({e});
  return j;
}

}  // namespace clscope::app
