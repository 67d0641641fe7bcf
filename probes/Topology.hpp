#pragma once
// Machine topology through hwloc 2.x: packages, NUMA nodes, cores; where an
// OpenCL device sits (its PCI path up to the host bridge, the link speed of
// each hop, the slowest one, the NUMA nodes local to it); and binding of the
// calling thread to the device-local node (bind=local|none|CPULIST), reporting
// the binding actually applied as read back from the OS.
//
// Loading: from this machine (I/O filter KEEP_IMPORTANT so PCI objects exist;
// hwloc's "opencl" component blacklisted: it would start the ICD loader and
// POCL as a side effect) or from an hwloc 2.x XML export (tests, the probe
// report, HWLOC_XMLFILE). An XML file is first loaded in a forked child
// (HwlocXmlTrial.hpp): one that crashes hwloc there is refused with the
// reason instead of crashing clscope. hwloc reads the real /sys:
// --sysfs-root does not apply to it.
// Link speeds are hwloc's: GB/s in one direction for the current link.
//
// Thread safety: a loaded Topology is read-only; queries and bind_current_thread
// may be called from several threads at once. Nothing here throws.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probes/FsRoot.hpp"
#include "probes/PciAddress.hpp"

namespace clscope::probes {

/// What an OpenCL device is, as far as the probes need to know. The app fills
/// it from OpenCL (cl_khr_pci_bus_info, CL_DEVICE_TOPOLOGY_AMD, NV attributes:
/// see PciAddress.hpp for the decoders).
struct DeviceIdentity {
  std::optional<PciAddress> pci;
  std::string vendor;  ///< CL_DEVICE_VENDOR
  std::string name;    ///< CL_DEVICE_NAME
  bool is_cpu = false; ///< CL_DEVICE_TYPE_CPU
};

struct NumaNodeInfo {
  unsigned os_index = 0;
  std::string cpus;                         ///< list form, "0-7"
  std::optional<std::uint64_t> memory_bytes;
};

struct TopologySummary {
  std::string source;  ///< "this system" or the XML path
  int packages = 0, numa_nodes = 0, cores = 0, pus = 0;
  std::vector<NumaNodeInfo> nodes;
};

struct PciHop {
  std::string kind;               ///< "device", "pci bridge", "host bridge"
  std::optional<PciAddress> pci;  ///< absent for host bridges
  std::string ids;                ///< "vendor:device" in hex, PCI objects only
  std::optional<double> link_gbs; ///< hwloc linkspeed (GB/s, one direction); absent when 0
};

struct DeviceLocality {
  bool found = false;
  std::string reason;                   ///< why not found / what was assumed
  std::vector<PciHop> path;             ///< the device first, up to the host bridge
  std::optional<double> link_gbs;       ///< the device's own current link
  std::optional<double> slowest_link_gbs;
  std::optional<PciAddress> slowest_at; ///< the hop with the slowest link
  std::vector<unsigned> numa_nodes;     ///< OS indices local to the device
  std::string cpus;                     ///< local CPU list ("8-15")
};

/// How to bind a workload thread: to the device-local NUMA node(s), not at
/// all, or to an explicit CPU list ("0-3,8").
struct BindSpec {
  enum class Kind { local, none, cpulist };
  Kind kind = Kind::local;
  std::string cpulist;
  /// "local", "none" or a CPU list; nullopt (and `error`) for anything else.
  static std::optional<BindSpec> parse(std::string_view text, std::string& error);
};

struct BindResult {
  bool applied = false;
  std::string requested;  ///< "local (NUMA node 1: CPUs 4-7)", "none", "CPUs 0-3"
  std::string cpus;       ///< CPU binding read back (hwloc_get_cpubind), list form
  std::string memory_nodes; ///< memory binding read back (nodeset list), if any
  std::string reason;     ///< why nothing / not everything was applied
};

class Topology {
 public:
  /// This machine. nullptr and `error` on failure.
  static std::unique_ptr<Topology> load_system(std::string& error);
  /// An hwloc XML export. nullptr and `error` on failure.
  static std::unique_ptr<Topology> load_xml(const std::filesystem::path& xml, std::string& error);
  ~Topology();
  Topology(const Topology&) = delete;
  Topology& operator=(const Topology&) = delete;

  TopologySummary summary() const;
  /// Where the device sits. A CPU device (no PCI) is local to every node.
  DeviceLocality locate(const DeviceIdentity& device) const;
  /// Binds the calling thread's CPUs (and, on multi-node machines, its memory
  /// policy for later allocations) as `spec` says, then reads back what the OS
  /// applied. Refused for topologies not loaded from this system.
  BindResult bind_current_thread(const BindSpec& spec, const DeviceLocality& locality) const;
  /// True when loaded from this machine (binding possible).
  bool is_this_system() const;

 private:
  struct Impl;
  explicit Topology(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The kernel's view without hwloc: <sysfs>/bus/pci/devices/<BDF>/numa_node and
/// local_cpulist. numa_node reads -1 when the kernel knows no affinity.
struct SysfsPciLocality {
  std::optional<int> numa_node;
  std::string local_cpulist;
  std::string reason;  ///< set when the files could not be read
};
SysfsPciLocality sysfs_pci_locality(const FsRoot& root, const PciAddress& pci);

}  // namespace clscope::probes
