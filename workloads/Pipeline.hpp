#pragma once
// `pipeline`: an inference-like request server. Requests arrive open-loop
// (core::ArrivalProcess), with sizes in rows (core::SizeDistribution); the
// core::BatchScheduler forms batches (max_batch, max_wait) which are served on
// `queues` command queues in flight at once. Per batch:
//   1. host pre-processing on a bounded oneTBB task_arena (host_threads):
//      each request's input is decoded from bytes and normalised to floats
//      (rows x dim), topped up with busy work to pre_us_per_kib per KiB;
//   2. host->device copy of the batch's rows;
//   3. the kernel chain, sized by the batch: Z = scale_bias(softmax(X * W))
//      with X rows x dim, W dim x hidden (resident weights), row-wise
//      softmax, element-wise z = y * gamma + beta (rows padded to 16);
//   4. device->host copy of Z;
//   5. host post-processing on the arena: per request, arg-max and sum of
//      each row, topped up to post_us_per_kib per KiB of output.
// A request's latency runs from its SCHEDULED arrival to the end of its
// post-processing (see BatchScheduler: no coordinated omission).
//
// Accounting (per batch of R rows, Rp = R rounded up to 16): five items are
// submitted, one per command, with their profiling timestamps:
//   h2d   transfer, bytes 4*R*dim
//   gemm  ops 2*Rp*dim*hidden, bytes 4*(Rp*dim + dim*hidden + Rp*hidden)
//   softmax  ops 4*Rp*hidden, bytes 8*Rp*hidden
//   scale_bias  ops 2*Rp*hidden, bytes 8*Rp*hidden + 8*hidden
//   d2h   transfer, bytes 4*R*hidden; carries the batch's requests, their
//         latencies and the admission counters (core::RequestSample)
// Headline metric: completed requests per second.
// Checks: setup runs a batch of three requests (1, 7 and up to 19 rows)
// through the chain and compares every output with a host reference in
// double (|z - ref| <= 1e-3 * |gamma * p| + 1e-6). With verify=true the first
// request of every 16th batch (up to 256) keeps its output sum, and
// verify_after() recomputes those requests on the host (inputs are a pure
// function of seed and request id): |sum - ref| <= 1e-4 * sum|ref| + 1e-6 * n.
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <tbb/task_arena.h>

#include "core/Arrivals.hpp"
#include "core/BatchScheduler.hpp"
#include "workloads/Workload.hpp"

namespace clscope::workloads {

struct PipelineOptions {
  core::ArrivalOptions arrivals;  ///< seed is taken from CommonOptions
  core::SizeOptions sizes;        ///< seed is taken from CommonOptions
  core::BatchPolicy batching;
  int queues = 2;                 ///< batches in flight, each on its own command queue
  std::uint32_t dim = 256;        ///< input features per row (rounded up to 16)
  std::uint32_t hidden = 256;     ///< output features per row (rounded up to 16)
  double pre_us_per_kib = 2;      ///< host pre-processing per KiB of input
  double post_us_per_kib = 1;     ///< host post-processing per KiB of output
  int host_threads = 2;           ///< concurrency of the task_arena
  std::optional<double> slo_p99_ms;
};

/// Input row-major rows x dim of request `id`: bytes from a generator seeded
/// by (seed, id), normalised to [-1, 1]. Pure.
void pipeline_request_input(std::uint64_t seed, std::uint64_t id, std::uint32_t rows,
                            std::uint32_t dim, float* out);
/// Host reference of the chain for `rows` rows of `x`: softmax(x W) * gamma + beta, in double.
std::vector<double> pipeline_reference(const std::vector<float>& x, std::uint32_t rows,
                                       const std::vector<float>& w, const std::vector<float>& gamma,
                                       const std::vector<float>& beta, std::uint32_t dim,
                                       std::uint32_t hidden);

class PipelineWorkload final : public Workload {
 public:
  PipelineWorkload(CommonOptions common, PipelineOptions options);
  ~PipelineWorkload() override;
  std::string kind() const override { return "pipeline"; }
  core::Metric metric() const override { return core::Metric::requests_per_s; }
  SetupInfo prepare(const Device& device, cl::CommandQueue& queue, ApiMeter& meter) override;
  /// The first batches on every queue (compiling every kernel), checked in full.
  void first_launch(cl::CommandQueue& queue, ApiMeter& meter) override;
  std::string check_first_launch(cl::CommandQueue& queue) override;
  /// Not used: the pipeline owns its loop. Throws std::logic_error.
  Launch enqueue(cl::CommandQueue& queue, ApiMeter& meter) override;
  std::string verify_after(cl::CommandQueue& queue, std::uint64_t launches) override;
  bool owns_loop() const override { return true; }
  void run_loop(RunContext& context) override;

  /// Runs `batch` through the chain on queue `slot` and waits; returns Z
  /// (R x hidden, R = sum of rows). For setup and tests; not during run_loop.
  std::vector<float> run_batch_sync(const std::vector<core::Request>& batch, std::size_t slot = 0);
  std::uint32_t dim() const { return dim_; }
  std::uint32_t hidden() const { return hidden_; }
  const std::vector<float>& weights() const { return w_; }
  const std::vector<float>& gamma() const { return gamma_; }
  const std::vector<float>& beta() const { return beta_; }

 private:
  struct Slot;
  void dispatch(Slot& slot, std::vector<core::Request> batch, ApiMeter& meter);
  /// Waits for the slot's completion callback.
  void wait_done(Slot& slot);
  std::string check_outputs(const std::vector<core::Request>& batch, const std::vector<float>& z);
  void preprocess(Slot& slot);
  void postprocess(Slot& slot, std::vector<double>& sums);
  static void on_complete(cl_event ev, cl_int status, void* user);

  PipelineOptions opt_;
  std::uint32_t dim_ = 0, hidden_ = 0;
  std::uint32_t max_rows_ = 0;  // padded rows a slot holds
  std::vector<float> w_, gamma_, beta_;
  cl::Buffer dw_, dgamma_, dbeta_;
  cl::Program gemm_program_, chain_program_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::unique_ptr<tbb::task_arena> arena_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool any_done_ = false;  // guarded by mu_
  struct Sample {
    core::Request request;
    double sum = 0;
  };
  std::vector<Sample> samples_;
  std::uint64_t batches_ = 0;
  std::string first_verification_;  ///< what first_launch() found
};

}  // namespace clscope::workloads
