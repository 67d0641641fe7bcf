#pragma once
// Prometheus text exposition format (version 0.0.4): metric families with
// HELP and TYPE lines, label values escaped (\\, \", \n), help escaped (\\,
// \n). Values in base units (seconds, bytes; the name says so). A counter's
// name must end in _total. Pure; thread-safe.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace clscope::metrics {

class MetricsError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

enum class MetricType { gauge, counter };

struct Sample {
  std::vector<std::pair<std::string, std::string>> labels;  ///< name, value (any text)
  double value = 0;
};

struct MetricFamily {
  std::string name;  ///< [a-zA-Z_:][a-zA-Z0-9_:]*; counters end in _total
  std::string help;
  MetricType type = MetricType::gauge;
  std::vector<Sample> samples;
};

bool valid_metric_name(const std::string& name);
bool valid_label_name(const std::string& name);  ///< [a-zA-Z_][a-zA-Z0-9_]*, not starting "__"
std::string escape_label_value(const std::string& v);
std::string escape_help(const std::string& v);
/// Shortest text that reads back as the same double; NaN, +Inf, -Inf.
std::string format_value(double v);

/// Renders the families in order. Throws MetricsError for an invalid metric
/// or label name, a counter not named *_total, or a family repeated. A family
/// with no sample is left out.
std::string render(const std::vector<MetricFamily>& families);

}  // namespace clscope::metrics
