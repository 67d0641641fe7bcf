#include "RegionTracker.hpp"

namespace clscope::layer {

void RegionTracker::mapped(const void* host, Region region) {
  std::lock_guard lock(mutex_);
  // Bounded: a program that never unmaps must not grow the layer without end.
  if (regions_.size() >= 65536) regions_.erase(regions_.begin());
  regions_.emplace(reinterpret_cast<uintptr_t>(host), region);
}

std::optional<Region> RegionTracker::unmapped(const void* host) {
  std::lock_guard lock(mutex_);
  const auto it = regions_.find(reinterpret_cast<uintptr_t>(host));
  if (it == regions_.end()) return std::nullopt;
  const Region region = it->second;
  regions_.erase(it);
  return region;
}

bool RegionTracker::contains(const void* host, size_t bytes) const {
  const auto start = reinterpret_cast<uintptr_t>(host);
  std::lock_guard lock(mutex_);
  if (regions_.empty()) return false;
  auto it = regions_.upper_bound(start);
  // Regions may overlap (mapped twice): look at every region starting at or before `start`.
  while (it != regions_.begin()) {
    --it;
    if (start + bytes <= it->first + it->second.bytes) return true;
  }
  return false;
}

}  // namespace clscope::layer
