#include "workloads/Gemm.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>

#include <tbb/parallel_for.h>

#include "kernels/Kernels.hpp"
#include "workloads/Buffers.hpp"
#include "workloads/ClError.hpp"
#include "workloads/DeviceWait.hpp"

namespace clscope::workloads {

double gemm_ops(std::uint64_t m, std::uint64_t n, std::uint64_t k) {
  return 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
}

double gemm_bytes(std::uint64_t m, std::uint64_t n, std::uint64_t k) {
  return 4.0 * (static_cast<double>(m) * static_cast<double>(k) +
                static_cast<double>(k) * static_cast<double>(n) +
                static_cast<double>(m) * static_cast<double>(n));
}

int gemm_rows_per_item(int tile) { return std::min(16, tile); }

cl::NDRange gemm_local(int tile) {
  const auto ts = static_cast<std::size_t>(tile);
  return cl::NDRange(ts / 4, ts / static_cast<std::size_t>(gemm_rows_per_item(tile)));
}

cl::NDRange gemm_global(std::uint64_t m, std::uint64_t n, int tile) {
  return cl::NDRange(static_cast<std::size_t>(n / 4),
                     static_cast<std::size_t>(m / static_cast<std::uint64_t>(gemm_rows_per_item(tile))));
}

std::uint64_t gemm_round_up(std::uint64_t v, int tile) {
  const auto t = static_cast<std::uint64_t>(tile);
  return std::max<std::uint64_t>(t, (v + t - 1) / t * t);
}

std::uint64_t gemm_check(const std::vector<float>& a, const std::vector<float>& b,
                         const std::vector<float>& c, std::uint64_t m, std::uint64_t n,
                         std::uint64_t k, const std::vector<std::uint64_t>& sample) {
  const std::uint64_t count = sample.empty() ? m * n : sample.size();
  const double gamma = static_cast<double>(k) * std::ldexp(1.0, -22);
  std::atomic<std::uint64_t> first_bad{count};
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, count), [&](const auto& r) {
    for (std::uint64_t s = r.begin(); s != r.end(); ++s) {
      const std::uint64_t idx = sample.empty() ? s : sample[s];
      const std::uint64_t i = idx / n, j = idx % n;
      double ref = 0, mag = 0;
      for (std::uint64_t p = 0; p < k; ++p) {
        const double t = static_cast<double>(a[i * k + p]) * static_cast<double>(b[p * n + j]);
        ref += t;
        mag += std::fabs(t);
      }
      if (!(std::fabs(static_cast<double>(c[idx]) - ref) <= gamma * mag + 1e-6)) {
        std::uint64_t cur = first_bad.load();
        while (s < cur && !first_bad.compare_exchange_weak(cur, s)) {
        }
      }
    }
  });
  if (first_bad.load() < count) {
    const std::uint64_t s = first_bad.load();
    const std::uint64_t idx = sample.empty() ? s : sample[s];
    const std::uint64_t i = idx / n, j = idx % n;
    double ref = 0;
    for (std::uint64_t p = 0; p < k; ++p)
      ref += static_cast<double>(a[i * k + p]) * static_cast<double>(b[p * n + j]);
    throw VerificationError("gemm " + std::to_string(m) + "x" + std::to_string(n) + "x" +
                            std::to_string(k) + ": C[" + std::to_string(i) + "][" +
                            std::to_string(j) + "] = " + std::to_string(c[idx]) +
                            ", host reference " + std::to_string(ref));
  }
  return count;
}

GemmWorkload::GemmWorkload(CommonOptions common, GemmOptions options)
    : Workload(std::move(common)), opt_(options) {}

