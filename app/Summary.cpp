#include "app/Summary.hpp"

#include <cstdio>

#include "app/RequestSummary.hpp"
#include "core/Stats.hpp"
#include "workloads/Discovery.hpp"

namespace clscope::app {

nlohmann::json run_summary_json(const RunController& run, const workloads::DeviceInfo& device) {
  nlohmann::json j{{"type", "summary"}, {"schema", "clscope.run/1"}};
  j["device"] = workloads::to_json(device);
  j["device"]["platform"] = run.device().platform_name();
  j["device"]["platform_version"] = run.device().platform_version();
  j["workloads"] = nlohmann::json::array();
  for (const auto& slot : run.slots()) {
    const auto st = slot.runner->status();
    std::vector<double> values;
    std::uint64_t iterations = 0;
    bool first = true;
    std::vector<double> after_first;
    for (const auto& w : slot.windows) {
      iterations += w.iterations;
      auto v = w.value(slot.info.metric);
      if (!v) continue;
      values.push_back(*v);
      if (!first) after_first.push_back(*v);
      first = false;
    }
    nlohmann::json e{{"name", slot.info.name},
                     {"kind", slot.info.kind},
                     {"unit", core::metric_unit(slot.info.metric)},
                     {"iterations", iterations},
                     {"windows", values.size()},
                     {"state", workloads::run_state_name(st.state)}};
    double best = 0;
    for (double v : values) best = std::max(best, v);
    e["best"] = values.empty() ? nlohmann::json(nullptr) : nlohmann::json(best);
    auto med = core::median(after_first.empty() ? values : after_first);
    e["median"] = med ? nlohmann::json(*med) : nlohmann::json(nullptr);
    if (st.setup) {
      e["setup"] = {{"description", st.setup->description},
                    {"build_ms", st.setup->build_ms},
                    {"first_launch_ms", st.setup->first_launch_ms},
                    {"calibration_ms", st.setup->calibration_ms},
                    {"verification", st.setup->verification},
                    {"bytes_per_launch", st.setup->bytes_per_launch},
                    {"ops_per_launch", st.setup->ops_per_launch},
                    {"zero_copy", st.setup->zero_copy},
                    {"resolved", st.setup->resolved}};
    }
    if (!st.error.empty()) e["error"] = st.error;
    if (!st.verify_after_result.empty()) e["verify_after"] = st.verify_after_result;
    add_request_summary(e, slot, run);  // request workloads: latency, SLO, interference
    j["workloads"].push_back(e);
  }
  return j;
}

std::string summary_text(const nlohmann::json& summary) {
  std::string out = "summary (" + summary["device"]["name"].get<std::string>() + "):\n";
  for (const auto& w : summary["workloads"]) {
    char buf[256];
    auto num = [](const nlohmann::json& v) {
      return v.is_number() ? v.get<double>() : std::nan("");
    };
    std::snprintf(buf, sizeof buf, "  %-14s best %10.2f  median %10.2f %-8s  %llu launches  %s\n",
                  w["name"].get<std::string>().c_str(), num(w["best"]), num(w["median"]),
                  w["unit"].get<std::string>().c_str(),
                  static_cast<unsigned long long>(w["iterations"].get<std::uint64_t>()),
                  w["state"].get<std::string>().c_str());
    out += buf;
    out += request_summary_text(w);
  }
  return out;
}

}  // namespace clscope::app
