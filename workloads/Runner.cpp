#include "workloads/Runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>

#include "core/Time.hpp"
#include "workloads/ClError.hpp"

namespace clscope::workloads {
namespace {
/// Unwinds an abandoned runner's thread that woke up after all.
struct Abandoned {};
}  // namespace

const char* run_state_name(RunState s) {
  switch (s) {
    case RunState::pending: return "pending";
    case RunState::building: return "building";
    case RunState::waiting: return "waiting";
    case RunState::running: return "running";
    case RunState::paused: return "paused";
    case RunState::stopped: return "stopped";
    case RunState::failed: return "failed";
  }
  return "?";
}

std::int64_t busy_host_work(double us) {
  if (us <= 0) return 0;
  const std::int64_t t0 = core::now_ns();
  const auto deadline = t0 + static_cast<std::int64_t>(us * 1e3);
  volatile double sink = 1.0;
  double x = sink;
  while (core::now_ns() < deadline) {
    for (int i = 0; i < 64; ++i) x = std::sqrt(x * 1.000001 + 0.5);
  }
  sink = x;
  return core::now_ns() - t0;
}

Runner::Runner(const Device& device, std::unique_ptr<Workload> workload, int id,
               core::Aggregator& sink, std::function<void()> on_thread_start)
    : device_(device),
      workload_(std::move(workload)),
      id_(id),
      sink_(sink),
      on_thread_start_(std::move(on_thread_start)) {}

Runner::~Runner() {
  request_stop();
  join();
}

void Runner::start() { thread_ = std::thread([this] { thread_main(); }); }

void Runner::request_stop() {
  stop_ = true;
  cv_.notify_all();
}

void Runner::set_paused(bool paused) {
  paused_ = paused;
  cv_.notify_all();
}

void Runner::join() {
  if (!thread_.joinable()) return;
  if (abandoned_)
    thread_.detach();  // blocked in OpenCL; this Runner is kept alive for it
  else
    thread_.join();
}

bool Runner::check_timeout(std::int64_t now_ns) {
  const std::int64_t since = wait_clock_.since_ns.load();
  const double limit_s = workload_->common().timeout_s;
  if (abandoned_ || since == 0 || limit_s <= 0) return false;
  const double waited_s = static_cast<double>(now_ns - since) * 1e-9;
  if (waited_s <= limit_s) return false;
  char text[160];
  std::snprintf(text, sizeof text,
                "a launch did not complete within timeout_s = %g s (waited %.1f s); "
                "the device may still be running it",
                limit_s, waited_s);
  abandoned_ = true;
  fail(RunnerStatus::ErrorKind::timeout, text);
  request_stop();
  return true;
}

RunnerStatus Runner::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

void Runner::set_state(RunState s) {
  std::lock_guard lock(mu_);
  status_.state = s;
}

void Runner::fail(RunnerStatus::ErrorKind kind, const std::string& message) {
  std::lock_guard lock(mu_);
  status_.state = RunState::failed;
  status_.error_kind = kind;
  status_.error = message;
}

bool Runner::should_stop() const {
  if (stop_) return true;
  const double after = workload_->common().stop_after_s;
  return after > 0 && core::now_ns() >= sink_.origin_ns() + static_cast<std::int64_t>(after * 1e9);
}

bool Runner::wait_for_start() {
  const double after = workload_->common().start_after_s;
  if (after <= 0) return !stop_;
  const std::int64_t start_ns = sink_.origin_ns() + static_cast<std::int64_t>(after * 1e9);
  set_state(RunState::waiting);
  std::unique_lock lock(mu_);
  while (!stop_ && core::now_ns() < start_ns)
    cv_.wait_for(lock, std::chrono::nanoseconds(std::min<std::int64_t>(
                           start_ns - core::now_ns(), 50'000'000)));
  return !stop_;
}

/// RunContext for workloads that own their loop.
class Runner::Context final : public RunContext {
 public:
  Context(Runner& runner, cl::CommandQueue& queue) : r_(runner), queue_(queue) {}
  const Device& device() const override { return r_.device_; }
  cl::CommandQueue& queue() override { return queue_; }
  ApiMeter& meter() override { return meter_; }
  bool stop_requested() const override { return r_.should_stop(); }
  bool pause_requested() const override { return r_.paused_; }
  bool wait_while_paused() override {
    r_.set_state(RunState::paused);
    std::unique_lock lock(r_.mu_);
    r_.cv_.wait(lock, [&] { return !r_.paused_ || r_.stop_; });
    if (r_.stop_) return false;
    r_.status_.state = RunState::running;
    lock.unlock();
    r_.sink_.mark_start(r_.id_, core::now_ns());
    return true;
  }
  void submit(const core::IterationStats& it) override {
    if (r_.abandoned_) throw Abandoned{};
    r_.sink_.submit(r_.id_, it);
    std::lock_guard lock(r_.mu_);
    ++r_.status_.launches;
  }

