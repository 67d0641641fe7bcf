// TOML scenarios: parse with toml++, then check every table, key and value
// against the schema ourselves (toml++'s value<T>() hides type mismatches).
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "config/ValueCheck.hpp"
#include "config/Config.hpp"

namespace clscope::config {

namespace embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& all();
}  // namespace embedded

namespace {

constexpr std::string_view kDefaultOrigin = "<built-in default>";
constexpr std::string_view kDefaultFile = "default.toml";
constexpr std::string_view kSanityOrigin = "<built-in sanity check>";
constexpr std::string_view kSanityFile = "sanity.toml";

std::string_view builtin_text(std::string_view file, std::string_view what) {
  for (const auto& [name, text] : embedded::all()) {
    if (name == file) return text;
  }
  throw ConfigError("the built-in " + std::string(what) + " (" + std::string(file) +
                    ") is missing from this build");
}

/// Throws errors as "ORIGIN:LINE:COLUMN: message".
class Reporter {
 public:
  explicit Reporter(const std::string& origin) : origin_(origin) {}

  [[noreturn]] void fail(const toml::source_position& at, const std::string& message) const {
    // toml++ leaves positions of synthesised nodes at 0; never print a line 0.
    const auto line = std::max<toml::source_index>(at.line, 1);
    const auto column = std::max<toml::source_index>(at.column, 1);
    throw ConfigError(origin_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                      message);
  }

 private:
  const std::string& origin_;
};

std::string got(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

std::optional<Value> scalar(const toml::node& n) {
  if (const auto* b = n.as_boolean()) return Value{b->get()};
  if (const auto* i = n.as_integer()) return Value{static_cast<std::int64_t>(i->get())};
  if (const auto* d = n.as_floating_point()) return Value{d->get()};
  if (const auto* s = n.as_string()) return Value{s->get()};
  return std::nullopt;
}

bool before(const toml::source_position& a, const toml::source_position& b) {
  return a.line != b.line ? a.line < b.line : a.column < b.column;
}

using Entry = std::pair<const toml::key*, const toml::node*>;

/// toml++ iterates tables in key order; errors read better in file order.
std::vector<Entry> in_file_order(const toml::table& table) {
  std::vector<Entry> entries;
  for (const auto& [key, node] : table) entries.emplace_back(&key, &node);
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return before(a.first->source().begin, b.first->source().begin);
  });
  return entries;
}

const KeySchema* find_key(const std::vector<KeySchema>& keys, std::string_view name) {
  for (const auto& k : keys) {
    if (k.key == name) return &k;
  }
  return nullptr;
}

/// Checks one value; `where` names its place in messages ("[run]", ...).
Value checked(const Reporter& r, const KeySchema& key, const toml::node& node,
              const std::string& where) {
  const std::string prefix = "key '" + key.key + "' in " + where + ": ";
  const auto raw = scalar(node);
  if (!raw) {
    r.fail(node.source().begin, prefix + "expected " + detail::expected(key) + ", got " + got(node));
  }
  auto result = detail::check_value(key, *raw);
  if (!result.value) r.fail(node.source().begin, prefix + result.error);
  return std::move(*result.value);
}

void load_run(const Reporter& r, const toml::node& node, Scenario& scenario) {
  const auto* table = node.as_table();
  if (table == nullptr) {
    r.fail(node.source().begin, "'run' must be a table ([run]), got " + got(node));
  }
  const auto& keys = run_schema();
  for (const auto& [key, value] : in_file_order(*table)) {
    const KeySchema* schema = find_key(keys, key->str());
    if (schema == nullptr) {
      r.fail(key->source().begin, "unknown key '" + std::string(key->str()) +
                                      "' in [run] (known: " + detail::known_keys(keys) + ")");
    }
    Value v = checked(r, *schema, *value, "[run]");
    if (schema->key == "duration") scenario.duration_s = std::get<double>(v);
    if (schema->key == "window") scenario.window_s = std::get<double>(v);
    if (schema->key == "device") scenario.device = std::get<std::string>(v);
    if (schema->key == "record") scenario.record = std::get<std::string>(v);
    if (schema->key == "solo_windows") scenario.solo_windows = static_cast<int>(std::get<std::int64_t>(v));
  }
}

