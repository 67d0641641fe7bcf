#pragma once
// `clscope check`, the judging half: what a check run measured
// (CheckMeasurements) is judged against the [check] thresholds and,
// optionally, a baseline from a known-good node (a `clscope check --json`
// output) into one CheckItem per item; rendered as a table or as the
// clscope.check/1 object. Pure functions, no I/O except load_baseline();
// thread-safe.
//
// Rules (documented for users in the man page):
//  * An item is skipped (pass = nullopt) with the reason in `detail` when its
//    measurement is not available here, or when no criterion for it can be
//    evaluated (no threshold configured, no spec, no link rate, no baseline).
//    A skipped item never counts as passed.
//  * Otherwise every criterion that can be evaluated must hold; criteria that
//    cannot (e.g. no spec estimate) are listed in `detail` and do not decide.
//  * When the device was already busy before the check (utilisation above
//    busy_util_pct), the workloads are not run: device-idle says so and every
//    item that needs the workloads is skipped. That is a refusal, not a
//    failure: the overall result is null and the exit status 0.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli/ExitCode.hpp"
#include "config/Config.hpp"
#include "core/CeilingsRecord.hpp"
#include "core/PciAddress.hpp"
#include "core/PcieRate.hpp"

namespace clscope::app {

inline constexpr const char* kCheckSchema = "clscope.check/1";

using core::pcie_lane_gbs;  // core/PcieRate.hpp: the one table of PCIe rates
using core::pcie_link_gbs;

/// A device metric over the workloads' run: its highest value, or why it was
/// never read.
struct ObservedMetric {
  std::optional<double> max;
  std::string missing;  ///< set when `max` is empty
  void observe(std::optional<double> v, const std::string& why_missing);
};

/// Telemetry of the check's device, read while the workloads ran.
struct TelemetryObservations {
  std::string backend;  ///< the probe that matched the device; empty when none did
  std::string missing;  ///< why no probe matched
  std::size_t readings = 0;  ///< rounds of telemetry read under load
  ObservedMetric pcie_gen, pcie_width, pcie_max_gen, pcie_max_width;
  ObservedMetric core_clock_mhz, core_clock_max_mhz;
  bool throttle_read = false;  ///< the backend reported its throttle list at least once
  std::string throttle_missing;
  std::vector<std::string> throttle_reasons;  ///< distinct non-benign reasons seen
};

/// A telemetry probe that describes a device (for the OpenCL/telemetry match).
struct TelemetryDevice {
  std::string probe;  ///< "nvml:0000:17:00.0", "cpu", ...
  std::optional<core::PciAddress> pci;
  bool is_cpu = false;
};

/// Where the device sits and where the workload threads ran.
struct LocalityObservation {
  bool found = false;
  std::string reason;  ///< why not found, or what was assumed
  std::vector<unsigned> numa_nodes;  ///< device-local NUMA nodes (OS indices)
  std::string cpus;                  ///< device-local CPU list
  std::optional<double> device_link_gbs;  ///< hwloc, the device's own link
  /// The slowest hop on the device's PCI path, read by hwloc while a transfer ran.
  std::optional<double> slowest_link_gbs;
  std::string slowest_at;    ///< PCI address of that hop
  std::string path_missing;  ///< why the path under load is unknown
};

struct BindingObservation {
  std::string workload;
  std::string bind;  ///< the workload's `bind` key
  bool applied = false;
  std::string cpus;  ///< CPU binding read back from the OS
  std::string reason;
};

/// What one workload of the scenario did.
struct WorkloadOutcome {
  enum class Result { ran, unsupported, failed, not_run };
  std::string name, kind;
  std::map<std::string, std::string> params;  ///< its keys, rendered as text
  Result result = Result::not_run;
  std::string error;        ///< for unsupported/failed
  std::string unit;         ///< of `median` and `peak`
  std::optional<double> median;  ///< steady median, else median of the windows after the first
  std::string median_basis;      ///< "steady state", "no steady state found: ..."
  std::optional<double> peak;
  std::string phase;        ///< steady, shifted, warming, unsettled
  std::optional<double> steady_at_s;  ///< from the workload's start
  double ran_s = 0;         ///< workload time it ran
  std::string description;  ///< setup's description ("triad float4, 3 arrays of 128 MiB")
};

struct CheckMeasurements {
  std::string host;
  nlohmann::json device;  ///< the device as `list --json` shows it, plus platform
  bool device_is_cpu = false;
  std::optional<core::PciAddress> opencl_pci;
  std::string opencl_pci_source;  ///< how OpenCL gave the address, or why not
  std::vector<TelemetryDevice> telemetry_devices;
  std::optional<double> util_before_pct;  ///< device utilisation before the workloads, %
  std::string util_source;   ///< where it was read ("nvml:... util_pct", host.cpu for a CPU device)
  std::string util_missing;  ///< why it could not be read
  bool quick = false;
  double workload_s = 0;     ///< how long each workload was asked to run
  bool workloads_ran = false;  ///< false when refused (busy device)
  TelemetryObservations telemetry;
  LocalityObservation locality;
  std::vector<BindingObservation> bindings;
  std::optional<double> spec_compute_gflops;
  std::string spec_compute_basis;
  std::vector<WorkloadOutcome> workloads;
  std::optional<core::CeilingsRecord> ceilings;  ///< as the workloads' runs used them
};

/// One condition of an item.
struct Criterion {
  std::string basis;  ///< "absolute", "spec", "link", "baseline", "maximum", "none seen"
  std::optional<double> bound;  ///< the limit, in the item's unit
  std::optional<bool> pass;     ///< nullopt: could not be evaluated (see text)
  std::string text;             ///< ">= 10 GB/s (memory_min_gbs)" or why not evaluated
};

struct CheckItem {
  std::string name;
  std::optional<bool> pass;  ///< nullopt: skipped, reason in detail
  nlohmann::json value;      ///< number, text, or null
  nlohmann::json threshold;  ///< the deciding bound (number) or its text; null when none
  std::string unit;
  std::string detail;
  std::vector<Criterion> criteria;
  std::string workload;  ///< the workload it judges (workload items), else empty
};

class CheckInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A known-good node's check (clscope.check/1): its items' values.
struct Baseline {
  std::string source;  ///< file path
  std::string host;
  std::string device;  ///< device name
  struct Entry {
    nlohmann::json value;
    std::string unit;
    std::optional<bool> pass;
    std::string detail;
    std::map<std::string, std::string> params;  ///< the workload's settings (workload items)
  };
  std::map<std::string, Entry> items;
};

/// Reads a clscope.check/1 object; `source` names it in errors. Throws
/// CheckInputError("SOURCE: ...") when it is not one.
Baseline parse_baseline(const nlohmann::json& j, const std::string& source);
/// Reads and parses a file. Throws CheckInputError naming the file.
Baseline load_baseline(const std::string& path);

/// Judges every item, in a fixed order: device-idle, opencl-telemetry-match,
/// numa-locality, pcie-link, one item per workload (memory-bandwidth,
/// compute, h2d-bandwidth, d2h-bandwidth, transfer-bandwidth, launch-rate;
/// the roles with no workload are listed as skipped), clocks, throttle,
/// steady-state.
std::vector<CheckItem> judge(const CheckMeasurements& m, const config::CheckSettings& t,
                             const Baseline* baseline);

/// false when an item failed; nullopt when the check refused a busy device or
/// no item could be judged; true otherwise.
std::optional<bool> overall_pass(const CheckMeasurements& m, const std::vector<CheckItem>& items);
/// 1 when an item failed, else 0.
ExitCode check_exit_code(const std::optional<bool>& overall);

/// {"schema":"clscope.check/1","host","device","pass","checks":[{"name","pass",
///  "value","threshold","unit","detail","criteria"}], "quick", "workload_s",
///  "workloads":[...], "baseline"}.
nlohmann::json check_json(const CheckMeasurements& m, const std::vector<CheckItem>& items,
                          const Baseline* baseline);
/// The readable table: item, value, threshold, verdict, and the detail below.
std::string check_table(const CheckMeasurements& m, const std::vector<CheckItem>& items,
                        const Baseline* baseline);

}  // namespace clscope::app
