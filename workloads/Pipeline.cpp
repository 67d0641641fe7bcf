#include "workloads/Pipeline.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <tbb/parallel_for.h>

#include "core/Time.hpp"
#include "kernels/Kernels.hpp"
#include "workloads/Buffers.hpp"
#include "workloads/ClError.hpp"
#include "workloads/DeviceWait.hpp"
#include "workloads/Gemm.hpp"
#include "workloads/Runner.hpp"

namespace clscope::workloads {
namespace {

constexpr std::uint32_t kRowTile = 16;  // gemm tile of the chain; rows are padded to it
constexpr std::size_t kCommands = 5;     // h2d, gemm, softmax, scale_bias, d2h
constexpr std::uint64_t kCheckIdBase = 1ull << 62;
constexpr std::uint64_t kSampleEvery = 16;
constexpr std::size_t kMaxSamples = 256;
constexpr std::int64_t kMaxIdleWaitNs = 20'000'000;

std::uint32_t round_rows(std::uint64_t v) {
  return static_cast<std::uint32_t>(
      std::max<std::uint64_t>(kRowTile, (v + kRowTile - 1) / kRowTile * kRowTile));
}

std::uint64_t profiling(const cl::Event& ev, cl_profiling_info what) {
  cl_ulong v = 0;
  if (clGetEventProfilingInfo(ev(), what, sizeof v, &v, nullptr) != CL_SUCCESS) return 0;
  return v;
}

double kib(double bytes) { return bytes / 1024.0; }

}  // namespace

struct PipelineWorkload::Slot {
  PipelineWorkload* owner = nullptr;
  cl::CommandQueue queue;
  cl::Kernel gemm, softmax, scale_bias;
  cl::Buffer x, y, z;
  std::vector<float> in, out;  // host staging: inputs, outputs
  std::vector<core::Request> batch;
  std::vector<std::uint32_t> offsets;  // first row of each request
  std::uint32_t rows = 0, rows_padded = 0;
  std::array<cl::Event, kCommands> ev;
  std::int64_t pre_ns = 0, enqueue_begin_ns = 0, enqueue_end_ns = 0;
  ApiTotals api;
  bool busy = false;
  bool callback_pending = false;
  bool done = false;            // guarded by owner->mu_
  cl_int status = CL_COMPLETE;  // guarded by owner->mu_
};

PipelineWorkload::PipelineWorkload(CommonOptions common, PipelineOptions options)
    : Workload(std::move(common)), opt_(std::move(options)) {}

PipelineWorkload::~PipelineWorkload() {
  // A registered callback must not outlive its slot.
  for (auto& s : slots_) {
    if (!s->callback_pending) continue;
    try {
      finish_queue(s->queue);
    } catch (...) {
    }
    wait_done(*s);
  }
}

void PipelineWorkload::on_complete(cl_event, cl_int status, void* user) {
  auto* slot = static_cast<Slot*>(user);
  PipelineWorkload& self = *slot->owner;
  {
    std::lock_guard lock(self.mu_);
    slot->done = true;
    slot->status = status;
    self.any_done_ = true;
  }
  self.cv_.notify_all();
}

void PipelineWorkload::wait_done(Slot& slot) {
  DeviceWaitScope device_wait;
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return slot.done; });
  slot.callback_pending = false;
}

