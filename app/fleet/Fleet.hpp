#pragma once
// `clscope fleet report`: many nodes' check results, grouped into comparable
// sets and judged against each other. Pure functions over plain structs;
// thread-safe.
//
// Rules (documented for users in the man page, FLEET REPORTS):
//  * Group: nodes with the same device model and the same scenario (quick or
//    not, workload time, every workload's kind and keys, i.e. its sizes).
//    Nodes of one device model whose scenarios differ are not compared: they
//    form separate groups and a note says what differs. The driver is not
//    part of the group: a node whose driver (or OpenCL platform version)
//    differs from its group's majority is flagged instead.
//  * Metric: every check item with a numeric value, compared only between
//    nodes whose unit for it is the same. With at least `min_nodes` values:
//    median m, MAD, scale s = max(1.4826 * MAD, mad_floor * |m|).
//    Higher is better: flagged when v < m - mad_k * s or v < min_ratio * m.
//    Lower is better (a time unit s/ms/us/ns, a name containing "latency",
//    and device-idle): flagged when v > m + mad_k * s or v > m / min_ratio.
//    The floor keeps a near-identical fleet (MAD ~ 0) from flagging a
//    trivial difference; an all-equal fleet flags nobody. A rule whose scale
//    is 0 (s = 0, or m <= 0 for the ratio) is not applied. device-idle (the
//    load of other processes before the check) is not compared.
//  * PCIe link: the pcie-link item's "GenG xW" value; flagged when G is
//    below the group's median generation or W below its median width.
//  * Driver / platform version: flagged when it differs from the value held
//    by a strict majority of the group (no majority, no flag).
//  * A node whose own check failed an item is flagged with that item.
//  * Run summaries (clscope.run/1, mapped as RunSummary.hpp says): one metric
//    per workload (its median), the same rules; lower is better only for a
//    time unit (NAME.latency_p99 in ms), not by the name. A run summary and a
//    check result are never in one group (their scenarios differ by input);
//    a note says why when they are of one device model. A workload that
//    failed flags the node.
//  * A result without a host is named after its file (without extension),
//    and a group note says so.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/fleet/CheckResult.hpp"

namespace clscope::fleet {

inline constexpr const char* kFleetSchema = "clscope.fleet/1";
inline constexpr double kMadToSigma = 1.4826;  ///< MAD of a normal sample -> its sigma

struct FleetSettings {
  double mad_k = 3.0;
  double min_ratio = 0.9;  ///< in (0, 1]
  double mad_floor = 0.01;  ///< fraction of |median|
  std::size_t min_nodes = 3;  ///< values needed before a metric is judged
};

/// Why a node is flagged.
struct FleetReason {
  std::string rule;    ///< "mad", "ratio", "pcie-link", "driver", "platform-version", "check-failed",
                       ///< "workload-failed" (run summaries)
  std::string metric;  ///< item name; empty for driver/platform rules
  std::optional<double> value, bound;
  std::string text;    ///< one line, for people
  double severity = 0;  ///< relative distance from the median (1 for non-metric rules)
};

struct MetricStats {
  std::string unit;
  bool lower_is_better = false;
  std::size_t nodes = 0;
  std::optional<double> median, mad;
  std::optional<double> bound;  ///< the effective flag limit (lowest accepted, or highest when lower is better)
  std::string note;             ///< why not judged
};

struct FleetGroup {
  std::string id;  ///< "g1", "g2", ... in order of first appearance
  std::string input = kCheckSchema;  ///< what its nodes' results are: kCheckSchema or kRunSchema
  std::string device;
  std::string scenario;  ///< the full scenario (scenario_summary), the grouping key
  std::string scenario_short;  ///< "quick, 2.5 s per workload: stream compute"
  std::set<std::string> scenario_terms;  ///< "stream.size=0", ... (scenario_terms)
  std::vector<std::string> hosts;
  std::string driver_majority, platform_version_majority;  ///< empty: no majority
  std::string link_median;  ///< "Gen4 x16", empty when no node reported a link
  std::map<std::string, MetricStats> metrics;
  std::vector<std::string> notes;
};

struct FleetNode {
  std::string host;  ///< the result's host (made unique with its file name when repeated)
  std::string source;
  std::string group;
  std::string device, driver, platform_version;
  std::optional<bool> check_pass;
  std::map<std::string, double> metrics;
  std::string pcie_link;  ///< text value of pcie-link, empty when none
  std::vector<FleetReason> reasons;
  bool outlier() const { return !reasons.empty(); }
  double severity() const;  ///< sum of its reasons' severities
};

struct FleetReport {
  FleetSettings settings;
  std::vector<FleetGroup> groups;
  std::vector<FleetNode> nodes;  ///< worst first: flagged, then by severity, then host
  std::vector<std::string> notes;
  bool any_outlier() const;
};

/// True when a smaller value of this item is better (see the rules above).
bool lower_is_better(const std::string& item, const std::string& unit);
/// "quick, 2.5 s per workload; stream(stream op=triad size_mib=512); ...";
/// a run summary's: "run summary; stream(stream GB/s op=triad size=...); ...".
std::string scenario_summary(const CheckResult& r);
/// The scenario as comparable terms: "input=check result", "quick=true",
/// "workload_s=2.5", "stream.kind=stream", "stream.size=0", ...; a run
/// summary's: "input=run summary", "stream.kind=stream", "stream.unit=GB/s", ...
std::set<std::string> scenario_terms(const CheckResult& r);
/// Parses "Gen4 x16" into {4, 16}.
std::optional<std::pair<int, int>> parse_link(const std::string& text);
double median(std::vector<double> v);

FleetReport analyse_fleet(const std::vector<CheckResult>& results, const FleetSettings& settings);

}  // namespace clscope::fleet
