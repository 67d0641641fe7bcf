#include "workloads/Buffers.hpp"

#include <algorithm>
#include <cstdio>
#include <new>

#include <tbb/parallel_for.h>

namespace clscope::workloads {
namespace {

constexpr std::size_t kBlock = 64 * 1024;

std::uint64_t splitmix64(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

void fill_random(float* data, std::size_t n, std::uint64_t seed, float lo, float hi) {
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    std::uint64_t s = seed * 0x100000001b3ULL + b;
    const std::size_t end = std::min(n, (b + 1) * kBlock);
    const float span = hi - lo;
    for (std::size_t i = b * kBlock; i < end; ++i) {
      const auto r = static_cast<float>(splitmix64(s) >> 40) * (1.0f / 16777216.0f);
      data[i] = lo + span * r;
    }
  });
}

void fill_random_bytes(unsigned char* data, std::size_t n, std::uint64_t seed) {
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    std::uint64_t s = seed * 0x100000001b3ULL + b;
    const std::size_t end = std::min(n, (b + 1) * kBlock);
    for (std::size_t i = b * kBlock; i < end; i += 8) {
      const std::uint64_t r = splitmix64(s);
      for (std::size_t k = 0; k < 8 && i + k < end; ++k)
        data[i + k] = static_cast<unsigned char>(r >> (8 * k));
    }
  });
}

std::uint64_t default_array_bytes(const DeviceInfo& d, int arrays, std::uint64_t granule) {
  constexpr std::uint64_t kMin = 64ull << 20;
  std::uint64_t bytes = std::max<std::uint64_t>(4 * d.global_cache_bytes, kMin);
  if (d.max_alloc_bytes > 0) bytes = std::min(bytes, d.max_alloc_bytes);
  if (d.global_mem_bytes > 0 && arrays > 0)
    bytes = std::min<std::uint64_t>(bytes, d.global_mem_bytes / 2 / static_cast<unsigned>(arrays));
  if (granule > 0) bytes -= bytes % granule;
  return std::max(bytes, granule);
}

std::string format_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  char buf[32];
  if (bytes == static_cast<double>(static_cast<long long>(bytes)))
    std::snprintf(buf, sizeof buf, "%lld %s", static_cast<long long>(bytes), units[u]);
  else
    std::snprintf(buf, sizeof buf, "%.1f %s", bytes, units[u]);
  return buf;
}

std::unique_ptr<unsigned char[], FreeDeleter> aligned_bytes(std::size_t n) {
  const std::size_t rounded = (n + 63) / 64 * 64;
  void* p = std::aligned_alloc(64, std::max<std::size_t>(rounded, 64));
  if (!p) throw std::bad_alloc();
  return std::unique_ptr<unsigned char[], FreeDeleter>(static_cast<unsigned char*>(p));
}

}  // namespace clscope::workloads
