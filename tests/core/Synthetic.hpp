#pragma once
// Deterministic synthetic series for analysis tests. std::mt19937's output is
// fixed by the standard; the distributions are implemented here (Box-Muller)
// because the standard library's are implementation-defined.
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <vector>

namespace clscope::test {

class Rng {
 public:
  explicit Rng(std::uint32_t seed) : gen_(seed) {}
  /// Uniform in (0, 1).
  double uniform() { return (static_cast<double>(gen_()) + 0.5) / 4294967296.0; }
  /// Standard normal (Box-Muller, one value per pair of uniforms).
  double normal() {
    const double u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

 private:
  std::mt19937 gen_;
};

/// `level` with multiplicative noise of relative standard deviation `cv`.
inline double noisy(Rng& rng, double level, double cv) {
  return level * (1.0 + cv * rng.normal());
}

/// n values at `level` with relative noise `cv`.
inline std::vector<double> flat(Rng& rng, std::size_t n, double level, double cv) {
  std::vector<double> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(noisy(rng, level, cv));
  return v;
}

/// Linear ramp over n windows from `from` towards `to` (the last value is
/// one step short of `to`), with relative noise `cv`.
inline std::vector<double> ramp(Rng& rng, std::size_t n, double from, double to, double cv) {
  std::vector<double> v;
  for (std::size_t i = 0; i < n; ++i)
    v.push_back(
        noisy(rng, from + (to - from) * static_cast<double>(i) / static_cast<double>(n), cv));
  return v;
}

inline std::vector<double> concat(std::vector<double> a, const std::vector<double>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace clscope::test
