#pragma once
// A check result for monitoring tools: Prometheus metric families for a
// textfile collector (--metrics-file) and the Nagios plugin status line
// (--nagios). Pure; thread-safe.
//
// Metrics:  clscope_check_pass{check}     1 passed, 0 failed (judged items only)
//           clscope_check_skipped{check}  1 for each skipped item
//           clscope_check_duration_seconds, clscope_check_timestamp_seconds
//           clscope_info{host,device,driver,platform_version} 1
// Nagios:   0 OK       every judged item passed (skipped items are listed but
//                      do not warn: on a given node type they are permanent,
//                      e.g. no PCIe link on a CPU device)
//           1 WARNING  the check judged nothing (device busy before the check,
//                      or no item could be judged)
//           2 CRITICAL an item failed
//           3 UNKNOWN  no result: bad usage or configuration, no OpenCL
//                      device, runtime failure, interrupted (nagios_unknown)
#include <string>
#include <vector>

#include "app/fleet/CheckResult.hpp"
#include "app/metrics/Prometheus.hpp"

namespace clscope::metrics {

std::vector<MetricFamily> check_metric_families(const fleet::CheckResult& r);

struct NagiosStatus {
  int exit_code = 3;
  std::string line;  ///< "CLSCOPE OK - ... | perfdata", no newline
};

NagiosStatus nagios_status(const fleet::CheckResult& r);
NagiosStatus nagios_unknown(const std::string& why);

}  // namespace clscope::metrics
