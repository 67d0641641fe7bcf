#pragma once
// Parser of a DRM client's /proc/<pid>/fdinfo/<fd> text (the kernel's "DRM
// client usage stats", Documentation/gpu/drm-usage-stats.rst), and the busy
// arithmetic between two readings. Pure functions: no I/O, thread-safe.
//
// Keys read (others ignored): drm-driver, drm-pdev, drm-client-id,
// drm-engine-<e> (ns), drm-engine-capacity-<e>, drm-cycles-<e>,
// drm-total-cycles-<e> (xe), drm-memory-<r> (legacy = resident),
// drm-total-<r>, drm-resident-<r>, drm-shared-<r>, drm-active-<r>,
// drm-purgeable-<r>. Memory values are bytes unless suffixed KiB, MiB or GiB.
// A line that does not parse is skipped, never read as zero.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "probes/ProcessDeviceUse.hpp"

namespace clscope::probes {

struct DrmEngineCounters {
  std::optional<std::uint64_t> busy_ns;       ///< drm-engine-<e>
  std::optional<std::uint64_t> cycles;        ///< drm-cycles-<e>
  std::optional<std::uint64_t> total_cycles;  ///< drm-total-cycles-<e>
  unsigned capacity = 1;                      ///< drm-engine-capacity-<e>
};

struct DrmFdinfo {
  std::string driver;                    ///< drm-driver (always set when parsed)
  std::string pdev;                      ///< drm-pdev, "0000:03:00.0"; empty when absent
  std::optional<std::uint64_t> client_id;
  std::map<std::string, DrmEngineCounters> engines;
  std::map<std::string, RegionMemory> memory;  ///< region → sizes (RegionMemory::region set)
};

/// nullopt when the text has no drm-driver line (not a DRM client).
std::optional<DrmFdinfo> parse_drm_fdinfo(std::string_view text);

/// "4096", "12 KiB", "3 MiB", "1 GiB" → bytes; nullopt for anything else.
std::optional<std::uint64_t> parse_drm_bytes(std::string_view value);

/// Busy share of an engine class between two readings, 0..1 (clamped):
/// cycles/total-cycles when both readings have them, else Δbusy_ns /
/// (wall_ns × capacity). nullopt when neither pair is usable (a counter went
/// backwards, no time passed, or the counters are absent).
std::optional<double> drm_busy_fraction(const DrmEngineCounters& before,
                                        const DrmEngineCounters& after, std::int64_t wall_ns);

}  // namespace clscope::probes
