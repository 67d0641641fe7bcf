#pragma once
// `clscope probe`: one snapshot of every probe (two rounds `interval` apart,
// so rates and energy-derived power have a difference to work from), as JSON
// and as readable text; and the probe list of `clscope list --json`.
//
// JSON shape (contract):
// {"roots": {"sysfs", "procfs"},
//  "host": {"cpu"|"load"|"pressure"|"memory"|"process": {"status", "reason"?,
//            "metrics": {NAME: number}, "unavailable": {NAME: "reason"}},
//           "threads": [{"tid", "name", "cpu_s", "cpu_pct"?, "voluntary_ctxt_switches"?,
//                        "nonvoluntary_ctxt_switches"?, "cpu_source"}]},
//  "devices": [{"pci" (string or null), "vendor", "driver", "name", "opencl_name"?,
//               "probe", "status", "reason"?, "metrics": {NAME: number or list},
//               "unavailable": {NAME: "reason"}, "sources": {NAME: "where from"}}],
//  "no_gpu_telemetry": "reason" (only when no GPU backend found a device),
//  "notes": [{"backend", "reason"}],
//  "topology": {"source", "packages", "cores", "pus", "numa_nodes": [{"os_index",
//               "cpus", "memory_bytes"}], "devices": [{"pci", "name", "found",
//               "reason"?, "path": [{"kind", "pci", "ids", "link_gbs"}], "link_gbs",
//               "slowest_link_gbs", "slowest_at", "numa_nodes", "cpus",
//               "sysfs_numa_node"?, "sysfs_link"?: {"gen", "width", "max_gen",
//               "max_width", "link_gbs", "slowest_at"}}]} or {"error": "..."}}
// Every device lists every standard metric either in "metrics" or "unavailable".
// Functions do I/O, run on the calling thread, and never throw for missing
// hardware (only for allocation failure).
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "probes/Registry.hpp"
#include "probes/Sampler.hpp"
#include "probes/Topology.hpp"

namespace clscope::probes {

struct ReportOptions {
  ProbeOptions probes;                    ///< roots and NVML paths
  std::vector<DeviceIdentity> devices;    ///< OpenCL devices to match (may be empty)
  std::optional<std::filesystem::path> topology_xml;  ///< hwloc XML instead of this system
  std::chrono::milliseconds interval{250};  ///< between the two rounds
};

nlohmann::json probe_report_json(const ReportOptions& options);
nlohmann::json probe_report_json(const FsRoot& root, const std::vector<DeviceIdentity>& devices);

/// Readable rendering of a probe_report_json() document (like nvidia-smi -q).
std::string probe_report_text(const nlohmann::json& report);

/// [{"name", "device", "status", "reason"}]: every discovered probe after one
/// sample, plus one entry (device null, status "unavailable") per backend
/// that found nothing.
nlohmann::json probe_list_json(const ProbeOptions& options);

/// One reading as {"status", "reason"?, "metrics", "unavailable", "sources"?,
/// "threads"?} (lists such as "throttle" inside "metrics").
nlohmann::json sample_json(const Sample& sample);
/// The reverse, for a sample read back from a recording (outside input): never
/// throws; values of the wrong type are left out. Missing values keep their
/// text as shown (their status folds into it), threads are not read.
Sample sample_from_json(const nlohmann::json& j);

}  // namespace clscope::probes
