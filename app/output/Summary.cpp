#include "app/output/Summary.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "app/output/RequestSummary.hpp"
#include "core/CeilingsRecord.hpp"
#include "core/Report.hpp"
#include "core/Stats.hpp"
#include "workloads/Discovery.hpp"

namespace clscope::app {
namespace {

nlohmann::json opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

/// gethostname, as check's result has it (not metrics::local_host_name: the
/// fuzz build compiles this file without clscope::metrics).
std::string host_name() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

}  // namespace

std::vector<core::WorkloadSeries> session_series(const core::Session& session) {
  std::vector<core::WorkloadSeries> out;
  for (std::size_t i = 0; i < session.infos().size(); ++i) {
    core::WorkloadSeries s;
    s.info = session.infos()[i];
    s.windows = session.all_windows(static_cast<int>(i));
    s.solo = session.solo_phase(static_cast<int>(i));
    out.push_back(std::move(s));
  }
  return out;
}

WorkloadFigures workload_figures(const core::Session& session, int workload) {
  const std::vector<core::WorkloadSeries> all = session_series(session);
  const core::WorkloadSeries& series = all.at(static_cast<std::size_t>(workload));
  const core::WorkloadReport r = core::analyse_workload(
      series, session.ceilings(), core::AnalysisOptions{}, nullptr, all.size() > 1 ? &all : nullptr);
  WorkloadFigures f;
  f.unit = core::metric_unit(series.info.metric);
  f.windows = series.windows.size();
  std::vector<double> values;
  for (const auto& w : series.windows) {
    f.iterations += w.iterations;
    if (auto v = w.value(series.info.metric)) values.push_back(*v);
  }
  // Median after warm-up: the steady level when the analysis found one,
  // else the windows after the first timed one (and say which).
  if (r.steady) {
    f.median = r.steady->median;
    f.median_basis = "steady state";
    if (r.steady->ci_low && r.steady->ci_high) f.median_ci95 = {{*r.steady->ci_low, *r.steady->ci_high}};
  } else if (values.size() > 1) {
    f.median = core::median(std::span<const double>(values).subspan(1));
    f.median_basis = "no steady state found: windows after the first";
  } else if (!values.empty()) {
    f.median = values.front();
    f.median_basis = "a single window";
  }
  f.peak = r.peak;
  f.phase = r.phase;
  f.steady_at_s = r.steady_at_s;
  f.sustained_over_peak = r.sustained_over_peak;
  f.verdict = r.verdict;
  f.verdicts = r.verdicts;
  if (r.solo) f.solo_level = r.solo->value;
  return f;
}

void to_json(nlohmann::json& j, const WorkloadFigures& f) {
  j = {{"unit", f.unit},
       {"iterations", f.iterations},
       {"windows", f.windows},
       {"peak", opt(f.peak)},
       {"median", opt(f.median)},
       {"median_basis", f.median_basis},
       {"phase", core::phase_name(f.phase)},
       {"steady_at_s", opt(f.steady_at_s)},
       {"sustained_over_peak", opt(f.sustained_over_peak)},
       {"verdict", core::verdict_name(f.verdict)},
       {"solo_level", opt(f.solo_level)}};
  if (f.median_ci95) j["median_ci95"] = {(*f.median_ci95)[0], (*f.median_ci95)[1]};
  nlohmann::json timeline = nlohmann::json::array();
  for (const auto& span : f.verdicts)
    timeline.push_back({{"from_s", span.from_s}, {"to_s", span.to_s}, {"verdict", core::verdict_name(span.verdict)}});
  j["verdicts"] = timeline;
}

nlohmann::json run_summary_json(const RunController& run, const core::Session& session,
                                const workloads::DeviceInfo& device,
                                const std::string& platform, const std::string& platform_version,
                                const workloads::CeilingsResult* ceilings) {
  nlohmann::json j{{"type", "summary"}, {"schema", "clscope.run/1"}, {"host", host_name()}};
  j["device"] = workloads::to_json(device);
  j["device"]["platform"] = platform;
  j["device"]["platform_version"] = platform_version;
  if (ceilings) {
    core::CeilingsRecord record = ceilings->record;
    const auto snapshot = session.snapshot();
    core::apply_raises(record, session.ceilings(), snapshot ? snapshot->events : std::vector<core::Event>{});
    j["ceilings"] = record;
    const auto est = workloads::spec_estimates(device);
    j["spec_estimates"] = {{"compute_gflops", opt(est.compute_gflops)},
                           {"compute_basis", est.compute_basis}};
  }
  j["workloads"] = nlohmann::json::array();
  for (std::size_t i = 0; i < run.slots().size(); ++i) {
    const auto& slot = run.slots()[i];
    const auto st = slot.runner->status();
    const WorkloadFigures fig = workload_figures(session, static_cast<int>(i));
    nlohmann::json e = fig;
    e["name"] = slot.info.name;
    e["kind"] = slot.info.kind;
    e["state"] = workloads::run_state_name(st.state);
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
    add_request_summary(e, static_cast<int>(i), session);  // request workloads: latency, SLO
    j["workloads"].push_back(e);
  }
  return j;
}

std::string summary_text(const nlohmann::json& summary) {
  if (summary.is_null()) return {};
  std::string out = "summary (" + summary["device"]["name"].get<std::string>() + "):\n";
  for (const auto& w : summary["workloads"]) {
    auto f = [](const nlohmann::json& v) {
      if (!v.is_number()) return std::string("-");
      char b[64];
      std::snprintf(b, sizeof b, "%.2f", v.get<double>());
      return std::string(b);
    };
    char buf[320];
    std::snprintf(buf, sizeof buf, "  %-14s peak %10s  median %10s %-8s  %-9s %-14s %llu launches  %s\n",
                  w["name"].get<std::string>().c_str(), f(w["peak"]).c_str(),
                  f(w["median"]).c_str(), w["unit"].get<std::string>().c_str(),
                  w["phase"].get<std::string>().c_str(), w["verdict"].get<std::string>().c_str(),
                  static_cast<unsigned long long>(w["iterations"].get<std::uint64_t>()),
                  w["state"].get<std::string>().c_str());
    out += buf;
    if (w.contains("solo_level") && w["solo_level"].is_number())
      out += "    solo level " + f(w["solo_level"]) + " " + w["unit"].get<std::string>() +
             " (alone, before the workloads ran together)\n";
    out += request_summary_text(w);
  }
  if (summary.contains("ceilings") && summary["ceilings"].is_object())
    out += "  " + ceilings_line(summary["ceilings"]) + "\n";
  return out;
}

}  // namespace clscope::app

namespace clscope::app {

std::string ceilings_line(const nlohmann::json& c) {
  try {
    return "ceilings: " + core::ceilings_text(core::ceilings_record_from_any(c));
  } catch (const std::exception& e) {
    return std::string("ceilings: unreadable (") + e.what() + ")";
  }
}

}  // namespace clscope::app
