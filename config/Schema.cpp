// The value checks shared by the TOML loader and the --workload parser: each
// value against its key's schema (KindSchemas.cpp holds the table).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

#include "config/ValueCheck.hpp"
#include "config/Config.hpp"
#include "config/CustomSpec.hpp"

namespace clscope::config {
namespace {

constexpr std::int64_t kKiB = 1024;
constexpr unsigned kMaxCpuIndex = 65535;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

/// Strict decimal integer: optional sign, digits, nothing else.
std::optional<std::int64_t> parse_int(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t v = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
  return v;
}

std::string format_limit(double v) {
  if (std::nearbyint(v) == v && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<std::int64_t>(v));
  }
  return to_string(Value{v});
}

std::string got(const Value& v) {
  switch (v.index()) {
    case 0: return "a boolean";
    case 1: return "an integer";
    case 2: return "a float";
    default: return "a string";
  }
}

std::optional<std::string> range_error(const KeySchema& key, double v, const std::string& shown) {
  const bool below = key.min && v < *key.min;
  const bool above = key.max && v > *key.max;
  if (!below && !above) return std::nullopt;
  if (key.min && key.max) {
    return "must be between " + format_limit(*key.min) + " and " + format_limit(*key.max) +
           ", got " + shown;
  }
  if (key.min) return "must be >= " + format_limit(*key.min) + ", got " + shown;
  return "must be <= " + format_limit(*key.max) + ", got " + shown;
}

detail::Checked fail(std::string message) { return {std::nullopt, std::move(message)}; }

detail::Checked check_int(const KeySchema& key, std::int64_t v) {
  if (!key.choices.empty()) {
    const std::string shown = std::to_string(v);
    if (std::find(key.choices.begin(), key.choices.end(), shown) == key.choices.end()) {
      return fail("must be one of " + join(key.choices));
    }
  }
  if (auto err = range_error(key, static_cast<double>(v), std::to_string(v))) return fail(*err);
  return {Value{v}, {}};
}

}  // namespace

std::string_view type_name(Type t) {
  switch (t) {
    case Type::boolean: return "boolean";
    case Type::integer: return "integer";
    case Type::number: return "number";
    case Type::string: return "string";
    case Type::choice: return "choice";
    case Type::size: return "size";
  }
  return "?";
}

std::string to_string(const Value& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[64];
    auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    return ec == std::errc{} ? std::string(buf, ptr) : std::string("?");
  }
  return std::get<std::string>(v);
}

std::int64_t parse_size(std::string_view text) {
  const std::string t = lower(text);
  if (t == "auto") return 0;
  std::size_t digits = 0;
  while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits]))) ++digits;
  const std::string_view suffix = std::string_view(t).substr(digits);
  std::int64_t unit = 0;
  if (suffix.empty()) {
    unit = 1;
  } else if (suffix == "k" || suffix == "kib") {
    unit = kKiB;
  } else if (suffix == "m" || suffix == "mib") {
    unit = kKiB * kKiB;
  } else if (suffix == "g" || suffix == "gib") {
    unit = kKiB * kKiB * kKiB;
  }
  const std::string bad = "bad size '" + std::string(text) +
                          "': expected bytes with an optional K, M, G (or KiB, MiB, GiB) "
                          "suffix, or auto";
  if (digits == 0 || unit == 0) throw ConfigError(bad);
  std::int64_t count = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + digits, count);
  if (ec != std::errc{} || count > std::numeric_limits<std::int64_t>::max() / unit) {
    throw ConfigError("size '" + std::string(text) + "' is too large");
  }
  return count * unit;
}

std::vector<unsigned> parse_cpu_list(std::string_view text) {
  const std::string context = "bad CPU list '" + std::string(text) + "'";
  if (text.empty()) throw ConfigError(context + ": empty");
  auto index = [&](std::string_view part) {
    unsigned v = 0;
    const auto* end = part.data() + part.size();
    auto [ptr, ec] = std::from_chars(part.data(), end, v);
    if (part.empty() || ec != std::errc{} || ptr != end) {
      throw ConfigError(context + ": '" + std::string(part) + "' is not a CPU number");
    }
    if (v > kMaxCpuIndex) {
      throw ConfigError(context + ": CPU " + std::string(part) + " is above " +
                        std::to_string(kMaxCpuIndex));
    }
    return v;
  };
  std::set<unsigned> cpus;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view item = text.substr(start, comma - start);
    const std::size_t dash = item.find('-');
    if (dash == std::string_view::npos) {
      cpus.insert(index(item));
    } else {
      const unsigned first = index(item.substr(0, dash));
      const unsigned last = index(item.substr(dash + 1));
      if (last < first) {
        throw ConfigError(context + ": range '" + std::string(item) + "' is reversed");
      }
      for (unsigned c = first; c <= last; ++c) cpus.insert(c);
    }
    start = comma + 1;
  }
  return {cpus.begin(), cpus.end()};
}

