// Reading clscope.run/1 defensively, as CheckResult.cpp reads checks: only
// the schema and the workloads array (entries with a name) are required.
#include "app/fleet/RunSummary.hpp"

#include <algorithm>

namespace clscope::fleet {

using detail::number;
using detail::text;

CheckResult parse_run_summary(const nlohmann::json& j, const std::string& source,
                              const std::string& where_in) {
  const std::string& where = where_in.empty() ? source : where_in;
  if (!j.is_object())
    throw ResultInputError(
        where + ": not a JSON object (expected a clscope run --headless --json summary)");
  const std::string schema = text(j, "schema");
  if (schema != kRunSchema)
    throw ResultInputError(where + ": schema is " +
                           (schema.empty() ? std::string("missing") : "'" + schema + "'") +
                           ", expected '" + kRunSchema + "'");
  auto workloads = j.find("workloads");
  if (workloads == j.end() || !workloads->is_array())
    throw ResultInputError(where + ": \"workloads\" must be an array");
  CheckResult r;
  r.schema = kRunSchema;
  r.source = source;
  r.host = text(j, "host");
  detail::read_device(j, r);
  if (auto p = j.find("program"); p != j.end() && p->is_object()) {
    if (auto argv = p->find("argv"); argv != p->end() && argv->is_array())
      for (const auto& a : *argv)
        r.program +=
            (r.program.empty() ? "" : " ") + (a.is_string() ? a.get<std::string>() : a.dump());
  }
  for (const auto& w : *workloads) {
    if (!w.is_object() || !w.contains("name") || !w["name"].is_string())
      throw ResultInputError(where + ": every entry of \"workloads\" needs a \"name\" (text)");
    CheckResultWorkload wl;
    wl.name = w["name"].get<std::string>();
    wl.kind = text(w, "kind");
    wl.unit = text(w, "unit");
    if (auto s = w.find("setup"); s != w.end() && s->is_object())
      if (auto res = s->find("resolved"); res != s->end() && res->is_object())
        for (const auto& [k, v] : res->items())
          wl.params.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
    std::sort(wl.params.begin(), wl.params.end());

    CheckResultItem item;
    item.name = wl.name;
    item.unit = wl.unit;
    item.value = number(w, "median");
    item.detail = text(w, "median_basis");
    if (text(w, "state") == "failed") {
      item.pass = false;
      const std::string error = text(w, "error");
      item.detail = error.empty() ? "state failed" : error;
    }
    r.items.push_back(std::move(item));
    if (auto lat = w.find("latency_ms"); lat != w.end() && lat->is_object()) {
      if (auto p99 = number(*lat, "p99")) {
        CheckResultItem l;
        l.name = wl.name + ".latency_p99";
        l.unit = "ms";
        l.value = p99;
        r.items.push_back(std::move(l));
      }
    }
    r.workloads.push_back(std::move(wl));
  }
  return r;
}

}  // namespace clscope::fleet
