// The keys of the [check] table (`clscope check`): run lengths and thresholds.
#include <algorithm>

#include "config/Config.hpp"

namespace clscope::config {
namespace {

struct CheckKey {
  const char* key;
  double default_value;  // ignored for optional keys
  double min, max;
  const char* unit;
  bool optional;
  const char* doc;
};

constexpr double kNoMax = 1e12;

// One table: schema, docs and which keys are optional.
constexpr CheckKey kCheckKeys[] = {
    {"workload_s", 8, 1, 600, "s", false,
     "seconds each workload runs; the workloads run one after another"},
    {"quick_workload_s", 2.5, 0.5, 60, "s", false, "seconds each workload runs with --quick"},
    {"steady_within_s", 5, 0.1, 600, "s", false,
     "steady state must begin within this many seconds of a workload's start"},
    {"busy_util_pct", 20, 0, 100, "%", false,
     "device utilisation before the check above which another process loads it (100 = never "
     "refuse)"},
    {"baseline_tolerance", 0.15, 0, 1, "", false,
     "with --baseline: a value may be this fraction worse than the baseline's"},
    {"link_min_fraction", 0.7, 0, 1, "", false,
     "pinned h2d/d2h bandwidth as a fraction of the PCIe link's theoretical rate"},
    {"clock_min_max_fraction", 0.9, 0, 1, "", false,
     "highest core clock seen under load as a fraction of the maximum clock"},
    {"memory_min_gbs", 0, 0, kNoMax, "GB/s", true, "memory bandwidth (stream) at least"},
    {"compute_min_gflops", 0, 0, kNoMax, "GFLOP/s", true, "compute throughput at least"},
    {"compute_min_spec_fraction", 0, 0, 2, "", true,
     "compute throughput as a fraction of the device's spec estimate"},
    {"h2d_min_gbs", 0, 0, kNoMax, "GB/s", true, "host-to-device bandwidth at least"},
    {"d2h_min_gbs", 0, 0, kNoMax, "GB/s", true, "device-to-host bandwidth at least"},
    {"launch_min_per_s", 0, 0, kNoMax, "launches/s", true, "launch rate at least"},
};

std::vector<KeySchema> build() {
  std::vector<KeySchema> keys;
  for (const auto& k : kCheckKeys) {
    KeySchema s;
    s.key = k.key;
    s.type = Type::number;
    s.doc = k.doc;
    s.default_value = k.default_value;
    s.min = k.min;
    if (k.max < kNoMax) s.max = k.max;
    s.unit = k.unit;
    keys.push_back(std::move(s));
  }
  return keys;
}

}  // namespace

const std::vector<KeySchema>& check_schema() {
  static const std::vector<KeySchema> keys = build();
  return keys;
}

bool check_key_optional(std::string_view key) {
  return std::any_of(std::begin(kCheckKeys), std::end(kCheckKeys),
                     [&](const CheckKey& k) { return k.optional && key == k.key; });
}

}  // namespace clscope::config
