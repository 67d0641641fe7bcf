#pragma once
// `gemm`: tiled single-precision matrix product C = A * B (row-major, A is
// m x k, B is k x n) with local-memory tiles and float4 loads (kernels/gemm.cl);
// GFLOP/s.
// Sizes are rounded up to a multiple of the tile (the resolved sizes are
// reported and are what is computed and counted).
// Ops per launch: 2 * m * n * k (FMA = 2).
// Bytes per launch: 4 * (m*k + k*n + m*n), the compulsory traffic (each matrix
// touched once); the real traffic is larger by the re-reads of A and B tiles.
// Check: C against a host reference in double, full when m*n*k <= 2^27, else
// 4096 sampled entries; tolerance |c - ref| <= k * 2^-22 * sum_k |a*b| + 1e-6
// (twice the classic bound for k float accumulations).
#include <vector>

#include "workloads/Workload.hpp"

namespace clscope::workloads {

struct GemmOptions {
  std::uint64_t m = 1024, n = 1024, k = 1024;
  int tile = 16;  ///< 8, 16, 32 or 64; the work-group is (tile/4) x (tile/min(16, tile))
};

double gemm_ops(std::uint64_t m, std::uint64_t n, std::uint64_t k);
double gemm_bytes(std::uint64_t m, std::uint64_t n, std::uint64_t k);
/// Rows each work-item computes for a tile (the kernel's WPT): min(16, tile).
int gemm_rows_per_item(int tile);
/// Local and global work sizes of gemm_tiled for an m x n result.
cl::NDRange gemm_local(int tile);
cl::NDRange gemm_global(std::uint64_t m, std::uint64_t n, int tile);
/// Rounds `v` up to a multiple of `tile` (at least one tile).
std::uint64_t gemm_round_up(std::uint64_t v, int tile);

/// Checks `c` (m x n, row-major) against A * B computed in double. `rows` /
/// `cols` select the entries (every entry when empty). Returns the number of
/// entries checked; throws VerificationError naming the first mismatch.
std::uint64_t gemm_check(const std::vector<float>& a, const std::vector<float>& b,
                         const std::vector<float>& c, std::uint64_t m, std::uint64_t n,
                         std::uint64_t k, const std::vector<std::uint64_t>& sample);

class GemmWorkload final : public Workload {
 public:
  GemmWorkload(CommonOptions common, GemmOptions options);
  std::string kind() const override { return "gemm"; }
  core::Metric metric() const override { return core::Metric::flops_per_s; }
  SetupInfo prepare(const Device& device, cl::CommandQueue& queue, ApiMeter& meter) override;
  std::string check_first_launch(cl::CommandQueue& queue) override { return check(queue); }
  Launch enqueue(cl::CommandQueue& queue, ApiMeter& meter) override;
  std::string verify_after(cl::CommandQueue& queue, std::uint64_t launches) override;

 private:
  std::string check(cl::CommandQueue& queue);

  GemmOptions opt_;
  std::uint64_t m_ = 0, n_ = 0, k_ = 0;  // resolved (padded) sizes
  std::vector<float> a_, b_;
  cl::Buffer da_, db_, dc_;
  cl::Kernel kernel_;
};

}  // namespace clscope::workloads
