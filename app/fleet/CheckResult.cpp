// Reading clscope.check/1 defensively: any field may be missing or of
// another type in a file from elsewhere; only the schema and the checks array
// are required.
#include "app/fleet/CheckResult.hpp"

#include <algorithm>
#include <cmath>

namespace clscope::fleet {
namespace detail {

std::string text(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_null()) return {};
  return it->dump();
}

std::optional<double> number(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number()) return std::nullopt;
  const double v = it->get<double>();
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<bool> boolean(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

void read_device(const nlohmann::json& j, CheckResult& r) {
  auto d = j.find("device");
  if (d == j.end()) return;
  if (d->is_object()) {
    r.device = text(*d, "name");
    r.driver = text(*d, "driver_version");
    r.platform = text(*d, "platform");
    r.platform_version = text(*d, "platform_version");
  } else if (d->is_string()) {
    r.device = d->get<std::string>();
  }
}

}  // namespace detail

using detail::boolean;
using detail::number;
using detail::text;

const CheckResultItem* CheckResult::item(const std::string& item_name) const {
  for (const auto& i : items)
    if (i.name == item_name) return &i;
  return nullptr;
}

CheckResult parse_check_result(const nlohmann::json& j, const std::string& source) {
  if (!j.is_object())
    throw ResultInputError(source + ": not a JSON object (expected a clscope check --json result)");
  const std::string schema = text(j, "schema");
  if (schema != kCheckSchema)
    throw ResultInputError(source + ": schema is " +
                           (schema.empty() ? std::string("missing") : "'" + schema + "'") +
                           ", expected '" + kCheckSchema + "' (make one with clscope check --json)");
  auto checks = j.find("checks");
  if (checks == j.end() || !checks->is_array())
    throw ResultInputError(source + ": \"checks\" must be an array");
  CheckResult r;
  r.source = source;
  r.host = text(j, "host");
  detail::read_device(j, r);
  r.pass = boolean(j, "pass");
  r.quick = boolean(j, "quick").value_or(false);
  r.workload_s = number(j, "workload_s");
  for (const auto& c : *checks) {
    if (!c.is_object() || !c.contains("name") || !c["name"].is_string())
      throw ResultInputError(source + ": every entry of \"checks\" needs a \"name\" (text)");
    CheckResultItem item;
    item.name = c["name"].get<std::string>();
    item.pass = boolean(c, "pass");
    item.value = number(c, "value");
    if (auto v = c.find("value"); v != c.end() && v->is_string()) item.text_value = v->get<std::string>();
    item.threshold = number(c, "threshold");
    item.unit = text(c, "unit");
    item.detail = text(c, "detail");
    r.items.push_back(std::move(item));
  }
  if (auto w = j.find("workloads"); w != j.end() && w->is_array()) {
    for (const auto& e : *w) {
      if (!e.is_object()) continue;
      CheckResultWorkload wl;
      wl.name = text(e, "name");
      wl.kind = text(e, "kind");
      if (auto p = e.find("params"); p != e.end() && p->is_object())
        for (const auto& [k, v] : p->items()) wl.params.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
      std::sort(wl.params.begin(), wl.params.end());
      r.workloads.push_back(std::move(wl));
    }
  }
  return r;
}

}  // namespace clscope::fleet
