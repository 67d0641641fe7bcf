#include "app/record/RecordingLoader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "app/output/RequestSummary.hpp"
#include "app/output/Summary.hpp"
#include "app/record/Records.hpp"
#include "app/run/program/AppSummary.hpp"
#include "core/WindowJson.hpp"

namespace clscope::app {

LoadedRun load_run(const std::string& path) {
  LoadedRun run;
  run.recording = core::read_recording(path);
  const auto& m = run.recording.manifest;
  std::map<std::string, std::size_t> index;
  auto add_workload = [&](const std::string& name, const std::string& kind) {
    if (index.count(name)) return index[name];
    core::WorkloadSeries s;
    s.info.name = name;
    s.info.kind = kind;
    index[name] = run.series.size();
    run.series.push_back(std::move(s));
    return run.series.size() - 1;
  };
  // The manifest is outside input: a workload entry that is not an object,
  // or a field of another type, is read as absent.
  auto text = [](const nlohmann::json& o, const char* key) {
    const auto it = o.is_object() ? o.find(key) : o.end();
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (m.contains("config") && m["config"].is_object() && m["config"].contains("workloads") &&
      m["config"]["workloads"].is_array())
    for (const auto& w : m["config"]["workloads"]) {
      if (!w.is_object()) continue;
      const std::size_t i = add_workload(text(w, "name"), text(w, "kind"));
      // A watch recording names its processes' metric here (no setup records).
      if (auto metric = core::metric_from_name(text(w, "metric")))
        run.series[i].info.metric = *metric;
    }
  if (m.contains("ceilings") && m["ceilings"].is_object()) {
    try {  // clscope.ceilings/1, or the flat ceilings of an older recording
      run.ceilings_record = core::ceilings_record_from_any(m["ceilings"]);
      run.ceilings = run.ceilings_record.values();
    } catch (const std::exception& e) {
      throw core::RecordingError(path + ": manifest: " + e.what());
    }
  }
  std::size_t line = 1;
  for (const auto& r : run.recording.records) {
    ++line;
    const std::string type = r.value("type", "");
    try {
      if (type == "setup") {
        const std::size_t i = add_workload(r.at("workload").get<std::string>(), r.value("kind", ""));
        if (auto metric = core::metric_from_name(r.value("metric", "")))
          run.series[i].info.metric = *metric;
        run.setups[run.series[i].info.name] = r;
        if (r.contains("slo_p99_ms") && r["slo_p99_ms"].is_number())
          run.series[i].info.slo_p99_ms = r["slo_p99_ms"].get<double>();
      } else if (type == "window") {
        const std::size_t i = add_workload(r.at("workload").get<std::string>(), "");
        nlohmann::json j = r;
        j["workload"] = static_cast<int>(i);
        run.series[i].windows.push_back(j.get<core::WindowStats>());
      } else if (type == record::kApp) {
        run.apps[r.at("workload").get<std::string>()].merge(r.at("figures").get<AppFigures>());
      } else if (type == record::kAppEnd) {
        run.app_ends[r.at("workload").get<std::string>()] = r;
      } else if (type == "event") {
        const std::string ev = r.value("event", "");
        if (ev == core::event_type::kSoloLevel) {
          // The solo phase is the raw fact; its level is recomputed (Report).
          const std::size_t i = add_workload(r.at("workload").get<std::string>(), "");
          const auto& evidence = r.at("evidence");
          run.series[i].solo =
              core::SoloPhase{evidence.at("from_s").get<double>(), evidence.at("to_s").get<double>()};
        } else if (ev == core::event_type::kMarker || ev == core::event_type::kError) {
          core::Event e;
          e.t_s = r.value("t_s", 0.0);
          e.type = ev;
          e.workload = r.value("workload", "");
          e.evidence = r.value("evidence", nlohmann::json::object());
          run.raw_events.push_back(e);
        }
      }
    } catch (const std::exception& e) {
      throw core::RecordingError(path + ": record " + std::to_string(line) + " (" + type +
                                 "): " + e.what());
    }
  }
  return run;
}

nlohmann::json report_json(const LoadedRun& run) {
  core::ReportAnalysis a = core::analyse(run.series, run.ceilings);
  nlohmann::json analysis = core::to_json(a);
  nlohmann::json j{{"schema", "clscope.report/1"}};
  j["manifest"] = run.recording.manifest;
  // The ceilings in force (clscope.ceilings/1): one a steady window beat is
  // "raised", its measured value kept beside (and a "ceiling-raised" event).
  core::CeilingsRecord ceilings = run.ceilings_record;
  core::apply_raises(ceilings, a.ceilings, a.events);
  j["ceilings"] = ceilings;
  j["workloads"] = analysis["workloads"];
  for (auto& w : j["workloads"]) {
    const std::string name = w.value("name", std::string());
    if (auto app = run.apps.find(name); app != run.apps.end()) {
      w.update(app_figures_json(app->second));
      // The program's end line as recorded: any field may be missing or of
      // another type (a const json's operator[] on a missing key is undefined).
      const auto field = [](const nlohmann::json& obj, const char* key) {
        return obj.is_object() && obj.contains(key) ? obj.at(key) : nlohmann::json();
      };
      auto end = run.app_ends.find(name);
      const nlohmann::json end_line = end != run.app_ends.end() ? end->second : nlohmann::json();
      w["exit_status"] = field(end_line, "exit_status");
      w["dropped_records"] = field(field(end_line, "channel"), "records_dropped");
    }
    auto it = run.setups.find(w.value("name", std::string()));
    if (it == run.setups.end()) continue;
    nlohmann::json setup = nlohmann::json::object();
    for (const char* k : {"description", "build_ms", "first_launch_ms", "calibration_ms",
                          "verification", "zero_copy", "resolved"})
      if (it->second.contains(k)) setup[k] = it->second[k];
    w["setup"] = setup;  // excluded from every figure above
  }
  std::vector<core::Event> events = a.events;
  events.insert(events.end(), run.raw_events.begin(), run.raw_events.end());
  std::stable_sort(events.begin(), events.end(),
                   [](const core::Event& x, const core::Event& y) { return x.t_s < y.t_s; });
  j["events"] = events;
  j["warnings"] = run.recording.warnings;
  return j;
}

std::string report_text(const nlohmann::json& r) {
  auto num = [](const nlohmann::json& v) { return v.is_number() ? v.get<double>() : std::nan(""); };
  std::string out;
  const auto& m = r["manifest"];
  // The manifest is outside input: a key of the wrong type reads as "?".
  auto text = [](const nlohmann::json& o, std::initializer_list<const char*> path) {
    const nlohmann::json* at = &o;
    for (const char* k : path) {
      if (!at->is_object() || !at->contains(k)) return std::string("?");
      at = &(*at)[k];
    }
    return at->is_string() ? at->get<std::string>() : std::string("?");
  };
  out += "recording: " + text(m, {"command_line"}) + "\n";
  if (m.is_object() && m.contains("opencl"))
    out += "device: " + text(m, {"opencl", "device", "name"}) + " (" +
           text(m, {"opencl", "platform_version"}) + ")\n";
  char buf[400];
  if (r.contains("ceilings") && r["ceilings"].is_object()) out += ceilings_line(r["ceilings"]) + "\n";
  out += "\n";
  for (const auto& w : r["workloads"]) {
    // Absent figures print as "-", never as a number. `at` reads a key of a
    // const object that may be missing (a setup record passed through from
    // the recording): operator[] on a const json would be undefined there.
    auto at = [](const nlohmann::json& o, const char* key) -> const nlohmann::json& {
      static const nlohmann::json missing;
      const auto it = o.is_object() ? o.find(key) : o.end();
      return o.is_object() && it != o.end() ? *it : missing;
    };
    auto f = [](const nlohmann::json& v, const char* spec) {
      if (!v.is_number()) return std::string("-");
      char b[64];
      std::snprintf(b, sizeof b, spec, v.get<double>());
      return std::string(b);
    };
    out += w.value("name", std::string()) + "  " + w.value("phase", std::string()) +
           "  steady at " + f(at(w, "steady_at_s"), "%.1f s") + "  peak " + f(at(w, "peak"), "%.2f") +
           "  steady median " + f(at(w, "steady_median"), "%.2f") + " " +
           w.value("unit", std::string()) + "  sustained/peak " +
           f(at(w, "sustained_over_peak"), "%.2f") + "  verdict " + w.value("verdict", std::string()) +
           "\n";
    out += request_summary_text(w);
    if (const auto& solo = at(w, "solo_level"); solo.is_object())
      out += "    solo level " + f(at(solo, "value"), "%.2f") + " " + w.value("unit", std::string()) +
             " (alone " + f(at(solo, "from_s"), "%.1f") + "-" + f(at(solo, "to_s"), "%.1f s") + ")\n";
    if (w.value("kind", std::string()) == "app") out += app_kernels_text(w);
    if (w.contains("setup") && w["setup"].contains("build_ms")) {
      const auto& st = w["setup"];
      out += "    setup (excluded): " + st.value("description", std::string()) + "; build " +
             f(at(st, "build_ms"), "%.0f ms") + ", first launch " +
             f(at(st, "first_launch_ms"), "%.1f ms") +
             "; " + st.value("verification", std::string()) + "\n";
    }
    for (const auto& v : w["verdicts"]) {
      std::snprintf(buf, sizeof buf, "    %7.1f - %7.1f s  %s\n", num(v["from_s"]), num(v["to_s"]),
                    v.value("verdict", std::string()).c_str());
      out += buf;
    }
  }
  out += "\nevents:\n";
  for (const auto& e : r["events"]) {
    std::snprintf(buf, sizeof buf, "  %7.1f s  %-16s %-12s %s%s%s\n", num(e["t_s"]),
                  e.value("type", std::string()).c_str(), e.value("workload", std::string()).c_str(),
                  e.value("from", std::string()).c_str(),
                  e.value("from", std::string()).empty() ? "" : " -> ",
                  e.value("to", std::string()).c_str());
    out += buf;
  }
  for (const auto& w : r["warnings"]) out += "warning: " + w.get<std::string>() + "\n";
  return out;
}

}  // namespace clscope::app
