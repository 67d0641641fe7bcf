// The pipeline's host side that is not timed: each request's input, the host
// reference of the device chain (gemm -> softmax -> scale/bias), and the check
// of the device's outputs against it.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/SplitMix64.hpp"
#include "workloads/Pipeline.hpp"
#include "workloads/Workload.hpp"

namespace clscope::workloads {
void pipeline_request_input(std::uint64_t seed, std::uint64_t id, std::uint32_t rows,
                            std::uint32_t dim, float* out) {
  std::uint64_t s = seed * 0x100000001b3ULL ^ (id * 0x9e3779b97f4a7c15ULL);
  const std::size_t n = static_cast<std::size_t>(rows) * dim;
  for (std::size_t i = 0; i < n; i += 8) {
    // "Decode" eight input bytes, then normalise them to [-1, 1].
    const std::uint64_t r = core::splitmix64(s);
    for (std::size_t k = 0; k < 8 && i + k < n; ++k) {
      const auto byte = static_cast<float>((r >> (8 * k)) & 0xff);
      out[i + k] = (byte - 127.5f) / 127.5f;
    }
  }
}

std::vector<double> pipeline_reference(const std::vector<float>& x, std::uint32_t rows,
                                       const std::vector<float>& w, const std::vector<float>& gamma,
                                       const std::vector<float>& beta, std::uint32_t dim,
                                       std::uint32_t hidden) {
  std::vector<double> z(static_cast<std::size_t>(rows) * hidden);
  std::vector<double> y(hidden);
  for (std::uint32_t r = 0; r < rows; ++r) {
    std::fill(y.begin(), y.end(), 0.0);
    for (std::uint32_t k = 0; k < dim; ++k) {
      const double xv = x[static_cast<std::size_t>(r) * dim + k];
      const float* wr = &w[static_cast<std::size_t>(k) * hidden];
      for (std::uint32_t j = 0; j < hidden; ++j) y[j] += xv * wr[j];
    }
    const double m = *std::max_element(y.begin(), y.end());
    double sum = 0;
    for (double& v : y) sum += (v = std::exp(v - m));
    for (std::uint32_t j = 0; j < hidden; ++j)
      z[static_cast<std::size_t>(r) * hidden + j] = y[j] / sum * gamma[j] + beta[j];
  }
  return z;
}

std::string PipelineWorkload::check_outputs(const std::vector<core::Request>& batch,
                                            const std::vector<float>& z) {
  std::size_t row0 = 0, checked = 0;
  for (const core::Request& r : batch) {
    std::vector<float> x(static_cast<std::size_t>(r.rows) * dim_);
    pipeline_request_input(common_.seed, r.id, r.rows, dim_, x.data());
    const std::vector<double> ref = pipeline_reference(x, r.rows, w_, gamma_, beta_, dim_, hidden_);
    for (std::size_t i = 0; i < ref.size(); ++i) {
      const std::size_t j = i % hidden_;
      const double p = (ref[i] - beta_[j]) / gamma_[j];
      const double got = z[row0 * hidden_ + i];
      if (!(std::fabs(got - ref[i]) <= 1e-3 * std::fabs(p * gamma_[j]) + 1e-6))
        throw VerificationError("pipeline: request " + std::to_string(r.id) + " (" +
                                std::to_string(r.rows) + " rows) row " +
                                std::to_string(i / hidden_) + " column " + std::to_string(j) +
                                ": device " + std::to_string(got) + ", host reference " +
                                std::to_string(ref[i]));
      ++checked;
    }
    row0 += r.rows;
  }
  return "ok: " + std::to_string(checked) + " outputs of " + std::to_string(batch.size()) +
         " requests match the host reference";
}

}  // namespace clscope::workloads
