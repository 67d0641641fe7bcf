// The --workload KIND[:key=value...] syntax, and workload naming.
#include <set>

#include "config/ValueCheck.hpp"
#include "config/Config.hpp"

namespace clscope::config {

WorkloadConfig parse_workload_spec(std::string_view spec) {
  const std::string prefix = "--workload " + std::string(spec) + ": ";
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t colon = spec.find(':', start);
    parts.push_back(spec.substr(start, colon == std::string_view::npos ? spec.npos : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.front().empty()) {
    throw ConfigError(prefix + "missing workload kind (known: " + detail::known_kinds() + ")");
  }
  const KindSchema* schema = find_schema(parts.front());
  if (schema == nullptr) {
    throw ConfigError(prefix + "unknown workload kind '" + std::string(parts.front()) +
                      "' (known: " + detail::known_kinds() + ")");
  }
  WorkloadConfig wc = detail::default_workload(*schema);
  wc.origin = "--workload " + std::string(spec);
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const std::string_view part = parts[i];
    const std::size_t eq = part.find('=');
    if (part.empty()) throw ConfigError(prefix + "empty key=value (two ':' in a row?)");
    if (eq == std::string_view::npos || eq == 0) {
      throw ConfigError(prefix + "expected key=value, got '" + std::string(part) + "'");
    }
    const std::string key(part.substr(0, eq));
    const KeySchema* ks = nullptr;
    for (const auto& k : schema->keys) {
      if (k.key == key) ks = &k;
    }
    if (ks == nullptr) {
      throw ConfigError(prefix + "unknown key '" + key + "' for kind '" + schema->kind +
                        "' (known: " + detail::known_keys(schema->keys) + ")");
    }
    if (!seen.insert(key).second) throw ConfigError(prefix + "key '" + key + "' given twice");
    auto result = detail::check_text(*ks, part.substr(eq + 1));
    if (!result.value) throw ConfigError(prefix + "key '" + key + "': " + result.error);
    wc.params[key] = std::move(*result.value);
    if (key == "name") wc.name = std::get<std::string>(wc.params[key]);
  }
  return wc;
}

void uniquify_names(std::vector<WorkloadConfig>& workloads) {
  // Names given explicitly are reserved first, so an explicit "stream#2" keeps
  // its name and an earlier duplicate "stream" becomes "stream#3".
  std::set<std::string> given;
  for (const auto& w : workloads) given.insert(w.name);
  std::set<std::string> taken;
  for (auto& w : workloads) {
    if (taken.insert(w.name).second) continue;
    for (int n = 2;; ++n) {
      std::string candidate = w.name + "#" + std::to_string(n);
      if (given.count(candidate) == 0 && taken.count(candidate) == 0) {
        w.name = candidate;
        w.params["name"] = candidate;
        taken.insert(std::move(candidate));
        break;
      }
    }
  }
}

}  // namespace clscope::config
