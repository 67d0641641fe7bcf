#include "app/metrics/Prometheus.hpp"

#include <charconv>
#include <cmath>
#include <set>

namespace clscope::metrics {
namespace {

bool name_char(char c, bool first, bool colon) {
  const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
  return alpha || (!first && c >= '0' && c <= '9');
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool valid_metric_name(const std::string& name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!name_char(name[i], i == 0, true)) return false;
  return true;
}

bool valid_label_name(const std::string& name) {
  if (name.empty() || name.rfind("__", 0) == 0) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!name_char(name[i], i == 0, false)) return false;
  return true;
}

std::string escape_label_value(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string escape_help(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, p) : std::string("NaN");
}

std::string render(const std::vector<MetricFamily>& families) {
  std::string out;
  std::set<std::string> seen;
  for (const auto& f : families) {
    if (!valid_metric_name(f.name)) throw MetricsError("invalid metric name '" + f.name + "'");
    if (f.type == MetricType::counter && !ends_with(f.name, "_total"))
      throw MetricsError("counter '" + f.name + "' must be named *_total");
    if (!seen.insert(f.name).second) throw MetricsError("metric family '" + f.name + "' repeated");
    if (f.samples.empty()) continue;
    out += "# HELP " + f.name + " " + escape_help(f.help) + "\n";
    out += "# TYPE " + f.name + (f.type == MetricType::counter ? " counter\n" : " gauge\n");
    for (const auto& s : f.samples) {
      out += f.name;
      if (!s.labels.empty()) {
        out += "{";
        std::set<std::string> names;
        bool first = true;
        for (const auto& [k, v] : s.labels) {
          if (!valid_label_name(k)) throw MetricsError(f.name + ": invalid label name '" + k + "'");
          if (!names.insert(k).second) throw MetricsError(f.name + ": label '" + k + "' repeated");
          out += (first ? "" : ",") + k + "=\"" + escape_label_value(v) + "\"";
          first = false;
        }
        out += "}";
      }
      out += " " + format_value(s.value) + "\n";
    }
  }
  return out;
}

}  // namespace clscope::metrics