void set_check_field(CheckSettings& c, const std::string& key, double v) {
  using Required = double CheckSettings::*;
  using Optional = std::optional<double> CheckSettings::*;
  static const std::pair<const char*, Required> required[] = {
      {"workload_s", &CheckSettings::workload_s},
      {"quick_workload_s", &CheckSettings::quick_workload_s},
      {"steady_within_s", &CheckSettings::steady_within_s},
      {"busy_util_pct", &CheckSettings::busy_util_pct},
      {"baseline_tolerance", &CheckSettings::baseline_tolerance},
      {"link_min_fraction", &CheckSettings::link_min_fraction},
      {"clock_min_max_fraction", &CheckSettings::clock_min_max_fraction},
  };
  static const std::pair<const char*, Optional> optional[] = {
      {"memory_min_gbs", &CheckSettings::memory_min_gbs},
      {"compute_min_gflops", &CheckSettings::compute_min_gflops},
      {"compute_min_spec_fraction", &CheckSettings::compute_min_spec_fraction},
      {"h2d_min_gbs", &CheckSettings::h2d_min_gbs},
      {"d2h_min_gbs", &CheckSettings::d2h_min_gbs},
      {"launch_min_per_s", &CheckSettings::launch_min_per_s},
  };
  for (const auto& [name, field] : required)
    if (key == name) c.*field = v;
  for (const auto& [name, field] : optional)
    if (key == name) c.*field = v;
}

void load_check(const Reporter& r, const toml::node& node, Scenario& scenario) {
  const auto* table = node.as_table();
  if (table == nullptr) {
    r.fail(node.source().begin, "'check' must be a table ([check]), got " + got(node));
  }
  const auto& keys = check_schema();
  CheckSettings settings;
  for (const auto& [key, value] : in_file_order(*table)) {
    const KeySchema* schema = find_key(keys, key->str());
    if (schema == nullptr) {
      r.fail(key->source().begin, "unknown key '" + std::string(key->str()) +
                                      "' in [check] (known: " + detail::known_keys(keys) + ")");
    }
    set_check_field(settings, schema->key, std::get<double>(checked(r, *schema, *value, "[check]")));
  }
  scenario.check = settings;
}

WorkloadConfig load_workload(const Reporter& r, const toml::table& table) {
  const toml::node* kind_node = table.get("kind");
  if (kind_node == nullptr) {
    r.fail(table.source().begin,
           "missing key 'kind' in [[workload]] (known kinds: " + detail::known_kinds() + ")");
  }
  const auto* kind = kind_node->as_string();
  if (kind == nullptr) {
    r.fail(kind_node->source().begin,
           "key 'kind' in [[workload]]: expected a string, got " + got(*kind_node));
  }
  const KindSchema* schema = find_schema(kind->get());
  if (schema == nullptr) {
    r.fail(kind_node->source().begin, "unknown workload kind '" + kind->get() +
                                          "' (known: " + detail::known_kinds() + ")");
  }
  const std::string where = "[[workload]] kind '" + schema->kind + "'";
  WorkloadConfig wc = detail::default_workload(*schema);
  for (const auto& [key, value] : in_file_order(table)) {
    if (key->str() == "kind") continue;
    const KeySchema* ks = find_key(schema->keys, key->str());
    if (ks == nullptr) {
      r.fail(key->source().begin, "unknown key '" + std::string(key->str()) + "' in " + where +
                                      " (known: kind, " + detail::known_keys(schema->keys) + ")");
    }
    wc.params[ks->key] = checked(r, *ks, *value, where);
    if (ks->key == "name") wc.name = std::get<std::string>(wc.params[ks->key]);
  }
  return wc;
}

void load_workloads(const Reporter& r, const toml::node& node, Scenario& scenario) {
  const auto* array = node.as_array();
  if (array == nullptr) {
    r.fail(node.source().begin,
           "'workload' must be an array of tables: write [[workload]], got " + got(node));
  }
  if (array->empty()) {
    r.fail(node.source().begin, "'workload' is empty: at least one workload is required");
  }
  for (const auto& element : *array) {
    const auto* table = element.as_table();
    if (table == nullptr) {
      r.fail(element.source().begin,
             "'workload' must be an array of tables: an element is " + got(element));
    }
    scenario.workloads.push_back(load_workload(r, *table));
    scenario.workloads.back().origin = scenario.source;
  }
}

