// Host regions currently mapped by clEnqueueMapBuffer, so a later read/write
// can say its host pointer is mapped (pinned) memory and an unmap can say how
// many bytes it returns and whether they were written.
// Thread-safety: all members from any thread (one mutex; map, unmap and
// read/write lookups only).
#pragma once

#include <CL/cl.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>

namespace clscope::layer {

struct MappedRegion {
  size_t bytes = 0;
  cl_map_flags flags = 0;
};

class MapTracker {
 public:
  void mapped(const void* host, MappedRegion region);
  // Forgets one mapping of `host`; returns it when known.
  std::optional<MappedRegion> unmapped(const void* host);
  // Whether [host, host + bytes) lies inside one mapped region.
  bool contains(const void* host, size_t bytes) const;

 private:
  mutable std::mutex mutex_;
  std::multimap<uintptr_t, MappedRegion> regions_;  // by start address
};

}  // namespace clscope::layer