SetupInfo PipelineWorkload::prepare(const Device& device, cl::CommandQueue& /*queue*/,
                                  ApiMeter& /*meter*/) {
  SetupInfo info;
  if (opt_.queues < 1) throw UnsupportedError("pipeline: queues must be >= 1");
  dim_ = round_rows(opt_.dim);
  hidden_ = round_rows(opt_.hidden);
  // Fail early on inconsistent arrival or size parameters.
  {
    core::ArrivalOptions a = opt_.arrivals;
    core::SizeOptions s = opt_.sizes;
    try {
      core::ArrivalProcess check_arrivals(a);
      core::SizeDistribution check_sizes(s);
    } catch (const std::invalid_argument& e) {
      throw UnsupportedError(std::string("pipeline: ") + e.what());
    }
  }
  max_rows_ = round_rows(static_cast<std::uint64_t>(opt_.batching.max_batch) * opt_.sizes.max);
  const DeviceInfo& d = device.info();
  const std::uint64_t biggest =
      static_cast<std::uint64_t>(max_rows_) * std::max(dim_, hidden_) * sizeof(float);
  if (d.max_alloc_bytes && biggest > d.max_alloc_bytes)
    throw UnsupportedError("pipeline: a batch buffer of " + format_bytes(static_cast<double>(biggest)) +
                           " (max_batch x size_max rows) exceeds the device's max allocation of " +
                           format_bytes(static_cast<double>(d.max_alloc_bytes)));

  BuiltProgram gemm = device.build(std::string(*kernels::source("gemm.cl")),
                                   "-cl-std=CL1.2 -cl-mad-enable -DTS=" + std::to_string(kRowTile),
                                   "gemm.cl");
  BuiltProgram chain =
      device.build(std::string(*kernels::source("pipeline.cl")), "-cl-std=CL1.2", "pipeline.cl");
  info.build_ms = gemm.build_ms + chain.build_ms;
  gemm_program_ = gemm.program;
  chain_program_ = chain.program;

  const std::uint64_t seed = common_.seed;
  w_.resize(static_cast<std::size_t>(dim_) * hidden_);
  gamma_.resize(hidden_);
  beta_.resize(hidden_);
  fill_random(w_.data(), w_.size(), seed * 5 + 1, -1.0f, 1.0f);
  const float scale = 4.0f / std::sqrt(static_cast<float>(dim_));  // logits of order 1
  for (float& v : w_) v *= scale;
  fill_random(gamma_.data(), gamma_.size(), seed * 5 + 2, 0.5f, 1.5f);
  fill_random(beta_.data(), beta_.size(), seed * 5 + 3, -0.1f, 0.1f);
  const cl::Context& ctx = device.context();
  dw_ = cl::Buffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, w_.size() * sizeof(float), w_.data());
  dgamma_ = cl::Buffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, gamma_.size() * sizeof(float),
                       gamma_.data());
  dbeta_ = cl::Buffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, beta_.size() * sizeof(float),
                      beta_.data());
  arena_ = std::make_unique<tbb::task_arena>(std::max(1, opt_.host_threads));

  const std::size_t in_floats = static_cast<std::size_t>(max_rows_) * dim_;
  const std::size_t out_floats = static_cast<std::size_t>(max_rows_) * hidden_;
  for (int q = 0; q < opt_.queues; ++q) {
    auto s = std::make_unique<Slot>();
    s->owner = this;
    s->queue = device.make_queue();
    s->x = cl::Buffer(ctx, CL_MEM_READ_WRITE, in_floats * sizeof(float));
    s->y = cl::Buffer(ctx, CL_MEM_READ_WRITE, out_floats * sizeof(float));
    s->z = cl::Buffer(ctx, CL_MEM_READ_WRITE, out_floats * sizeof(float));
    // Padding rows are computed too: keep them finite.
    s->queue.enqueueFillBuffer(s->x, 0.0f, 0, in_floats * sizeof(float));
    s->queue.enqueueFillBuffer(s->y, 0.0f, 0, out_floats * sizeof(float));
    finish_queue(s->queue);
    s->in.resize(in_floats);
    s->out.resize(out_floats);
    s->gemm = cl::Kernel(gemm_program_, "gemm_tiled");
    s->gemm.setArg(1, static_cast<cl_int>(hidden_));
    s->gemm.setArg(2, static_cast<cl_int>(dim_));
    s->gemm.setArg(3, s->x);
    s->gemm.setArg(4, dw_);
    s->gemm.setArg(5, s->y);
    s->softmax = cl::Kernel(chain_program_, "softmax_rows");
    s->softmax.setArg(0, s->y);
    s->softmax.setArg(1, static_cast<cl_int>(hidden_));
    s->scale_bias = cl::Kernel(chain_program_, "scale_bias");
    s->scale_bias.setArg(0, s->y);
    s->scale_bias.setArg(1, dgamma_);
    s->scale_bias.setArg(2, dbeta_);
    s->scale_bias.setArg(3, s->z);
    s->scale_bias.setArg(4, static_cast<cl_int>(hidden_ / 4));
    slots_.push_back(std::move(s));
  }

  const core::ArrivalProcess rate_probe(opt_.arrivals);
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.4g", rate_probe.mean_rate_hz());
  info.description = std::string(core::arrival_kind_name(opt_.arrivals.kind)) + " arrivals " +
                     rate + " req/s, " + core::size_kind_name(opt_.sizes.kind) + " sizes (mean " +
                     std::to_string(opt_.sizes.mean) + ", max " + std::to_string(opt_.sizes.max) +
                     " rows) x " + std::to_string(dim_) + " -> " + std::to_string(hidden_) +
                     ", batches <= " + std::to_string(opt_.batching.max_batch) + ", " +
                     std::to_string(slots_.size()) + " queues";
  // Per launch figures make no sense for a chain of commands; a mean-size
  // request's work is given instead.
  const double r = opt_.sizes.mean;
  info.ops_per_launch = 2.0 * r * dim_ * hidden_ + 6.0 * r * hidden_;
  info.bytes_per_launch = 4.0 * r * dim_ + 4.0 * r * hidden_;
  info.resolved = {
      {"arrival", core::arrival_kind_name(opt_.arrivals.kind)},
      {"mean_rate_hz", rate_probe.mean_rate_hz()},
      {"size", core::size_kind_name(opt_.sizes.kind)},
      {"size_mean", opt_.sizes.mean},
      {"size_min", opt_.sizes.min},
      {"size_max", opt_.sizes.max},
      {"dim", dim_},
      {"hidden", hidden_},
      {"max_batch", opt_.batching.max_batch},
      {"max_wait_us", static_cast<double>(opt_.batching.max_wait_ns) * 1e-3},
      {"queues", slots_.size()},
      {"host_threads", std::max(1, opt_.host_threads)},
      {"queue_limit", opt_.batching.queue_limit},
      {"timeout_ms", static_cast<double>(opt_.batching.timeout_ns) * 1e-6},
      {"slo_p99_ms", opt_.slo_p99_ms ? nlohmann::json(*opt_.slo_p99_ms) : nlohmann::json(nullptr)},
      {"ops_per_mean_request", info.ops_per_launch},
      {"transfer_bytes_per_mean_request", info.bytes_per_launch}};
  return info;
}

