#include "app/run/RunController.hpp"

#include <pthread.h>

#include "app/run/WorkloadFactory.hpp"
#include "core/Time.hpp"

namespace clscope::app {

RunController::RunController(const workloads::Device& device, const config::Scenario& scenario,
                             std::function<void(int, const std::string&)> on_thread_start)
    : device_(device) {
  aggregator_ = std::make_unique<core::Aggregator>(scenario.workloads.size(), core::now_ns());
  int id = 0;
  for (const auto& wc : scenario.workloads) {
    WorkloadSlot slot;
    slot.config = wc;
    auto workload = make_workload(wc);
    slot.info.name = wc.name;
    slot.info.kind = wc.kind;
    slot.info.slo_p99_ms = slo_p99_ms(wc);
    const std::string thread_name = ("cl:" + wc.name).substr(0, 15);
    auto hook = [thread_name, on_thread_start, index = id] {
      pthread_setname_np(pthread_self(), thread_name.c_str());
      if (on_thread_start) on_thread_start(index, thread_name);
    };
    slot.runner = std::make_unique<workloads::Runner>(device_, std::move(workload), id++,
                                                      *aggregator_, hook);
    slots_.push_back(std::move(slot));
  }
}

RunController::~RunController() {
  stop();
  // A runner whose thread is stuck in a launch that never completed is left
  // alive on purpose: that thread still refers to it (see Runner).
  for (auto& s : slots_)
    if (s.runner && s.runner->abandoned()) static_cast<void>(s.runner.release());
}

std::vector<int> RunController::check_timeouts() {
  std::vector<int> timed_out;
  const std::int64_t now = core::now_ns();
  for (std::size_t i = 0; i < slots_.size(); ++i)
    if (slots_[i].runner->check_timeout(now)) timed_out.push_back(static_cast<int>(i));
  return timed_out;
}

void RunController::start() {
  for (auto& s : slots_) s.runner->start();
}

std::vector<core::WindowStats> RunController::tick() {
  auto windows = aggregator_->close_window(core::now_ns());
  for (std::size_t i = 0; i < windows.size() && i < slots_.size(); ++i) {
    // The metric is known once setup has run (transfer may turn out zero-copy);
    // status() synchronises with the runner thread that wrote it.
    if (slots_[i].runner->status().setup) slots_[i].info.metric = slots_[i].runner->workload().metric();
  }
  return windows;
}

void RunController::set_paused(bool paused) {
  for (auto& s : slots_) s.runner->set_paused(paused);
}

void RunController::stop() {
  for (auto& s : slots_) s.runner->request_stop();
  for (auto& s : slots_) s.runner->join();
}

double RunController::elapsed_s() const {
  return static_cast<double>(core::now_ns() - aggregator_->origin_ns()) * 1e-9;
}

}  // namespace clscope::app
