#include "config/CustomSpec.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

#include "config/Config.hpp"

namespace clscope::config {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t at = s.find(sep, start);
    out.push_back(trim(s.substr(start, at == std::string_view::npos ? s.npos : at - start)));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

bool valid_name(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

struct ScalarType {
  std::string_view name;
  std::size_t bytes;
  bool is_float;
  bool is_signed;
};
constexpr ScalarType kScalars[] = {
    {"char", 1, false, true},   {"uchar", 1, false, false}, {"short", 2, false, true},
    {"ushort", 2, false, false}, {"int", 4, false, true},    {"uint", 4, false, false},
    {"long", 8, false, true},   {"ulong", 8, false, false}, {"float", 4, true, true},
    {"double", 8, true, true},
};

const ScalarType* find_scalar(std::string_view name) {
  for (const auto& t : kScalars)
    if (t.name == name) return &t;
  return nullptr;
}

std::string scalar_names() {
  std::string out;
  for (const auto& t : kScalars) {
    if (!out.empty()) out += ", ";
    out += t.name;
  }
  return out;
}

}  // namespace

std::size_t scalar_type_bytes(std::string_view type) {
  const ScalarType* t = find_scalar(type);
  return t ? t->bytes : 0;
}

std::vector<BufferSpec> parse_buffers(std::string_view text) {
  std::vector<BufferSpec> out;
  if (trim(text).empty()) return out;
  std::set<std::string, std::less<>> names;
  for (std::string_view entry : split(text, ',')) {
    const std::string where = "buffer '" + std::string(entry) + "': ";
    const auto f = split(entry, ':');
    if (f.size() < 3 || f.size() > 4)
      throw ConfigError(where + "expected NAME:SIZE:INIT[:ACCESS], e.g. x:4MiB:random:read");
    BufferSpec b;
    b.name = std::string(f[0]);
    if (!valid_name(b.name))
      throw ConfigError(where + "name must be an identifier (letters, digits, _)");
    if (!names.insert(b.name).second) throw ConfigError(where + "buffer '" + b.name + "' given twice");
    const std::string_view init = f[2];
    if (init.substr(0, 5) == "file=") {
      b.init = "file";
      b.file = std::string(init.substr(5));
      if (b.file.empty()) throw ConfigError(where + "file= needs a path");
    } else if (init == "zero" || init == "random" || init == "random_int" || init == "sequence" ||
               init == "sequence_int") {
      b.init = std::string(init);
    } else {
      throw ConfigError(where + "INIT must be zero, random, random_int, sequence, sequence_int or "
                                "file=PATH, got '" + std::string(init) + "'");
    }
    try {
      b.bytes = parse_size(f[1]);
    } catch (const ConfigError& e) {
      throw ConfigError(where + e.what());
    }
    if (b.bytes == 0 && b.init != "file")
      throw ConfigError(where + "SIZE auto (or 0) is only allowed with file= contents");
    if (f.size() == 4) {
      if (f[3] != "read" && f[3] != "write" && f[3] != "read_write")
        throw ConfigError(where + "ACCESS must be read, write or read_write, got '" +
                          std::string(f[3]) + "'");
      b.access = std::string(f[3]);
    }
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<ArgSpec> parse_args(std::string_view text) {
  std::vector<ArgSpec> out;
  if (trim(text).empty()) return out;
  const auto items = split(text, ',');
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string_view item = items[i];
    const std::string where = "argument " + std::to_string(i) + " '" + std::string(item) + "': ";
    ArgSpec a;
    a.text = std::string(item);
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) {
      if (!valid_name(item))
        throw ConfigError(where + "expected a buffer name, TYPE:VALUE or local:SIZE");
      a.kind = ArgSpec::Kind::buffer;
      a.name = std::string(item);
      out.push_back(std::move(a));
      continue;
    }
    const std::string_view type = trim(item.substr(0, colon));
    const std::string_view value = trim(item.substr(colon + 1));
    if (type == "local") {
      a.kind = ArgSpec::Kind::local;
      try {
        a.local_bytes = parse_size(value);
      } catch (const ConfigError& e) {
        throw ConfigError(where + e.what());
      }
      if (a.local_bytes <= 0) throw ConfigError(where + "a local buffer needs a size > 0");
      out.push_back(std::move(a));
      continue;
    }
    const ScalarType* t = find_scalar(type);
    if (t == nullptr)
      throw ConfigError(where + "unknown type '" + std::string(type) + "' (known: " +
                        scalar_names() + ", local)");
    a.kind = ArgSpec::Kind::scalar;
    a.type = std::string(type);
    const char* b = value.data();
    const char* e = value.data() + value.size();
    const std::string bad = where + "'" + std::string(value) + "' is not a valid " + a.type;
    if (t->is_float) {
      double v = 0;
      auto [p, ec] = std::from_chars(b, e, v);
      if (value.empty() || ec != std::errc{} || p != e || !std::isfinite(v)) throw ConfigError(bad);
      if (t->bytes == 4 && std::fabs(v) > std::numeric_limits<float>::max())
        throw ConfigError(bad + " (out of range)");
      a.value = v;
    } else if (t->is_signed) {
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(b, e, v);
      if (value.empty() || ec != std::errc{} || p != e) throw ConfigError(bad);
      const std::int64_t hi = t->bytes == 8 ? std::numeric_limits<std::int64_t>::max()
                                            : (std::int64_t{1} << (8 * t->bytes - 1)) - 1;
      const std::int64_t lo = t->bytes == 8 ? std::numeric_limits<std::int64_t>::min() : -hi - 1;
      if (v < lo || v > hi)
        throw ConfigError(bad + " (range " + std::to_string(lo) + " .. " + std::to_string(hi) + ")");
      a.value = v;
    } else {
      std::uint64_t v = 0;
      auto [p, ec] = std::from_chars(b, e, v);
      if (value.empty() || ec != std::errc{} || p != e) throw ConfigError(bad);
      const std::uint64_t hi = t->bytes == 8 ? std::numeric_limits<std::uint64_t>::max()
                                             : (std::uint64_t{1} << (8 * t->bytes)) - 1;
      if (v > hi) throw ConfigError(bad + " (range 0 .. " + std::to_string(hi) + ")");
      a.value = v;
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<std::uint64_t> parse_dims(std::string_view text, bool allow_empty) {
  if (trim(text).empty()) {
    if (allow_empty) return {};
    throw ConfigError("expected 1 to 3 sizes like \"1048576\" or \"1024,1024\", got nothing");
  }
  std::vector<std::uint64_t> out;
  for (std::string_view part : split(text, ',')) {
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (part.empty() || ec != std::errc{} || p != part.data() + part.size() || v == 0)
      throw ConfigError("expected 1 to 3 positive sizes like \"1024,1024\", got '" +
                        std::string(text) + "'");
    out.push_back(v);
  }
  if (out.size() > 3) throw ConfigError("at most 3 dimensions, got " + std::to_string(out.size()));
  return out;
}

}  // namespace clscope::config