/// One declared quantity: a number >= 0 or an expression string; its
/// errors point into the file (the string's column plus the expression's).
WorkExpression work_expression(const Reporter& r, const toml::node& node, const std::string& where) {
  if (const auto* text = node.as_string()) {
    try {
      return WorkExpression::parse(text->get());
    } catch (const ExpressionError& e) {
      toml::source_position at = node.source().begin;
      at.column += static_cast<toml::source_index>(e.column());  // past the opening quote
      r.fail(at, where + ": " + e.what());
    }
  }
  std::optional<double> number;
  if (const auto* i = node.as_integer()) number = static_cast<double>(i->get());
  if (const auto* f = node.as_floating_point()) number = f->get();
  if (!number || !(*number >= 0) || !std::isfinite(*number)) {
    r.fail(node.source().begin, where + ": expected a number >= 0 or an expression string such as \"12 * n\", got " +
                                    (number ? "a negative or non-finite number" : got(node)));
  }
  std::ostringstream text;
  text.precision(17);
  text << *number;
  return WorkExpression::parse(text.str());
}

void load_app(const Reporter& r, const toml::node& node, Scenario& scenario) {
  const auto* table = node.as_table();
  if (table == nullptr) r.fail(node.source().begin, "'app' must be a table ([app]), got " + got(node));
  for (const auto& [key, value] : in_file_order(*table)) {
    if (key->str() != "kernel")
      r.fail(key->source().begin, "unknown key '" + std::string(key->str()) + "' in [app] (known: kernel)");
    const auto* kernels = value->as_table();
    if (kernels == nullptr)
      r.fail(value->source().begin, "'app.kernel' must be a table of kernels ([app.kernel.\"NAME\"]), got " +
                                        got(*value));
    for (const auto& [name, entry] : in_file_order(*kernels)) {
      const std::string where = "[app.kernel.\"" + std::string(name->str()) + "\"]";
      const auto* fields = entry->as_table();
      if (fields == nullptr) r.fail(entry->source().begin, where + " must be a table, got " + got(*entry));
      AppKernelWork work;
      for (const auto& [field, v] : in_file_order(*fields)) {
        if (field->str() == "bytes") {
          work.bytes = work_expression(r, *v, where + " bytes");
        } else if (field->str() == "flops") {
          work.flops = work_expression(r, *v, where + " flops");
        } else {
          r.fail(field->source().begin,
                 "unknown key '" + std::string(field->str()) + "' in " + where + " (known: bytes, flops)");
        }
      }
      if (!work.bytes && !work.flops)
        r.fail(entry->source().begin, where + " declares neither bytes nor flops");
      scenario.app_kernels[std::string(name->str())] = std::move(work);
    }
  }
}

}  // namespace

Scenario load_string(std::string_view toml_text, const std::string& origin) {
  const Reporter r(origin);
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    r.fail(e.source().begin, std::string(e.description()));
  }
  Scenario scenario;
  scenario.source = origin;
  for (const auto& [key, node] : in_file_order(root)) {
    if (key->str() == "run") {
      load_run(r, *node, scenario);
    } else if (key->str() == "workload") {
      load_workloads(r, *node, scenario);
    } else if (key->str() == "check") {
      load_check(r, *node, scenario);
    } else if (key->str() == "app") {
      load_app(r, *node, scenario);
    } else {
      r.fail(key->source().begin, "unknown top-level key '" + std::string(key->str()) +
                                      "' (known: [run], [[workload]], [check], [app])");
    }
  }
  // A file of [app] declarations alone is for `run --config FILE -- CMD`.
  if (scenario.workloads.empty() && scenario.app_kernels.empty()) {
    r.fail({1, 1}, "no [[workload]] table: at least one workload is required");
  }
  uniquify_names(scenario.workloads);
  return scenario;
}

Scenario load_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw ConfigError("cannot read config file '" + path + "': it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError("cannot open config file '" + path + "': " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw ConfigError("cannot read config file '" + path + "': " + std::strerror(errno));
  }
  Scenario scenario = load_string(text.str(), path);
  const std::string dir = std::filesystem::path(path).parent_path().string();
  for (auto& w : scenario.workloads) w.base_dir = dir;
  return scenario;
}

std::string_view default_scenario_text() { return builtin_text(kDefaultFile, "default scenario"); }

Scenario load_default() { return load_string(default_scenario_text(), std::string(kDefaultOrigin)); }

std::string_view sanity_scenario_text() { return builtin_text(kSanityFile, "sanity check"); }

Scenario load_sanity() {
  Scenario s = load_string(sanity_scenario_text(), std::string(kSanityOrigin));
  if (!s.check) s.check = CheckSettings{};
  return s;
}

}  // namespace clscope::config
