#include "app/dashboard/DeviceUsers.hpp"

#include <pthread.h>

#include <algorithm>
#include <exception>

#include "core/Time.hpp"

namespace clscope::app {

DeviceUsers::DeviceUsers(DeviceUsersOptions options) : options_(std::move(options)) {
  thread_ = std::thread([this] { run(); });
}

DeviceUsers::~DeviceUsers() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::shared_ptr<const watch::WatchRound> DeviceUsers::latest() const {
  std::lock_guard lock(mu_);
  return latest_;
}

void DeviceUsers::run() {
  pthread_setname_np(pthread_self(), "clscope:procs");
  if (options_.prepare) options_.prepare(options_.context);
  probes::ProcessScan scan(options_.scan);  // never throws; failures are in each result
  const std::int64_t origin = core::now_ns();
  double t_prev = 0;
  for (;;) {
    const std::int64_t now = core::now_ns();
    const double t_s = static_cast<double>(now - origin) * 1e-9;
    auto round = std::make_shared<const watch::WatchRound>(
        watch::make_round(scan.sample_at(now), options_.context, t_prev, t_s));
    t_prev = t_s;
    std::unique_lock lock(mu_);
    latest_ = std::move(round);
    if (wake_.wait_for(lock, options_.period, [this] { return stop_; })) return;
  }
}

DeviceUsersPlan plan_device_users(const workloads::DeviceInfo& device,
                                  const probes::ProbeOptions& probes, std::int64_t self_pid) {
  DeviceUsersPlan plan;
  auto& o = plan.options;
  o.scan.root = probes.root;
  plan.view.run = true;
  plan.view.self_pid = self_pid;
  if (device.is_cpu()) {
    o.scan.pids = {self_pid};
    o.context.cpu_device = watch::CpuDevice{device.name, std::max(1u, device.compute_units)};
    o.context.device_filter = "cpu:" + device.name;
    plan.view.scope = "Users of " + device.name + " (CPU device), scanned every 1 s";
    plan.view.note =
        "A CPU device's other users cannot be told apart from host load (see the host CPU "
        "chart): only this run is listed.";
    return plan;
  }
  std::string nvml_error;
  o.scan.nvml = probes::NvmlLibrary::load(probes.nvml_paths, nvml_error);  // null: no NVML
  if (device.pci) {
    o.context.device_filter = device.pci->to_string();
    plan.view.scope = "Users of " + device.name + " (" + o.context.device_filter + "), scanned every 1 s";
  } else {
    plan.view.scope = "Users of any GPU, scanned every 1 s";
    plan.view.note = device.name + " has no PCI address: every process using a GPU is listed.";
  }
  plan.view.nobody = "no process holds this device (DRM fdinfo" +
                     std::string(o.scan.nvml ? ", NVML" : "") + "), not even this run yet";
  return plan;
}

DeviceUsersPlan plan_program_users(std::int64_t program_pid, const probes::ProbeOptions& probes) {
  DeviceUsersPlan plan;
  auto& o = plan.options;
  o.scan.root = probes.root;
  o.scan.always_list = {program_pid};
  std::string nvml_error;
  o.scan.nvml = probes::NvmlLibrary::load(probes.nvml_paths, nvml_error);  // null: no NVML
  o.prepare = [](watch::RoundContext& ctx) {
    try {
      for (const auto& platform : workloads::discover())
        for (const auto& d : platform.devices)
          if (d.is_cpu() && !ctx.cpu_device) ctx.cpu_device = watch::CpuDevice{d.name, std::max(1u, d.compute_units)};
    } catch (const std::exception&) {
      // No OpenCL here: a program that holds no GPU stays a row saying so.
    }
  };
  plan.view.run = true;
  plan.view.self_pid = program_pid;
  plan.view.scope = "Users of any GPU, and the observed program, scanned every 1 s";
  plan.view.note =
      "The observed program is listed even when it holds no GPU; on a CPU OpenCL device its worker "
      "threads are its device use, and that device's other users cannot be told apart from host load.";
  return plan;
}

}  // namespace clscope::app
