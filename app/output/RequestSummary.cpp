#include "app/output/RequestSummary.hpp"

#include <cstdio>

#include "core/RequestReport.hpp"

namespace clscope::app {

void add_request_summary(nlohmann::json& e, int workload, const core::Session& session) {
  const auto& info = session.infos().at(static_cast<std::size_t>(workload));
  const auto& windows = session.all_windows(workload);
  const auto merged = core::merge_requests(windows);
  if (!merged) {
    if (info.metric == core::Metric::requests_per_s) {
      e["latency_ms"] = nullptr;  // a request workload that completed nothing
      e["completed"] = 0;
    }
    return;
  }
  const core::LatencySummary s = core::summarize(*merged);
  const nlohmann::json j = core::to_json(s);
  for (const char* key : {"completed", "arrived", "dropped", "timed_out", "latency_ms",
                          "queue_depth", "batch_size"})
    e[key] = j[key];
  if (info.slo_p99_ms) e["slo"] = core::to_json(core::evaluate_slo(*merged, *info.slo_p99_ms));
  std::vector<std::pair<std::string, const std::vector<core::WindowStats>*>> others;
  for (std::size_t i = 0; i < session.infos().size(); ++i)
    if (static_cast<int>(i) != workload)
      others.emplace_back(session.infos()[i].name, &session.all_windows(static_cast<int>(i)));
  if (!others.empty())
    e["interference"] = core::to_json(
        core::split_by_background(windows, info.metric, others, session.ceilings()), info.slo_p99_ms);
}

namespace {

std::string ms(const nlohmann::json& v) {
  if (!v.is_number()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v.get<double>());
  return buf;
}

std::string latency_line(const nlohmann::json& l) {
  if (!l.is_object()) return "no request completed";
  return "p50 " + ms(l["p50"]) + "  p90 " + ms(l["p90"]) + "  p99 " + ms(l["p99"]) +
         "  p99.9 " + ms(l["p999"]) + "  max " + ms(l["max"]) + " ms";
}

std::string slo_text(const nlohmann::json& slo) {
  if (!slo.is_object()) return "";
  return "; SLO p99 <= " + ms(slo["p99_ms"]) + " ms: " + (slo["met"].get<bool>() ? "met" : "MISSED");
}

}  // namespace

std::string request_summary_text(const nlohmann::json& w) {
  if (!w.contains("latency_ms")) return {};
  std::string out = "    latency  " + latency_line(w["latency_ms"]) +
                    slo_text(w.value("slo", nlohmann::json())) + "\n";
  if (w.contains("completed") && w.contains("arrived")) {
    out += "    requests " + std::to_string(w["completed"].get<std::uint64_t>()) + " completed of " +
           std::to_string(w["arrived"].get<std::uint64_t>()) + " arrived, " +
           std::to_string(w["dropped"].get<std::uint64_t>()) + " dropped, " +
           std::to_string(w["timed_out"].get<std::uint64_t>()) + " timed out; queue depth mean " +
           ms(w["queue_depth"]["mean"]) + " max " +
           std::to_string(w["queue_depth"]["max"].get<std::uint64_t>()) + "; batch mean " +
           ms(w["batch_size"]["mean"]) + "\n";
  }
  if (w.contains("interference")) {
    const auto& i = w["interference"];
    for (const char* group : {"alone", "with_background"}) {
      const auto& g = i[group];
      out += std::string("    ") + (group[0] == 'a' ? "alone          " : "with background") +
             " (" + std::to_string(g["windows"].get<std::size_t>()) + " windows): " +
             latency_line(g["latency_ms"]) + slo_text(g.value("slo", nlohmann::json())) +
             "; verdict " + g["verdict"].get<std::string>() + "\n";
    }
  }
  return out;
}

}  // namespace clscope::app