namespace detail {

std::string expected(const KeySchema& key) {
  switch (key.type) {
    case Type::boolean: return "a boolean (true or false)";
    case Type::integer: return "an integer";
    case Type::number: return "a number";
    case Type::string: return "a string";
    case Type::choice: return "a string (one of " + join(key.choices) + ")";
    case Type::size: return "a size (integer bytes, or a string like \"64MiB\" or \"auto\")";
  }
  return "?";
}

Checked check_value(const KeySchema& key, const Value& raw) {
  const auto mismatch = [&] { return fail("expected " + expected(key) + ", got " + got(raw)); };
  switch (key.type) {
    case Type::boolean:
      if (!std::holds_alternative<bool>(raw)) return mismatch();
      return {raw, {}};
    case Type::integer:
      if (!std::holds_alternative<std::int64_t>(raw)) return mismatch();
      return check_int(key, std::get<std::int64_t>(raw));
    case Type::number: {
      double v = 0;
      if (const auto* i = std::get_if<std::int64_t>(&raw)) {
        v = static_cast<double>(*i);
      } else if (const auto* d = std::get_if<double>(&raw)) {
        v = *d;
      } else {
        return mismatch();
      }
      if (!std::isfinite(v)) return fail("must be a finite number, got " + to_string(Value{v}));
      if (auto err = range_error(key, v, to_string(raw))) return fail(*err);
      return {Value{v}, {}};
    }
    case Type::string: {
      const auto* s = std::get_if<std::string>(&raw);
      if (s == nullptr) return mismatch();
      if (key.validate != nullptr) {
        if (std::string err = key.validate(*s); !err.empty()) return fail(err);
      }
      return {raw, {}};
    }
    case Type::choice: {
      const auto* s = std::get_if<std::string>(&raw);
      if (s == nullptr) return mismatch();
      if (std::find(key.choices.begin(), key.choices.end(), *s) == key.choices.end()) {
        return fail("must be one of " + join(key.choices) + ", got '" + *s + "'");
      }
      return {raw, {}};
    }
    case Type::size: {
      std::int64_t bytes = 0;
      if (const auto* i = std::get_if<std::int64_t>(&raw)) {
        bytes = *i;
      } else if (const auto* s = std::get_if<std::string>(&raw)) {
        try {
          bytes = parse_size(*s);
        } catch (const ConfigError& e) {
          return fail(e.what());
        }
      } else {
        return mismatch();
      }
      if (auto err = range_error(key, static_cast<double>(bytes), to_string(raw))) {
        return fail(*err);
      }
      return {Value{bytes}, {}};
    }
  }
  return mismatch();
}

Checked check_text(const KeySchema& key, std::string_view text) {
  const std::string shown = "'" + std::string(text) + "'";
  switch (key.type) {
    case Type::boolean: {
      const std::string t = lower(text);
      if (t == "true" || t == "1" || t == "yes") return {Value{true}, {}};
      if (t == "false" || t == "0" || t == "no") return {Value{false}, {}};
      return fail("expected a boolean (true/false, 1/0, yes/no), got " + shown);
    }
    case Type::integer: {
      const auto v = parse_int(text);
      if (!v) return fail("expected an integer, got " + shown);
      return check_int(key, *v);
    }
    case Type::number: {
      if (const auto i = parse_int(text)) return check_value(key, Value{*i});
      double v = 0;
      std::string_view t = text;
      if (!t.empty() && t.front() == '+') t.remove_prefix(1);
      const auto* end = t.data() + t.size();
      auto [ptr, ec] = std::from_chars(t.data(), end, v);
      if (t.empty() || ec != std::errc{} || ptr != end) {
        return fail("expected a number, got " + shown);
      }
      return check_value(key, Value{v});
    }
    case Type::string:
    case Type::choice:
    case Type::size:
      return check_value(key, Value{std::string(text)});
  }
  return fail("unsupported key type");
}

std::string known_kinds() {
  std::vector<std::string> kinds;
  for (const auto& s : schemas()) kinds.push_back(s.kind);
  return join(kinds);
}

std::string known_keys(const std::vector<KeySchema>& keys) {
  std::vector<std::string> names;
  for (const auto& k : keys) names.push_back(k.key);
  return join(names);
}

WorkloadConfig default_workload(const KindSchema& schema) {
  WorkloadConfig wc;
  wc.kind = schema.kind;
  wc.name = schema.kind;
  for (const auto& key : schema.keys) wc.params[key.key] = key.default_value;
  return wc;
}

}  // namespace detail

namespace {

const Value& lookup(const WorkloadConfig& wc, const std::string& key) {
  const auto it = wc.params.find(key);
  if (it == wc.params.end()) {
    throw ConfigError("workload '" + wc.name + "' (kind '" + wc.kind + "'): no key '" + key + "'");
  }
  return it->second;
}

[[noreturn]] void wrong_type(const WorkloadConfig& wc, const std::string& key, const Value& v,
                             std::string_view want) {
  throw ConfigError("workload '" + wc.name + "' (kind '" + wc.kind + "'): key '" + key + "' holds " + got(v) + ", not " +
                    std::string(want));
}

}  // namespace

bool WorkloadConfig::get_bool(const std::string& key) const {
  const Value& v = lookup(*this, key);
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  wrong_type(*this, key, v, "a boolean");
}

std::int64_t WorkloadConfig::get_int(const std::string& key) const {
  const Value& v = lookup(*this, key);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  wrong_type(*this, key, v, "an integer");
}

double WorkloadConfig::get_number(const std::string& key) const {
  const Value& v = lookup(*this, key);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  wrong_type(*this, key, v, "a number");
}

std::string WorkloadConfig::resolve_path(const std::string& key) const {
  const std::string& p = get_string(key);
  if (p.empty() || p.front() == '/' || base_dir.empty()) return p;
  return base_dir + "/" + p;
}

const std::string& WorkloadConfig::get_string(const std::string& key) const {
  const Value& v = lookup(*this, key);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  wrong_type(*this, key, v, "a string");
}

}  // namespace clscope::config