void PipelineWorkload::first_launch(cl::CommandQueue& /*queue*/, ApiMeter& /*meter*/) {
  // First batches (JIT of every kernel on every slot), checked in full.
  std::vector<core::Request> check;
  const std::uint32_t limit = opt_.sizes.max;
  for (std::uint32_t rows : {1u, std::min(7u, limit), std::min(19u, limit)})
    check.push_back({kCheckIdBase + check.size(), 0, rows});
  for (std::size_t q = 0; q < slots_.size(); ++q)
    first_verification_ = check_outputs(check, run_batch_sync(check, q));
}

std::string PipelineWorkload::check_first_launch(cl::CommandQueue& /*queue*/) {
  return first_verification_ + " (on each of " + std::to_string(slots_.size()) + " queues)";
}

Launch PipelineWorkload::enqueue(cl::CommandQueue&, ApiMeter&) {
  throw std::logic_error("pipeline: enqueue() is not used; the pipeline runs its own loop");
}

void PipelineWorkload::preprocess(Slot& slot) {
  const std::uint64_t seed = common_.seed;
  const double per_kib = opt_.pre_us_per_kib;
  arena_->execute([&] {
    tbb::parallel_for(std::size_t{0}, slot.batch.size(), [&](std::size_t i) {
      const std::int64_t t0 = core::now_ns();
      const core::Request& r = slot.batch[i];
      pipeline_request_input(seed, r.id, r.rows, dim_,
                             slot.in.data() + static_cast<std::size_t>(slot.offsets[i]) * dim_);
      const double budget_us = per_kib * kib(4.0 * r.rows * dim_);
      const double spent_us = static_cast<double>(core::now_ns() - t0) * 1e-3;
      busy_host_work(budget_us - spent_us);
    });
  });
}

