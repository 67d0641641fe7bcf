#pragma once
// Who uses the run's device, for the run dashboard's processes view (key p):
// a thread ("clscope:procs") scans with probes::ProcessScan every period
// (1 s) and turns each scan into a watch round (watch::make_round: the same
// rows, evidence and verdicts as `clscope watch`); latest() hands the newest
// one to the UI thread without waiting on a scan.
//
// What is scanned (plan_device_users):
//   - a GPU with a PCI address: every process (DRM fdinfo; NVML when its
//     library loads), kept when it uses that address; clscope is one of them;
//   - a GPU without one: every process using any GPU (said in the note);
//   - a CPU device (POCL): only clscope itself, as the device's user. Other
//     processes' OpenCL work on the same cores cannot be told apart from host
//     load (the host CPU chart shows it), so none is listed and the note says so;
//   - an observed program (plan_program_users): every GPU user and the program.
// Thread safety: latest() from any thread; construction and destruction on one.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "app/dashboard/ProcessesFeed.hpp"
#include "app/watch/WatchRound.hpp"
#include "probes/ProcessScan.hpp"
#include "probes/Registry.hpp"
#include "workloads/Discovery.hpp"

namespace clscope::app {

struct DeviceUsersOptions {
  probes::ProcessScanOptions scan;
  watch::RoundContext context;
  std::chrono::milliseconds period{1000};
  /// Once, on the scanning thread, before the first scan: slow set-up of the
  /// context (OpenCL discovery) that must not hold up the UI.
  std::function<void(watch::RoundContext&)> prepare;
};

class DeviceUsers {
 public:
  /// Starts the scanning thread.
  explicit DeviceUsers(DeviceUsersOptions options);
  /// Stops it: returns within one scan.
  ~DeviceUsers();
  DeviceUsers(const DeviceUsers&) = delete;
  DeviceUsers& operator=(const DeviceUsers&) = delete;

  /// The newest round; null before the first scan finished.
  std::shared_ptr<const watch::WatchRound> latest() const;

 private:
  void run();

  DeviceUsersOptions options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::shared_ptr<const watch::WatchRound> latest_;
  std::thread thread_;
};

struct DeviceUsersPlan {
  DeviceUsersOptions options;
  ProcessesContext view;
};

/// What to scan for a run on `device` and how the view presents it.
DeviceUsersPlan plan_device_users(const workloads::DeviceInfo& device,
                                  const probes::ProbeOptions& probes, std::int64_t self_pid);

/// What to scan for `clscope run -- CMD`, whose device clscope does not
/// choose: every process using a GPU, and the observed program (`program_pid`,
/// "this run") even when it holds none; then a program on a CPU OpenCL device
/// is that device's user, its worker threads its device use, as in watch --pid.
DeviceUsersPlan plan_program_users(std::int64_t program_pid, const probes::ProbeOptions& probes);

}  // namespace clscope::app
