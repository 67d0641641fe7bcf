#pragma once
// Host-side helpers shared by the workloads: random fill (no zero pages),
// default sizing past the last-level cache, aligned host memory.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "workloads/Discovery.hpp"

namespace clscope::workloads {

/// Fills `n` floats with uniform values in [lo, hi), deterministic for a seed
/// whatever the thread count (each 64 Ki block is seeded by its index).
void fill_random(float* data, std::size_t n, std::uint64_t seed, float lo = 0.5f, float hi = 1.5f);
/// Elements [first, first + n) of what fill_random(.., first + n, seed) would
/// write, into data[0, n): lets a large array be filled or checked in slices.
void fill_random_at(float* data, std::size_t first, std::size_t n, std::uint64_t seed,
                    float lo = 0.5f, float hi = 1.5f);
void fill_random_bytes(unsigned char* data, std::size_t n, std::uint64_t seed);

/// Default bytes per array for bandwidth workloads: 4x the device's global
/// cache (at least 64 MiB) so arrays are not cache-resident, capped by the
/// device's max allocation and by a share of its memory for `arrays` arrays.
/// Rounded down to a multiple of `granule` bytes.
std::uint64_t default_array_bytes(const DeviceInfo& d, int arrays, std::uint64_t granule);

/// Refuses (UnsupportedError, before anything is allocated) a workload whose
/// device buffers would exceed the device's global memory: "`what` needs
/// 24 GiB of device memory (3 arrays of 8 GiB); the device has 20 GiB".
void require_global_memory(const DeviceInfo& d, const std::string& what, std::uint64_t total_bytes,
                           const std::string& detail);

/// "128 MiB", "1.5 GiB", "512 B".
std::string format_bytes(double bytes);

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};
/// 64-byte-aligned host memory (pageable).
std::unique_ptr<unsigned char[], FreeDeleter> aligned_bytes(std::size_t n);

}  // namespace clscope::workloads