void PipelineWorkload::postprocess(Slot& slot, std::vector<double>& sums) {
  sums.assign(slot.batch.size(), 0.0);
  const double per_kib = opt_.post_us_per_kib;
  arena_->execute([&] {
    tbb::parallel_for(std::size_t{0}, slot.batch.size(), [&](std::size_t i) {
      const std::int64_t t0 = core::now_ns();
      const core::Request& r = slot.batch[i];
      double total = 0;
      std::uint64_t argmax_sum = 0;
      for (std::uint32_t row = 0; row < r.rows; ++row) {
        const float* z = slot.out.data() + static_cast<std::size_t>(slot.offsets[i] + row) * hidden_;
        argmax_sum += static_cast<std::uint64_t>(std::max_element(z, z + hidden_) - z);
        for (std::uint32_t j = 0; j < hidden_; ++j) total += z[j];
      }
      sums[i] = total;
      volatile std::uint64_t keep = argmax_sum;  // the arg-max is the "answer"
      (void)keep;
      const double budget_us = per_kib * kib(4.0 * r.rows * hidden_);
      const double spent_us = static_cast<double>(core::now_ns() - t0) * 1e-3;
      busy_host_work(budget_us - spent_us);
    });
  });
}

void PipelineWorkload::dispatch(Slot& slot, std::vector<core::Request> batch, ApiMeter& meter) {
  slot.batch = std::move(batch);
  slot.offsets.resize(slot.batch.size());
  std::uint32_t rows = 0;
  for (std::size_t i = 0; i < slot.batch.size(); ++i) {
    slot.offsets[i] = rows;
    rows += slot.batch[i].rows;
  }
  slot.rows = rows;
  slot.rows_padded = round_rows(rows);
  if (slot.rows_padded > max_rows_)
    throw std::logic_error("pipeline: batch of " + std::to_string(rows) + " rows exceeds " +
                           std::to_string(max_rows_));
  const std::int64_t p0 = core::now_ns();
  preprocess(slot);
  slot.pre_ns = core::now_ns() - p0;
  {
    std::lock_guard lock(mu_);
    slot.done = false;
    slot.status = CL_COMPLETE;
  }
  const ApiTotals before = meter.totals();
  slot.enqueue_begin_ns = core::now_ns();
  const auto rp = static_cast<std::size_t>(slot.rows_padded);
  meter.call([&] {
    return slot.queue.enqueueWriteBuffer(slot.x, CL_FALSE, 0,
                                         static_cast<std::size_t>(rows) * dim_ * sizeof(float),
                                         slot.in.data(), nullptr, &slot.ev[0]);
  });
  slot.gemm.setArg(0, static_cast<cl_int>(rp));
  meter.call([&] {
    return slot.queue.enqueueNDRangeKernel(slot.gemm, cl::NullRange,
                                           gemm_global(rp, hidden_, static_cast<int>(kRowTile)),
                                           gemm_local(static_cast<int>(kRowTile)), nullptr,
                                           &slot.ev[1]);
  });
  meter.call([&] {
    return slot.queue.enqueueNDRangeKernel(slot.softmax, cl::NullRange, cl::NDRange(rp),
                                           cl::NDRange(kRowTile), nullptr, &slot.ev[2]);
  });
  meter.call([&] {
    return slot.queue.enqueueNDRangeKernel(slot.scale_bias, cl::NullRange,
                                           cl::NDRange(rp * hidden_ / 4), cl::NDRange(kRowTile),
                                           nullptr, &slot.ev[3]);
  });
  meter.call([&] {
    return slot.queue.enqueueReadBuffer(slot.z, CL_FALSE, 0,
                                        static_cast<std::size_t>(rows) * hidden_ * sizeof(float),
                                        slot.out.data(), nullptr, &slot.ev[4]);
  });
  meter.call([&] { return slot.ev[4].setCallback(CL_COMPLETE, &PipelineWorkload::on_complete, &slot); });
  slot.callback_pending = true;
  meter.call([&] { return slot.queue.flush(); });
  slot.enqueue_end_ns = core::now_ns();
  slot.api = meter.totals() - before;
  slot.busy = true;
}

