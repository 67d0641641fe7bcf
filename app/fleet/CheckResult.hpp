#pragma once
// One node's `clscope check --json` result (clscope.check/1) as a plain
// struct: what `fleet report`, the Prometheus metrics and the Nagios line
// read. `fleet report` also maps a run summary (clscope.run/1, see
// RunSummary.hpp) into it. Depends on nothing of app/ but the JSON contract (README, man page).
// Pure functions; thread-safe. Never runs or opens anything named inside a
// result: every field is data.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace clscope::fleet {

inline constexpr const char* kCheckSchema = "clscope.check/1";
inline constexpr const char* kRunSchema = "clscope.run/1";

/// A results file that cannot be read, or is neither a clscope.check/1 result
/// nor a clscope.run/1 run summary.
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
  std::string unit;  ///< run summaries only: the workload's unit (part of its identity)
  std::vector<std::pair<std::string, std::string>> params;  ///< sorted by key (a run summary's: setup.resolved)
};

struct CheckResult {
  std::string schema = kCheckSchema;  ///< what it was read from: kCheckSchema or kRunSchema
  std::string source;  ///< file it came from (or a description)
  std::string host;    ///< empty when the input names none
  std::string device;            ///< device model (device.name)
  std::string driver;            ///< device.driver_version
  std::string platform;          ///< device.platform
  std::string platform_version;  ///< device.platform_version
  std::optional<bool> pass;      ///< overall; nullopt: not judged
  bool quick = false;
  std::optional<double> workload_s;
  std::vector<CheckResultItem> items;
  std::vector<CheckResultWorkload> workloads;
  std::string program;  ///< run summaries of an observed program (run -- CMD): its argv, joined
  // Set by the writer of the result (check), not read from the JSON:
  std::optional<double> duration_s;   ///< wall time of the check
  std::optional<double> timestamp_s;  ///< Unix time the check ended

  const CheckResultItem* item(const std::string& item_name) const;
  bool is_run_summary() const { return schema == kRunSchema; }
};

/// Reads a clscope.check/1 object. Throws ResultInputError("SOURCE: ...").
CheckResult parse_check_result(const nlohmann::json& j, const std::string& source);

namespace detail {
// Defensive field readers shared with the run summary reader: a missing
// field, or one of another type, reads as empty / nullopt.
std::string text(const nlohmann::json& obj, const char* key);
std::optional<double> number(const nlohmann::json& obj, const char* key);
std::optional<bool> boolean(const nlohmann::json& obj, const char* key);
/// device.name, driver_version, platform, platform_version (or a plain text device).
void read_device(const nlohmann::json& j, CheckResult& r);
}  // namespace detail

}  // namespace clscope::fleet
