// A plain multi-threaded host STREAM triad (a = b + q*c), for comparison with
// clscope's stream workload over the same array size. Prints the best GB/s
// over repeated passes (bytes counted as STREAM does: 3 arrays, no
// write-allocate).  Usage: bench_host_triad [BYTES_PER_ARRAY] [SECONDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  const std::size_t bytes = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : (128ull << 20);
  const double seconds = argc > 2 ? std::atof(argv[2]) : 3.0;
  const std::size_t n = bytes / sizeof(float);
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<float> a(n), b(n), c(n);
  // First touch by the worker threads, random-ish non-zero contents.
  auto run = [&](auto&& body) {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        const std::size_t lo = n * t / threads, hi = n * (t + 1) / threads;
        body(lo, hi);
      });
    for (auto& th : pool) th.join();
  };
  run([&](std::size_t lo, std::size_t hi) {
    std::uint32_t s = static_cast<std::uint32_t>(lo) | 1u;
    for (std::size_t i = lo; i < hi; ++i) {
      s ^= s << 13; s ^= s >> 17; s ^= s << 5;
      a[i] = 1.0f; b[i] = 0.5f + static_cast<float>(s >> 8) * 5.96e-8f; c[i] = 1.5f - b[i] * 0.5f;
    }
  });
  const float q = 3.0f;
  double best = 0;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  int passes = 0;
  while (std::chrono::steady_clock::now() < end || passes < 3) {
    const auto t0 = std::chrono::steady_clock::now();
    run([&](std::size_t lo, std::size_t hi) {
      float* __restrict pa = a.data();
      const float* __restrict pb = b.data();
      const float* __restrict pc = c.data();
      for (std::size_t i = lo; i < hi; ++i) pa[i] = pb[i] + q * pc[i];
    });
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::max(best, 3.0 * static_cast<double>(n) * sizeof(float) / s * 1e-9);
    ++passes;
  }
  volatile float sink = a[n / 2];
  (void)sink;
  std::printf("%.3f\n", best);
  return 0;
}