std::vector<float> PipelineWorkload::run_batch_sync(const std::vector<core::Request>& batch,
                                                    std::size_t index) {
  ApiMeter meter;
  Slot& slot = *slots_.at(index);
  dispatch(slot, batch, meter);
  wait_done(slot);
  slot.busy = false;
  if (slot.status < 0) throw ClError("pipeline: batch command", slot.status);
  return std::vector<float>(slot.out.begin(),
                            slot.out.begin() + static_cast<std::ptrdiff_t>(slot.rows) * hidden_);
}

void PipelineWorkload::run_loop(RunContext& ctx) {
  ApiMeter& meter = ctx.meter();
  core::ArrivalOptions arrivals = opt_.arrivals;
  arrivals.seed = common_.seed;
  core::SizeOptions sizes = opt_.sizes;
  sizes.seed = common_.seed;
  core::BatchScheduler sched(opt_.batching, core::ArrivalProcess(arrivals),
                             core::SizeDistribution(sizes), core::now_ns());
  std::int64_t wait_ns = 0, sleep_ns = 0;  // since the last submitted batch
  std::vector<double> sums;

  auto free_slot = [&]() -> Slot* {
    for (auto& s : slots_)
      if (!s->busy) return s.get();
    return nullptr;
  };
  auto finish = [&](Slot& slot) {
    slot.busy = false;
    slot.callback_pending = false;
    if (slot.status < 0) throw ClError("pipeline: batch command", slot.status);
    const std::int64_t p0 = core::now_ns();
    postprocess(slot, sums);
    const std::int64_t done_ns = core::now_ns();
    const std::vector<std::int64_t> latency = sched.complete(slot.batch, done_ns);
    const auto rows = static_cast<double>(slot.rows);
    const auto rp = static_cast<double>(slot.rows_padded);
    const double d = dim_, h = hidden_;
    const std::array<double, kCommands> bytes{4 * rows * d, 4 * (rp * d + d * h + rp * h),
                                              8 * rp * h, 8 * rp * h + 8 * h, 4 * rows * h};
    const std::array<double, kCommands> ops{0, 2 * rp * d * h, 4 * rp * h, 2 * rp * h, 0};
    for (std::size_t k = 0; k < kCommands; ++k) {
      core::IterationStats it;
      // QUEUED only for the first command: the later ones queue behind it,
      // which is chaining, not dispatch latency.
      it.queued_ns = k == 0 ? profiling(slot.ev[k], CL_PROFILING_COMMAND_QUEUED) : 0;
      it.submit_ns = profiling(slot.ev[k], CL_PROFILING_COMMAND_SUBMIT);
      it.start_ns = profiling(slot.ev[k], CL_PROFILING_COMMAND_START);
      it.end_ns = profiling(slot.ev[k], CL_PROFILING_COMMAND_END);
      it.enqueue_begin_ns = slot.enqueue_begin_ns;
      it.enqueue_end_ns = slot.enqueue_end_ns;
      it.complete_ns = done_ns;
      it.bytes = bytes[k];
      it.ops = ops[k];
      it.transfer = k == 0 || k == kCommands - 1;
      if (k == kCommands - 1) {
        it.api_wall_ns = slot.api.wall_ns + wait_ns;
        it.api_cpu_ns = slot.api.cpu_ns;
        it.api_calls = slot.api.calls;
        it.wait_wall_ns = wait_ns;
        it.host_work_ns = slot.pre_ns + (done_ns - p0);
        it.sleep_ns = sleep_ns;
        it.requests = static_cast<std::uint32_t>(slot.batch.size());
        const core::SchedulerCounters c = sched.take_counters();
        core::RequestSample sample;
        sample.latency_ns = latency;
        sample.batch_size = static_cast<std::uint32_t>(slot.batch.size());
        sample.arrived = c.arrived;
        sample.dropped = c.dropped;
        sample.timed_out = c.timed_out;
        sample.depth_sum = c.depth_sum;
        sample.depth_samples = c.depth_samples;
        sample.depth_max = c.depth_max;
        it.request = std::move(sample);
        wait_ns = sleep_ns = 0;
      }
      ctx.submit(it);
    }
    if (common_.verify && batches_ % kSampleEvery == 0 && samples_.size() < kMaxSamples)
      samples_.push_back({slot.batch.front(), sums.front()});
    ++batches_;
  };
  auto finish_completed = [&] {
    for (auto& s : slots_) {
      if (!s->busy) continue;
      bool done = false;
      {
        std::lock_guard lock(mu_);
        done = s->done;
      }
      if (done) finish(*s);
    }
  };
  auto drain = [&] {
    for (auto& s : slots_) {
      if (!s->busy) continue;
      const std::int64_t w0 = core::now_ns();
      wait_done(*s);
      wait_ns += core::now_ns() - w0;
      finish(*s);
    }
  };

  while (!ctx.stop_requested()) {
    if (ctx.pause_requested()) {
      drain();
      const std::int64_t t0 = core::now_ns();
      if (!ctx.wait_while_paused()) break;
      sched.shift(core::now_ns() - t0);
      continue;
    }
    {
      std::lock_guard lock(mu_);
      any_done_ = false;
    }
    finish_completed();
    sched.advance(core::now_ns());
    while (Slot* s = free_slot()) {
      std::vector<core::Request> batch = sched.take_batch(core::now_ns());
      if (batch.empty()) break;
      dispatch(*s, std::move(batch), meter);
      sched.advance(core::now_ns());  // arrivals during pre-processing
    }
    bool in_flight = false;
    for (auto& s : slots_) in_flight = in_flight || s->busy;
    const std::int64_t now = core::now_ns();
    const std::int64_t deadline =
        std::min(sched.next_event_ns(free_slot() != nullptr), now + kMaxIdleWaitNs);
    if (deadline > now) {
      std::unique_lock lock(mu_);
      cv_.wait_until(lock,
                     std::chrono::steady_clock::time_point(std::chrono::nanoseconds(deadline)),
                     [&] { return any_done_; });
    }
    (in_flight ? wait_ns : sleep_ns) += core::now_ns() - now;
  }
  drain();
}

std::string PipelineWorkload::verify_after(cl::CommandQueue&, std::uint64_t) {
  std::size_t checked = 0;
  for (const Sample& s : samples_) {
    std::vector<float> x(static_cast<std::size_t>(s.request.rows) * dim_);
    pipeline_request_input(common_.seed, s.request.id, s.request.rows, dim_, x.data());
    const std::vector<double> ref =
        pipeline_reference(x, s.request.rows, w_, gamma_, beta_, dim_, hidden_);
    double sum = 0, mag = 0;
    for (double v : ref) sum += v, mag += std::fabs(v);
    if (!(std::fabs(s.sum - sum) <= 1e-4 * mag + 1e-6 * static_cast<double>(ref.size())))
      throw VerificationError("pipeline: served request " + std::to_string(s.request.id) + " (" +
                              std::to_string(s.request.rows) + " rows): output sum " +
                              std::to_string(s.sum) + ", host reference " + std::to_string(sum));
    ++checked;
  }
  return "ok: " + std::to_string(checked) + " served requests (first of every " +
         std::to_string(kSampleEvery) + "th batch) match the host reference, " +
         std::to_string(batches_) + " batches";
}

}  // namespace clscope::workloads
