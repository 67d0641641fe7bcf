#include "app/metrics/CheckExport.hpp"

#include <cstdio>
#include <set>

#include "app/fleet/Fleet.hpp"

namespace clscope::metrics {
namespace {

std::string perf_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

/// Nagios plugin guidelines allow only these units of measure in perfdata.
std::string perf_uom(const std::string& unit) {
  static const std::set<std::string> kUom{"s", "ms", "us", "%", "B", "KB", "MB", "TB", "c"};
  return kUom.count(unit) ? unit : "";
}

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '|') c = ' ';
  return s;
}

}  // namespace

std::vector<MetricFamily> check_metric_families(const fleet::CheckResult& r) {
  MetricFamily pass{"clscope_check_pass", "1 when the check item passed, 0 when it failed (skipped items are in clscope_check_skipped)", MetricType::gauge, {}};
  MetricFamily skipped{"clscope_check_skipped", "1 for a check item that could not be judged on this node", MetricType::gauge, {}};
  for (const auto& i : r.items) {
    if (i.pass) pass.samples.push_back({{{"check", i.name}}, *i.pass ? 1.0 : 0.0});
    else skipped.samples.push_back({{{"check", i.name}}, 1.0});
  }
  std::vector<MetricFamily> out{std::move(pass), std::move(skipped)};
  if (r.duration_s)
    out.push_back({"clscope_check_duration_seconds", "wall time the check took", MetricType::gauge,
                   {{{}, *r.duration_s}}});
  if (r.timestamp_s)
    out.push_back({"clscope_check_timestamp_seconds", "Unix time the check ended", MetricType::gauge,
                   {{{}, *r.timestamp_s}}});
  out.push_back({"clscope_info", "the checked node and device", MetricType::gauge,
                 {{{{"host", r.host}, {"device", r.device}, {"driver", r.driver},
                    {"platform_version", r.platform_version}},
                   1.0}}});
  return out;
}

NagiosStatus nagios_status(const fleet::CheckResult& r) {
  int passed = 0, failed = 0, skipped = 0;
  std::string failures, perf;
  for (const auto& i : r.items) {
    (!i.pass ? skipped : *i.pass ? passed : failed) += 1;
    if (i.pass == false) failures += (failures.empty() ? "" : ", ") + i.name;
    if (!i.value) continue;
    std::string crit;
    if (i.threshold)
      crit = fleet::lower_is_better(i.name, i.unit) ? perf_number(*i.threshold)
                                                     : perf_number(*i.threshold) + ":";
    perf += (perf.empty() ? "" : " ") + std::string("'") + i.name + "'=" + perf_number(*i.value) +
            perf_uom(i.unit) + ";;" + crit;
  }
  std::string counts = std::to_string(passed) + " passed, " + std::to_string(failed) + " failed, " +
                       std::to_string(skipped) + " skipped";
  std::string where = " on " + (r.host.empty() ? std::string("?") : r.host) +
                      (r.device.empty() ? "" : " (" + r.device + ")");
  NagiosStatus s;
  if (failed > 0) {
    s.exit_code = 2;
    s.line = "CLSCOPE CRITICAL - failed: " + failures + "; " + counts + where;
  } else if (!r.pass) {
    s.exit_code = 1;
    std::string why = "nothing could be judged";
    if (const auto* idle = r.item("device-idle"); idle && !idle->detail.empty()) why = idle->detail;
    s.line = "CLSCOPE WARNING - not judged: " + why + "; " + counts + where;
  } else {
    s.exit_code = 0;
    s.line = "CLSCOPE OK - " + counts + where;
  }
  s.line = one_line(s.line);
  perf += (perf.empty() ? "" : " ") + std::string("passed=") + std::to_string(passed) +
          " failed=" + std::to_string(failed) + " skipped=" + std::to_string(skipped);
  if (r.duration_s) perf += " duration=" + perf_number(*r.duration_s) + "s";
  s.line += " | " + perf;
  return s;
}

NagiosStatus nagios_unknown(const std::string& why) {
  return {3, "CLSCOPE UNKNOWN - " + one_line(why.empty() ? std::string("no result") : why)};
}

}  // namespace clscope::metrics