SetupInfo GemmWorkload::prepare(const Device& device, cl::CommandQueue& queue, ApiMeter& /*meter*/) {
  SetupInfo info;
  const int ts = opt_.tile;
  if (ts % 4 != 0 || ts < 4)
    throw UnsupportedError("gemm: tile must be a multiple of 4, got " + std::to_string(ts));
  const std::size_t wg = static_cast<std::size_t>(ts / 4) *
                         static_cast<std::size_t>(ts / gemm_rows_per_item(ts));
  const DeviceInfo& d = device.info();
  if (d.max_work_group_size && wg > d.max_work_group_size)
    throw UnsupportedError("gemm: tile=" + std::to_string(ts) + " needs work-groups of " +
                           std::to_string(wg) + " work-items; " + d.name + " allows " +
                           std::to_string(d.max_work_group_size) + " (use a smaller tile)");
  const std::uint64_t local_bytes = 2ull * static_cast<std::uint64_t>(ts) * static_cast<std::uint64_t>(ts) * 4;
  if (d.local_mem_bytes && local_bytes > d.local_mem_bytes)
    throw UnsupportedError("gemm: tile=" + std::to_string(ts) + " needs " +
                           format_bytes(static_cast<double>(local_bytes)) +
                           " of local memory; " + d.name + " has " +
                           format_bytes(static_cast<double>(d.local_mem_bytes)));
  m_ = gemm_round_up(opt_.m, ts);
  n_ = gemm_round_up(opt_.n, ts);
  k_ = gemm_round_up(opt_.k, ts);
  const std::uint64_t biggest = std::max({m_ * k_, k_ * n_, m_ * n_}) * sizeof(float);
  if (d.max_alloc_bytes && biggest > d.max_alloc_bytes)
    throw UnsupportedError("gemm: a " + format_bytes(static_cast<double>(biggest)) +
                           " matrix exceeds the device's max allocation of " +
                           format_bytes(static_cast<double>(d.max_alloc_bytes)));
  require_global_memory(d, "gemm", (m_ * k_ + k_ * n_ + m_ * n_) * sizeof(float),
                        "A, B and C of " + std::to_string(m_) + "x" + std::to_string(k_) + ", " +
                            std::to_string(k_) + "x" + std::to_string(n_) + " and " +
                            std::to_string(m_) + "x" + std::to_string(n_) + " floats");
  if (m_ > 0x7fffffff || n_ > 0x7fffffff || k_ > 0x7fffffff)
    throw UnsupportedError("gemm: sizes must fit in a 32-bit int");

  BuiltProgram built = device.build(std::string(*kernels::source("gemm.cl")),
                                    "-cl-std=CL1.2 -cl-mad-enable -DTS=" + std::to_string(ts),
                                    "gemm.cl");
  info.build_ms = built.build_ms;
  kernel_ = cl::Kernel(built.program, "gemm_tiled");

  a_.resize(m_ * k_);
  b_.resize(k_ * n_);
  fill_random(a_.data(), a_.size(), common_.seed * 2 + 0, -1.0f, 1.0f);
  fill_random(b_.data(), b_.size(), common_.seed * 2 + 1, -1.0f, 1.0f);
  const cl::Context& ctx = device.context();
  da_ = cl::Buffer(ctx, CL_MEM_READ_ONLY, a_.size() * sizeof(float));
  db_ = cl::Buffer(ctx, CL_MEM_READ_ONLY, b_.size() * sizeof(float));
  dc_ = cl::Buffer(ctx, CL_MEM_WRITE_ONLY, m_ * n_ * sizeof(float));
  queue.enqueueWriteBuffer(da_, CL_TRUE, 0, a_.size() * sizeof(float), a_.data());
  queue.enqueueWriteBuffer(db_, CL_TRUE, 0, b_.size() * sizeof(float), b_.data());
  kernel_.setArg(0, static_cast<cl_int>(m_));
  kernel_.setArg(1, static_cast<cl_int>(n_));
  kernel_.setArg(2, static_cast<cl_int>(k_));
  kernel_.setArg(3, da_);
  kernel_.setArg(4, db_);
  kernel_.setArg(5, dc_);

  const auto dims = std::to_string(m_) + "x" + std::to_string(n_) + "x" + std::to_string(k_);
  info.description = "sgemm " + dims + ", tile " + std::to_string(ts) + ", " +
                     std::to_string(gemm_rows_per_item(ts)) + "x4 per work-item, float4 loads";
  info.ops_per_launch = gemm_ops(m_, n_, k_);
  info.bytes_per_launch = gemm_bytes(m_, n_, k_);
  info.resolved = {{"m", m_}, {"n", n_}, {"k", k_}, {"tile", ts}};
  return info;
}

Launch GemmWorkload::enqueue(cl::CommandQueue& queue, ApiMeter& meter) {
  Launch l;
  meter.call([&] {
    return queue.enqueueNDRangeKernel(kernel_, cl::NullRange, gemm_global(m_, n_, opt_.tile),
                                      gemm_local(opt_.tile), nullptr, &l.event);
  });
  l.ops = gemm_ops(m_, n_, k_);
  l.bytes = gemm_bytes(m_, n_, k_);
  return l;
}

std::string GemmWorkload::check(cl::CommandQueue& queue) {
  std::vector<float> c(m_ * n_);
  queue.enqueueReadBuffer(dc_, CL_TRUE, 0, c.size() * sizeof(float), c.data());
  std::vector<std::uint64_t> sample;
  constexpr std::uint64_t kFullLimit = 1ull << 27;
  if (m_ * n_ * k_ > kFullLimit) {
    // Corners and edges of every tile appear often enough: a strided walk
    // plus pseudo-random entries.
    constexpr std::uint64_t kSamples = 4096;
    std::uint64_t s = common_.seed * 0x9e3779b97f4a7c15ULL + 1;
    for (std::uint64_t i = 0; i < kSamples; ++i) {
      s ^= s << 13;
      s ^= s >> 7;
      s ^= s << 17;
      sample.push_back(i % 2 == 0 ? (i * (m_ * n_ / kSamples)) % (m_ * n_) : s % (m_ * n_));
    }
    sample.push_back(m_ * n_ - 1);
  }
  const std::uint64_t checked = gemm_check(a_, b_, c, m_, n_, k_, sample);
  return "ok: " + std::to_string(checked) + (sample.empty() ? " (all)" : " sampled") +
         " entries match the host reference (|err| <= k*2^-22*sum|a*b|)";
}

std::string GemmWorkload::verify_after(cl::CommandQueue& queue, std::uint64_t launches) {
  return check(queue) + " after " + std::to_string(launches) + " launches";
}

}  // namespace clscope::workloads
