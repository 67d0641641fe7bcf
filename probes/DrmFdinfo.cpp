#include "probes/DrmFdinfo.hpp"

#include <algorithm>
#include <charconv>

#include "probes/FsRoot.hpp"

namespace clscope::probes {
namespace {

std::optional<std::uint64_t> parse_u64(std::string_view text) {
  std::uint64_t v = 0;
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, v);
  if (text.empty() || r.ec != std::errc{} || r.ptr != end) return std::nullopt;
  return v;
}

// "12345 ns" or "12345": the engine counters are nanoseconds.
std::optional<std::uint64_t> parse_ns(std::string_view value) {
  const auto f = split_ws(value);
  if (f.empty() || f.size() > 2 || (f.size() == 2 && f[1] != "ns")) return std::nullopt;
  return parse_u64(f[0]);
}

bool take_prefix(std::string_view& key, std::string_view prefix) {
  if (!key.starts_with(prefix) || key.size() == prefix.size()) return false;
  key.remove_prefix(prefix.size());
  return true;
}

void set_memory(DrmFdinfo& info, std::string_view region, std::string_view value,
                std::optional<std::uint64_t> RegionMemory::*field) {
  const auto bytes = parse_drm_bytes(value);
  if (!bytes) return;
  auto& m = info.memory[std::string(region)];
  m.region = std::string(region);
  m.*field = bytes;
}

}  // namespace

std::optional<std::uint64_t> parse_drm_bytes(std::string_view value) {
  const auto f = split_ws(value);
  if (f.empty() || f.size() > 2) return std::nullopt;
  const auto n = parse_u64(f[0]);
  if (!n) return std::nullopt;
  std::uint64_t scale = 1;
  if (f.size() == 2) {
    if (f[1] == "KiB") scale = 1ull << 10;
    else if (f[1] == "MiB") scale = 1ull << 20;
    else if (f[1] == "GiB") scale = 1ull << 30;
    else if (f[1] != "B") return std::nullopt;
  }
  if (*n > UINT64_MAX / scale) return std::nullopt;
  return *n * scale;
}

std::optional<DrmFdinfo> parse_drm_fdinfo(std::string_view text) {
  DrmFdinfo info;
  bool has_driver = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view key = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (!key.starts_with("drm-") || key.find_first_of(" \t") != std::string_view::npos) continue;

    if (key == "drm-driver") {
      if (value.empty()) continue;
      info.driver = std::string(value);
      has_driver = true;
    } else if (key == "drm-pdev") {
      info.pdev = std::string(value);
    } else if (key == "drm-client-id") {
      info.client_id = parse_u64(value);
    } else if (take_prefix(key, "drm-engine-capacity-")) {
      if (const auto n = parse_u64(value); n && *n > 0 && *n <= 1024)
        info.engines[std::string(key)].capacity = static_cast<unsigned>(*n);
    } else if (take_prefix(key, "drm-engine-")) {
      if (const auto ns = parse_ns(value)) info.engines[std::string(key)].busy_ns = ns;
    } else if (take_prefix(key, "drm-total-cycles-")) {
      if (const auto c = parse_u64(value)) info.engines[std::string(key)].total_cycles = c;
    } else if (take_prefix(key, "drm-cycles-")) {
      if (const auto c = parse_u64(value)) info.engines[std::string(key)].cycles = c;
    } else if (take_prefix(key, "drm-memory-")) {
      set_memory(info, key, value, &RegionMemory::resident_bytes);
    } else if (take_prefix(key, "drm-total-")) {
      set_memory(info, key, value, &RegionMemory::total_bytes);
    } else if (take_prefix(key, "drm-resident-")) {
      set_memory(info, key, value, &RegionMemory::resident_bytes);
    } else if (take_prefix(key, "drm-shared-")) {
      set_memory(info, key, value, &RegionMemory::shared_bytes);
    } else if (take_prefix(key, "drm-active-")) {
      set_memory(info, key, value, &RegionMemory::active_bytes);
    } else if (take_prefix(key, "drm-purgeable-")) {
      set_memory(info, key, value, &RegionMemory::purgeable_bytes);
    }
  }
  if (!has_driver) return std::nullopt;
  // A capacity line alone is not an engine reading.
  std::erase_if(info.engines, [](const auto& kv) {
    return !kv.second.busy_ns && !kv.second.cycles && !kv.second.total_cycles;
  });
  return info;
}

std::optional<double> drm_busy_fraction(const DrmEngineCounters& before,
                                        const DrmEngineCounters& after, std::int64_t wall_ns) {
  const double capacity = std::max(1u, after.capacity);
  double fraction = 0;
  if (before.cycles && after.cycles && before.total_cycles && after.total_cycles) {
    if (*after.cycles < *before.cycles || *after.total_cycles <= *before.total_cycles)
      return std::nullopt;
    fraction = static_cast<double>(*after.cycles - *before.cycles) /
               (static_cast<double>(*after.total_cycles - *before.total_cycles) * capacity);
  } else if (before.busy_ns && after.busy_ns && wall_ns > 0) {
    if (*after.busy_ns < *before.busy_ns) return std::nullopt;
    fraction = static_cast<double>(*after.busy_ns - *before.busy_ns) /
               (static_cast<double>(wall_ns) * capacity);
  } else {
    return std::nullopt;
  }
  return std::clamp(fraction, 0.0, 1.0);
}

}  // namespace clscope::probes
