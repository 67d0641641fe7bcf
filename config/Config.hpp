#pragma once
// Scenario configuration: typed structs, the schema of every workload key, and
// the loaders for TOML files and `--workload KIND:key=value` specs. This module
// stands alone (no other clscope module).
//
// Errors are thrown as ConfigError whose what() is ready to print:
//   "FILE:LINE:COLUMN: message" for TOML files,
//   "--workload stream:vec=3: key 'vec': must be one of 1, 2, 4, 8, 16" for specs.
//
// Thread safety: every function is reentrant; schemas() and run_schema() return
// immutable tables built once (thread-safe static initialisation).
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/WorkExpression.hpp"

namespace clscope::config {

using Value = std::variant<bool, std::int64_t, double, std::string>;

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Type { boolean, integer, number, string, choice, size };

/// "boolean", "integer", "number", "string", "choice", "size".
std::string_view type_name(Type t);

/// Extra check of a string key's value: returns an error message, empty when valid.
using StringValidator = std::string (*)(std::string_view text);

/// One key a workload kind accepts.
struct KeySchema {
  std::string key;
  Type type = Type::integer;
  std::string doc;                   ///< one line, with the unit
  Value default_value;               ///< after normalisation (size -> bytes as integer)
  std::optional<double> min, max;    ///< for integer/number/size
  std::vector<std::string> choices;  ///< for choice; for integer, allowed values if non-empty
  std::string unit;                  ///< "bytes", "us", "s", ... or empty
  StringValidator validate = nullptr;  ///< for string keys (e.g. `bind`), may be null
};

struct KindSchema {
  std::string kind;
  std::string doc;
  std::vector<KeySchema> keys;  ///< includes the keys common to every kind
};

/// Every workload kind clscope knows, with its keys, in display order.
const std::vector<KindSchema>& schemas();
/// nullptr when `kind` is unknown.
const KindSchema* find_schema(std::string_view kind);
/// The keys of the `[run]` table: duration, window, device, record, solo_windows.
const std::vector<KeySchema>& run_schema();
/// The keys of the `[check]` table, in display order. Keys whose CheckSettings
/// field is optional have no default: absent = not checked.
const std::vector<KeySchema>& check_schema();
/// True for the [check] keys that are unset unless given (absolute thresholds...).
bool check_key_optional(std::string_view key);

/// A validated workload: every key of its kind present (defaults filled in).
struct WorkloadConfig {
  std::string kind;
  std::string name;  ///< the `name` key, or the kind (made unique by Scenario)
  std::map<std::string, Value> params;
  /// Folder that relative file keys (custom `file`, pipeline `trace`, ...)
  /// start from: the scenario file's folder; empty = the current directory
  /// (built-in scenarios, --workload specs).
  std::string base_dir;
  /// Where the workload was defined, for messages ("scenario.toml", "--workload ...").
  std::string origin;

  /// `key`'s path resolved against base_dir (absolute paths unchanged).
  std::string resolve_path(const std::string& key) const;

  bool get_bool(const std::string& key) const;
  std::int64_t get_int(const std::string& key) const;  ///< integer and size keys
  double get_number(const std::string& key) const;     ///< number keys (integers widen)
  const std::string& get_string(const std::string& key) const;  ///< string and choice keys
};

/// The `[check]` table: how `clscope check` runs the scenario and judges it
/// (keys, units and defaults in check_schema(); documented in sanity.toml).
/// An absent optional threshold is not checked.
struct CheckSettings {
  double workload_s = 8;             ///< seconds each workload runs (one after another)
  double quick_workload_s = 2.5;     ///< the same with --quick
  double steady_within_s = 5;        ///< steady state must begin this soon after a workload starts
  double busy_util_pct = 20;         ///< device utilisation before the check above which it is busy
  double baseline_tolerance = 0.15;  ///< a value may be this fraction worse than the baseline's
  double link_min_fraction = 0.7;    ///< pinned copies reach this fraction of the link's rate
  double clock_min_max_fraction = 0.9;  ///< highest clock under load / maximum clock
  std::optional<double> memory_min_gbs;
  std::optional<double> compute_min_gflops;
  std::optional<double> compute_min_spec_fraction;  ///< of the spec estimate
  std::optional<double> h2d_min_gbs;
  std::optional<double> d2h_min_gbs;
  std::optional<double> launch_min_per_s;
};

/// What the user declares about a kernel of an observed program
/// ([app.kernel."NAME"], for `run --config FILE -- CMD`), per launch.
struct AppKernelWork {
  std::optional<WorkExpression> bytes;  ///< global-memory traffic, bytes
  std::optional<WorkExpression> flops;  ///< arithmetic operations
};

struct Scenario {
  std::string source;                 ///< file path, or "<built-in default>"
  double duration_s = 0;              ///< 0 = until interrupted
  double window_s = 1.0;              ///< analysis window
  std::string device = "auto";
  std::string record;                 ///< recording path, empty = none
  /// Windows each workload runs alone first when there are several (0 = none).
  int solo_windows = 3;
  std::vector<WorkloadConfig> workloads;
  std::optional<CheckSettings> check;  ///< the [check] table, when the file has one
  /// The [app] table: kernels of an observed program by function name.
  std::map<std::string, AppKernelWork> app_kernels;
};

/// Parses and validates a TOML scenario. `origin` names it in errors.
Scenario load_string(std::string_view toml_text, const std::string& origin);
Scenario load_file(const std::string& path);
/// The built-in default scenario (config/default.toml, embedded).
Scenario load_default();
std::string_view default_scenario_text();
/// The built-in node sanity check (config/sanity.toml, embedded): what
/// `clscope check` runs without --config. Always has a [check] table.
Scenario load_sanity();
std::string_view sanity_scenario_text();

/// Parses `KIND[:key=value[:key=value...]]` (the --workload syntax).
WorkloadConfig parse_workload_spec(std::string_view spec);

/// Makes workload names unique ("stream", "stream#2", ...). Idempotent.
void uniquify_names(std::vector<WorkloadConfig>& workloads);

/// Renders a value for display and for recordings: true/false, decimal integers,
/// the shortest round-trip form of a double, strings unquoted.
std::string to_string(const Value& v);

/// Parses a size: "512", "64K", "64KiB", "256M", "1G", "1GiB" (case-insensitive,
/// powers of 1024), or "auto" (= 0). Returns bytes. Throws ConfigError (message
/// without location) on bad syntax or overflow.
std::int64_t parse_size(std::string_view text);

/// Parses a CPU list such as "0-3,8" into ascending, distinct CPU indices.
/// Throws ConfigError (message without location) on bad syntax or a reversed range.
std::vector<unsigned> parse_cpu_list(std::string_view text);

}  // namespace clscope::config
