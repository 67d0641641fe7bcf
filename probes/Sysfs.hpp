#pragma once
// Shared pieces of the sysfs-based device backends (amdgpu, i915, xe, CPU):
// DRM card discovery, cached value reads that record why a metric is missing,
// PCIe link reading with the slowest-upstream-link rule, and energy → power.
// Not thread-safe (each probe owns its readers).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/PcieRate.hpp"
#include "probes/FsRoot.hpp"
#include "probes/PciAddress.hpp"
#include "probes/Probe.hpp"

namespace clscope::probes {

/// One /sys/class/drm/cardN entry.
struct DrmCard {
  std::string card;                  ///< "card0"
  std::filesystem::path card_dir;    ///< <sysfs>/class/drm/card0
  std::filesystem::path device_dir;  ///< resolved <sysfs>/devices/.../0000:03:00.0
  std::optional<PciAddress> pci;     ///< the device directory's name, when a PCI address
  std::string driver;                ///< basename of device/driver ("amdgpu", "i915", "xe")
  std::optional<std::filesystem::path> hwmon_dir;  ///< device/hwmon/hwmonN (first one)
};

/// Cards named exactly "cardN" (connectors such as card0-DP-1 are skipped), sorted.
/// Empty when <sysfs>/class/drm is absent.
std::vector<DrmCard> list_drm_cards(const FsRoot& root);

/// Keeps one CachedFile per path and records read failures into a Sample.
class SysfsReader {
 public:
  explicit SysfsReader(std::shared_ptr<const FileSystem> fs) : fs_(std::move(fs)) {}
  /// Trimmed text; on failure records `metric` missing (reason names the file).
  std::optional<std::string> text(Sample& s, const std::string& metric,
                                  const std::filesystem::path& path);
  /// Integer content; unparsable content is recorded as failed.
  std::optional<std::int64_t> integer(Sample& s, const std::string& metric,
                                      const std::filesystem::path& path);
  /// Same without recording anything (for optional files and fallbacks).
  std::optional<std::string> try_text(const std::filesystem::path& path, int* error = nullptr);

 private:
  std::shared_ptr<const FileSystem> fs_;
  std::map<std::filesystem::path, CachedFile> files_;
  std::string buf_;
};

using core::pcie_gen_from_gts;  // core/PcieRate.hpp: the one table of PCIe rates
using core::pcie_lane_gbs;

struct PcieLinkHop {
  std::string bdf;  ///< the device or port whose files were read
  std::optional<double> speed_gts, max_speed_gts;
  std::optional<int> width, max_width;
};

/// The link of a PCI device as the slowest of its own link and the links of
/// every upstream port whose driver is "pcieport" (switch ports, root port):
/// a GPU behind an on-package switch reports its fast internal link itself.
struct PcieLinkReport {
  std::vector<PcieLinkHop> hops;  ///< device first, then upstream ports
  std::optional<int> gen, width, max_gen, max_width;  ///< minima over the hops
  std::string gen_at, width_at;   ///< BDF of the hop that set the minimum
  std::string missing_reason;     ///< why no hop had link files
};
PcieLinkReport read_pcie_link(const FsRoot& root, SysfsReader& reader,
                              const std::filesystem::path& device_dir);
/// The same for any PCI device by address, starting at
/// <sysfs>/bus/pci/devices/<BDF> (resolved); nullopt when that is absent.
std::optional<PcieLinkReport> sysfs_pcie_link(const FsRoot& root, const PciAddress& pci);
/// Theoretical one-direction GB/s of a link (lane rate × width), if both known.
std::optional<double> pcie_link_gbs(std::optional<int> gen, std::optional<int> width);

/// Fills pcie_gen/pcie_width/pcie_max_gen/pcie_max_width (or their reasons).
void put_pcie_link(Sample& s, const PcieLinkReport& link);

/// Turns a monotonically increasing energy counter into watts between samples.
class EnergyRate {
 public:
  /// `energy_j` read at `t_ns`; `wrap_j` the counter's range (0 = never wraps).
  /// Returns watts, or nullopt on the first call ("needs two samples").
  std::optional<double> update(double energy_j, std::int64_t t_ns, double wrap_j = 0);

 private:
  std::optional<double> prev_j_;
  std::int64_t prev_t_ns_ = 0;
};

}  // namespace clscope::probes
