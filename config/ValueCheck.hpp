#pragma once
// Internal to the config module: turning raw values into schema-typed values.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/Config.hpp"

namespace clscope::config::detail {

/// A value checked against its key: `value` when ok, else `error` (no location,
/// no key name: callers add both).
struct Checked {
  std::optional<Value> value;
  std::string error;
};

/// Checks a value as TOML typed it: integers widen to numbers, nothing else converts.
Checked check_value(const KeySchema& key, const Value& raw);

/// Types and checks a value written as text (the --workload syntax).
Checked check_text(const KeySchema& key, std::string_view text);

/// What a key expects, for "expected X, got Y" messages ("an integer", ...).
std::string expected(const KeySchema& key);

/// "stream, compute, transfer, launch".
std::string known_kinds();
/// The keys of a kind (or of [run]), comma separated, in display order.
std::string known_keys(const std::vector<KeySchema>& keys);

/// A workload of `schema` with every key at its default.
WorkloadConfig default_workload(const KindSchema& schema);

}  // namespace clscope::config::detail
