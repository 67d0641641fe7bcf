#include "probes/Sampler.hpp"

#include <pthread.h>

#include <ctime>

#include "core/Time.hpp"

namespace clscope::probes {

const ProbeReading* SampleSet::find(std::string_view name) const {
  for (const auto& r : readings) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

Sampler::Sampler(std::vector<ProbePtr> probes, std::chrono::milliseconds period,
                 Callback on_round)
    : probes_(std::move(probes)), period_(period), on_round_(std::move(on_round)) {
  if (period_.count() <= 0) period_ = std::chrono::milliseconds(100);
  due_ns_.assign(probes_.size(), 0);
  for (const auto& p : probes_) {
    ProbeReading r;
    r.name = p->name();
    r.device = p->device();
    if (const auto* info = p->device_info()) r.info = *info;
    r.sample.reason = "not sampled yet";
    readings_.push_back(std::move(r));
  }
}

Sampler::~Sampler() { stop(); }

void Sampler::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stop_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void Sampler::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string Sampler::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

std::shared_ptr<const SampleSet> Sampler::latest() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

std::optional<std::int64_t> Sampler::thread_cpu_ns() const {
  // Hold the lock while reading the clock: the thread cannot exit meanwhile
  // (it takes the lock to retire its clock id), so the id stays valid.
  std::lock_guard lock(mutex_);
  if (!cpu_clock_) return final_cpu_ns_;
  timespec ts{};
  if (clock_gettime(*cpu_clock_, &ts) != 0) return std::nullopt;
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

SampleSet Sampler::sample_all(std::vector<ProbePtr>& probes) {
  SampleSet set;
  for (auto& p : probes) {
    ProbeReading r;
    r.name = p->name();
    r.device = p->device();
    if (const auto* info = p->device_info()) r.info = *info;
    r.sample = p->sample();
    set.readings.push_back(std::move(r));
  }
  set.t_ns = core::now_ns();
  set.round = 1;
  return set;
}

void Sampler::round(std::int64_t now_ns) {
  for (std::size_t i = 0; i < probes_.size(); ++i) {
    if (now_ns < due_ns_[i]) continue;
    const std::int64_t c0 = core::thread_cpu_ns();
    readings_[i].sample = probes_[i]->sample();
    readings_[i].cost_ns = core::thread_cpu_ns() - c0;
    readings_[i].total_cost_ns += readings_[i].cost_ns;
    ++readings_[i].samples;
    const auto period = std::max(probes_[i]->period(), period_);
    // Half a sampler period of slack so a probe with the same period as the
    // sampler is not skipped by timer jitter.
    due_ns_[i] = now_ns + std::chrono::nanoseconds(period).count() -
                 std::chrono::nanoseconds(period_).count() / 2;
  }
  auto set = std::make_shared<SampleSet>();
  set->t_ns = core::now_ns();
  set->round = rounds_.load() + 1;
  set->readings = readings_;
  std::shared_ptr<const SampleSet> published = std::move(set);
  {
    std::lock_guard lock(mutex_);
    latest_ = published;
  }
  rounds_.fetch_add(1);
  if (on_round_) on_round_(published);
}

void Sampler::run() {
  pthread_setname_np(pthread_self(), "clscope:probe");
  {
    clockid_t c{};
    std::lock_guard lock(mutex_);
    if (pthread_getcpuclockid(pthread_self(), &c) == 0) cpu_clock_ = c;
  }
  auto next = std::chrono::steady_clock::now();
  for (;;) {
    try {
      round(core::now_ns());
    } catch (const std::exception& e) {
      // Probes never throw; only allocation can. Stop sampling visibly.
      std::lock_guard lock(mutex_);
      error_ = std::string("sampler stopped: ") + e.what();
      break;
    }
    next += period_;
    const auto now = std::chrono::steady_clock::now();
    if (next < now) next = now;  // fell behind: do not burst to catch up
    std::unique_lock lock(mutex_);
    if (wake_.wait_until(lock, next, [this] { return stop_; })) break;
  }
  const std::int64_t cpu = core::thread_cpu_ns();
  std::lock_guard lock(mutex_);
  cpu_clock_.reset();
  final_cpu_ns_ = cpu;
}

}  // namespace clscope::probes