 private:
  Runner& r_;
  cl::CommandQueue& queue_;
  ApiMeter meter_;
};

void Runner::thread_main() {
  // Exceptions stop here and become a visible status.
  try {
    if (on_thread_start_) on_thread_start_();
    set_thread_wait_clock(&wait_clock_);
    set_state(RunState::building);
    cl::CommandQueue queue = device_.make_queue();
    ApiMeter setup_meter;
    SetupInfo info = workload_->setup(device_, queue, setup_meter);
    if (abandoned_) return;
    {
      std::lock_guard lock(mu_);
      status_.setup = info;
    }
    if (wait_for_start()) {
      if (workload_->owns_loop()) {
        Context context(*this, queue);
        set_state(RunState::running);
        sink_.mark_start(id_, core::now_ns());
        workload_->run_loop(context);
      } else {
        run_loop(queue);
      }
    }
    if (workload_->common().verify) {
      std::uint64_t launches = status().launches;
      std::string result = workload_->verify_after(queue, launches);
      std::lock_guard lock(mu_);
      status_.verify_after_result = result;
    }
    if (abandoned_) return;
    set_state(RunState::stopped);
  } catch (const Abandoned&) {
    return;
  } catch (...) {
    if (abandoned_) return;  // failed already with the timeout
    try {
      throw;
    } catch (const cl::Error& e) {
      fail(RunnerStatus::ErrorKind::opencl, from_cl_error(e).what());
    } catch (const ClError& e) {
      fail(RunnerStatus::ErrorKind::opencl, e.what());
    } catch (const UnsupportedError& e) {
      fail(RunnerStatus::ErrorKind::unsupported, e.what());
    } catch (const VerificationError& e) {
      fail(RunnerStatus::ErrorKind::verification, e.what());
    } catch (const std::exception& e) {
      fail(RunnerStatus::ErrorKind::other, e.what());
    }
  }
}

namespace {

struct Outstanding {
  Launch launch;
  std::int64_t enqueue_begin_ns = 0, enqueue_end_ns = 0;
  ApiTotals api;  // enqueue + flush
  std::int64_t host_work_ns = 0, sleep_ns = 0;
};

std::uint64_t profiling(const cl::Event& ev, cl_profiling_info what) {
  cl_ulong v = 0;
  if (clGetEventProfilingInfo(ev(), what, sizeof v, &v, nullptr) != CL_SUCCESS) return 0;
  return v;
}

}  // namespace

void Runner::run_loop(cl::CommandQueue& queue) {
  const CommonOptions& opt = workload_->common();
  const std::size_t in_flight = static_cast<std::size_t>(std::max(1, opt.in_flight));
  ApiMeter meter;
  std::deque<Outstanding> outstanding;
  std::uint64_t launches = 0;

  auto complete_oldest = [&] {
      Outstanding& o = outstanding.front();
      const ApiTotals before = meter.totals();
      const std::int64_t w0 = core::now_ns();
      meter.call([&] { return wait_event(o.launch.event); });
      if (abandoned_) throw Abandoned{};
      const std::int64_t w1 = core::now_ns();
      core::IterationStats it;
      it.queued_ns = meter.call([&] { return profiling(o.launch.event, CL_PROFILING_COMMAND_QUEUED); });
      it.submit_ns = meter.call([&] { return profiling(o.launch.event, CL_PROFILING_COMMAND_SUBMIT); });
      it.start_ns = meter.call([&] { return profiling(o.launch.event, CL_PROFILING_COMMAND_START); });
      it.end_ns = meter.call([&] { return profiling(o.launch.event, CL_PROFILING_COMMAND_END); });
      const ApiTotals waited = meter.totals() - before;
      it.enqueue_begin_ns = o.enqueue_begin_ns;
      it.enqueue_end_ns = o.enqueue_end_ns;
      it.complete_ns = w1;
      it.api_wall_ns = o.api.wall_ns + waited.wall_ns;
      it.api_cpu_ns = o.api.cpu_ns + waited.cpu_ns;
      it.api_calls = o.api.calls + waited.calls;
      it.wait_wall_ns = w1 - w0;
      it.host_work_ns = o.host_work_ns;
      it.sleep_ns = o.sleep_ns;
      it.bytes = o.launch.bytes;
      it.ops = o.launch.ops;
      it.transfer = o.launch.transfer;
      sink_.submit(id_, it);
      outstanding.pop_front();
      ++launches;
      std::lock_guard lock(mu_);
      status_.launches = launches;
  };

  set_state(RunState::running);
  sink_.mark_start(id_, core::now_ns());
  std::uint64_t enqueued = 0;
  while (!should_stop() && (opt.max_launches == 0 || launches < opt.max_launches)) {
    if (paused_) {
      while (!outstanding.empty()) complete_oldest();
      set_state(RunState::paused);
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !paused_ || stop_; });
      status_.state = RunState::running;
      lock.unlock();
      sink_.mark_start(id_, core::now_ns());
      continue;
    }
    if (outstanding.size() < in_flight &&
        (opt.max_launches == 0 || enqueued < opt.max_launches)) {
      ++enqueued;
      Outstanding o;
      o.host_work_ns = busy_host_work(opt.host_work_us);
      if (opt.host_sleep_us > 0) {
        const std::int64_t s0 = core::now_ns();
        std::this_thread::sleep_for(std::chrono::nanoseconds(
            static_cast<std::int64_t>(opt.host_sleep_us * 1e3)));
        o.sleep_ns = core::now_ns() - s0;
      }
      const ApiTotals before = meter.totals();
      o.enqueue_begin_ns = core::now_ns();
      o.launch = workload_->enqueue(queue, meter);
      meter.call([&] { return queue.flush(); });
      o.enqueue_end_ns = core::now_ns();
      o.api = meter.totals() - before;
      outstanding.push_back(std::move(o));
      continue;
    }
    complete_oldest();
  }
  // Launches still in flight complete and count: the device did the work.
  while (!outstanding.empty()) complete_oldest();
}


}  // namespace clscope::workloads
