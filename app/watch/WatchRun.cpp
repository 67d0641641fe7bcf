#include "app/watch/WatchRun.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "app/output/Format.hpp"
#include "app/run/Telemetry.hpp"
#include "core/PciAddress.hpp"
#include "core/PcieRate.hpp"
#include "core/Recording.hpp"
#include "core/Time.hpp"
#include "probes/Sampler.hpp"

namespace clscope::app::watch {

std::string process_workload_name(const ProcessRow& row, bool several_devices) {
  std::string comm = row.command.substr(0, row.command.find(' '));
  if (const auto slash = comm.rfind('/'); slash != std::string::npos) comm = comm.substr(slash + 1);
  if (comm.empty()) comm = "pid";
  std::string name = comm + "[" + std::to_string(row.pid) + "]";
  if (several_devices && !row.device.empty()) name += "@" + row.device;
  return name;
}

WatchRun::WatchRun(WatchOptions options) : options_(std::move(options)) {}
WatchRun::~WatchRun() = default;

std::map<std::string, DeviceSignals> WatchRun::sample_signals() {
  std::map<std::string, DeviceSignals> out;
  if (options_.device_probes.empty()) return out;
  const probes::SampleSet set = probes::Sampler::sample_all(options_.device_probes);
  for (const auto& r : set.readings) {
    if (!r.info || !r.info->pci) continue;
    DeviceSignals s;
    if (const auto t = telemetry_of(&r)) {
      s.clock_ratio = t->clock_ratio;
      s.throttle_reasons = t->throttle_reasons;
    }
    const auto rx = metric_of(&r, probes::metric::kPcieRxMbps);
    const auto tx = metric_of(&r, probes::metric::kPcieTxMbps);
    const auto gen = metric_of(&r, probes::metric::kPcieGen);
    const auto width = metric_of(&r, probes::metric::kPcieWidth);
    if (rx && tx && gen && width) {
      if (const auto link = core::pcie_link_gbs(static_cast<int>(*gen), static_cast<int>(*width));
          link && *link > 0)
        s.pcie_fraction = std::max(*rx, *tx) / (*link * 1000.0);
    }
    out[r.info->pci->to_string()] = s;
  }
  return out;
}

nlohmann::json WatchRun::start_session(const WatchRound& first) {
  std::map<std::int64_t, int> devices_per_pid;
  for (const auto& row : first.processes) ++devices_per_pid[row.pid];
  std::vector<core::WorkloadInfo> infos;
  nlohmann::json workloads = nlohmann::json::array();
  for (const auto& row : first.processes) {
    core::WorkloadInfo info;
    info.name = process_workload_name(row, devices_per_pid[row.pid] > 1);
    info.kind = "process";
    info.metric = core::Metric::launches_per_s;  // one sample per window: no throughput
    keys_.push_back(row.key());
    names_.push_back(info.name);
    workloads.push_back({{"name", info.name},
                         {"kind", info.kind},
                         {"metric", core::metric_name(info.metric)},
                         {"pid", row.pid},
                         {"command", row.command},
                         {"device", row.device}});
    infos.push_back(std::move(info));
  }
  session_ = std::make_unique<core::Session>(infos);
  nlohmann::json m = options_.manifest;
  m["config"] = {{"workloads", workloads}};
  m["window_s"] = options_.window_s;
  m["ceilings"] = nullptr;
  return m;
}

RunUpdate WatchRun::next_update(std::shared_ptr<const WatchRound> round) {
  RunUpdate u;
  // A process found after the first window joins the session as a workload
  // of its own; its setup record tells the recording its kind and metric.
  std::map<std::int64_t, int> devices_per_pid;
  for (const auto& row : round->processes) ++devices_per_pid[row.pid];
  for (const auto& row : round->processes) {
    if (std::find(keys_.begin(), keys_.end(), row.key()) != keys_.end()) continue;
    core::WorkloadInfo info;
    info.name = process_workload_name(row, devices_per_pid[row.pid] > 1);
    info.kind = "process";
    info.metric = core::Metric::launches_per_s;
    session_->add_workload(info);
    keys_.push_back(row.key());
    names_.push_back(info.name);
    WorkloadSetup setup;
    setup.workload = info.name;
    setup.kind = info.kind;
    setup.metric = info.metric;
    setup.setup.description = "pid " + std::to_string(row.pid) + " (" + row.command + ") on " +
                              row.device + ", found at " + fixed(round->t_end_s, 1) + " s";
    u.setups.push_back(std::move(setup));
  }
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    const auto it = std::find_if(round->processes.begin(), round->processes.end(),
                                 [&](const ProcessRow& r) { return r.key() == keys_[i]; });
    if (it == round->processes.end()) continue;  // ended: no window
    u.windows.push_back(
        window_for(it->evidence, static_cast<int>(i), round->t_begin_s, round->t_end_s));
  }
  u.workload_names = names_;
  u.events = session_->add_windows(u.windows);
  u.snapshot = session_->snapshot();
  u.watch = std::move(round);
  return u;
}

ExitCode WatchRun::run(const std::atomic<bool>& stop, const std::vector<RunSink*>& sinks) {
  try {
    scan_ = std::make_unique<probes::ProcessScan>(options_.scan);
    const std::int64_t origin = core::now_ns();
    (void)scan_->sample_at(origin);  // the baseline: busy and CPU shares need two scans
    (void)sample_signals();
    double t_prev = 0;
    for (int n = 1;; ++n) {
      const double t_next = n * options_.window_s;
      const auto due = origin + static_cast<std::int64_t>(t_next * 1e9);
      while (!stop && core::now_ns() < due)
        std::this_thread::sleep_for(std::chrono::milliseconds(
            std::clamp<std::int64_t>((due - core::now_ns()) / 1'000'000, 1, 50)));
      if (stop) break;
      const std::int64_t now = core::now_ns();
      const double t_s = static_cast<double>(now - origin) * 1e-9;
      RoundContext ctx = options_.context;
      ctx.signals = sample_signals();
      auto round = std::make_shared<WatchRound>(make_round(scan_->sample_at(now), ctx, t_prev, t_s));
      t_prev = t_s;
      summary_.add(*round);
      if (!session_) {
        const nlohmann::json m = start_session(*round);
        for (auto* s : sinks) s->on_start(m);
      }
      const RunUpdate u = next_update(std::move(round));
      for (auto* s : sinks) s->on_update(u);
      if (options_.duration_s > 0 && t_next >= options_.duration_s - 1e-9) break;
    }
  } catch (const core::RecordingError& e) {
    error_ = e.what();
    for (auto* s : sinks) s->on_end();
    return ExitCode::kUsage;
  } catch (const std::exception& e) {
    error_ = e.what();
    for (auto* s : sinks) s->on_end();
    return ExitCode::kRuntime;
  }
  for (auto* s : sinks) s->on_end();
  return ExitCode::kOk;
}

}  // namespace clscope::app::watch
