#include "app/record/Records.hpp"

#include "core/WindowJson.hpp"
#include "probes/Report.hpp"

namespace clscope::app::record {

nlohmann::json setup_record(const WorkloadSetup& s) {
  if (s.kind == "app")  // an observed program: clscope built and launched nothing
    return {{"type", kSetup},
            {"workload", s.workload},
            {"kind", s.kind},
            {"metric", core::metric_name(s.metric)},
            {"slo_p99_ms", nullptr},
            {"description", s.setup.description},
            {"verification", s.setup.verification}};
  return {{"type", kSetup},
          {"workload", s.workload},
          {"kind", s.kind},
          {"metric", core::metric_name(s.metric)},
          {"slo_p99_ms", s.slo_p99_ms ? nlohmann::json(*s.slo_p99_ms) : nlohmann::json(nullptr)},
          {"description", s.setup.description},
          {"build_ms", s.setup.build_ms},
          {"first_launch_ms", s.setup.first_launch_ms},
          {"calibration_ms", s.setup.calibration_ms},
          {"verification", s.setup.verification},
          {"zero_copy", s.setup.zero_copy},
          {"resolved", s.setup.resolved}};
}

nlohmann::json window_record(const core::WindowStats& w, const std::string& workload_name) {
  nlohmann::json j = w;
  j["type"] = kWindow;
  j["workload"] = workload_name;
  return j;
}

nlohmann::json event_record(const core::Event& e) {
  nlohmann::json j = e;
  j["type"] = kEvent;
  j["event"] = e.type;
  return j;
}

nlohmann::json binding_record(const ThreadBinding& b) {
  return {{"type", kBinding},
          {"workload", b.workload},
          {"thread", b.thread},
          {"applied", b.result.applied},
          {"requested", b.result.requested},
          {"cpus", b.result.cpus},
          {"memory_nodes", b.result.memory_nodes},
          {"reason", b.result.reason}};
}

nlohmann::json watch_record(const watch::WatchRound& round) {
  nlohmann::json j = watch::round_json(round);
  j["type"] = kWatch;
  return j;
}

nlohmann::json probe_record(double t_s, const probes::SampleSet& set,
                            const probes::ProbeReading* device_reading) {
  nlohmann::json p{{"type", kProbe}, {"t_s", t_s}};
  if (device_reading) p["device"] = probes::sample_json(device_reading->sample);
  if (const auto* host = set.find("host.cpu")) p["host_cpu"] = probes::sample_json(host->sample);
  if (const auto* proc = set.find("process")) p["process"] = probes::sample_json(proc->sample);
  if (const auto* th = set.find("process.threads")) {
    // The workload threads ("cl:NAME") only: their CPU use and context
    // switches tell submission cost apart from the driver's threads.
    nlohmann::json threads = nlohmann::json::array();
    for (const auto& thread : th->sample.threads) {
      if (thread.name.rfind("cl:", 0) != 0) continue;
      nlohmann::json j{{"name", thread.name}, {"cpu_s", thread.cpu_s}};
      if (thread.cpu_pct) j["cpu_pct"] = *thread.cpu_pct;
      if (thread.voluntary_ctxt) j["voluntary_ctxt"] = *thread.voluntary_ctxt;
      if (thread.nonvoluntary_ctxt) j["nonvoluntary_ctxt"] = *thread.nonvoluntary_ctxt;
      threads.push_back(j);
    }
    p["threads"] = threads;
  }
  return p;
}

}  // namespace clscope::app::record
