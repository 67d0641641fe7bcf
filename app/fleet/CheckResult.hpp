#pragma once
// One node's `clscope check --json` result (clscope.check/1) as a plain
// struct: what `fleet report`, the Prometheus metrics and the Nagios line
// read. Depends on nothing of app/ but the JSON contract (README, man page).
// Pure functions; thread-safe. Never runs or opens anything named inside a
// result: every field is data.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace clscope::fleet {

inline constexpr const char* kCheckSchema = "clscope.check/1";

/// A results file that cannot be read, or is not a clscope.check/1 object.
/// what() names the source and what was wrong.
class ResultInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CheckResultItem {
  std::string name;
  std::optional<bool> pass;     ///< nullopt: skipped (reason in detail)
  std::optional<double> value;  ///< the numeric value; nullopt when null or text
  std::string text_value;       ///< the value when it is text ("Gen4 x16")
  std::optional<double> threshold;
  std::string unit;
  std::string detail;
};

/// A workload of the check's scenario: what makes two results comparable.
struct CheckResultWorkload {
  std::string name, kind;
  std::vector<std::pair<std::string, std::string>> params;  ///< sorted by key
};

struct CheckResult {
  std::string source;  ///< file it came from (or a description)
  std::string host;
  std::string device;            ///< device model (device.name)
  std::string driver;            ///< device.driver_version
  std::string platform;          ///< device.platform
  std::string platform_version;  ///< device.platform_version
  std::optional<bool> pass;      ///< overall; nullopt: not judged
  bool quick = false;
  std::optional<double> workload_s;
  std::vector<CheckResultItem> items;
  std::vector<CheckResultWorkload> workloads;
  // Set by the writer of the result (check), not read from the JSON:
  std::optional<double> duration_s;   ///< wall time of the check
  std::optional<double> timestamp_s;  ///< Unix time the check ended

  const CheckResultItem* item(const std::string& item_name) const;
};

/// Reads a clscope.check/1 object. Throws ResultInputError("SOURCE: ...").
CheckResult parse_check_result(const nlohmann::json& j, const std::string& source);
/// Reads a file (at most 64 MiB) and parses it. Throws ResultInputError
/// naming the file (cannot open, not JSON with the parser's position, wrong schema).
CheckResult load_check_result(const std::string& path);

}  // namespace clscope::fleet
