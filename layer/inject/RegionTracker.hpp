// Address ranges the layer keeps track of, by start address: the host regions
// currently mapped (clEnqueueMapBuffer/MapImage/SVMMap), so a later read/write
// can say its host pointer is mapped (pinned) memory and an unmap can say how
// many bytes it returns and whether they were written; and the live SVM
// allocations (clSVMAlloc), so an SVM memcpy can say which way it copies.
// Thread-safety: all members from any thread (one mutex; taken on map/unmap,
// SVM alloc/free and the lookups of the commands that need them only).
#pragma once

#include <CL/cl.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>

namespace clscope::layer {

struct Region {
  size_t bytes = 0;
  cl_map_flags flags = 0;
};

class RegionTracker {
 public:
  void mapped(const void* host, Region region);
  // Forgets one mapping of `host`; returns it when known.
  std::optional<Region> unmapped(const void* host);
  // Whether [host, host + bytes) lies inside one mapped region.
  bool contains(const void* host, size_t bytes) const;

 private:
  mutable std::mutex mutex_;
  std::multimap<uintptr_t, Region> regions_;  // by start address
};

}  // namespace clscope::layer
