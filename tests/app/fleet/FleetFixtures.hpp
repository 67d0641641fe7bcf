#pragma once
// Hand-made clscope.check/1 results for fleet tests: a healthy node's shape
// (the items and scenario of a quick sanity check on a GPU), with the
// numbers each test sets; and clscope.run/1 run summaries of the same node
// (stream and launch), alone or after tick lines as `run --headless --json`
// prints them.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace clscope::fleet::fixtures {

struct NodeSpec {
  std::string host;
  double memory_gbs = 100;
  double compute_gflops = 1000;
  double launch_per_s = 20000;
  double steady_s = 1.0;
  std::string link = "Gen4 x16";
  std::string driver = "535.104.05";
  std::string platform_version = "OpenCL 3.0 CUDA 12.2.140";
  std::string device = "NVIDIA A100-SXM4-40GB";
  std::string stream_size_mib = "512";
  bool memory_pass = true;
};

inline nlohmann::json check_result(const NodeSpec& s) {
  using nlohmann::json;
  auto item = [](const std::string& name, json value, const std::string& unit, json pass,
                 json threshold = nullptr) {
    return json{{"name", name},      {"pass", pass}, {"value", value}, {"threshold", threshold},
                {"unit", unit},      {"detail", ""}, {"criteria", json::array()}};
  };
  json j{{"schema", "clscope.check/1"},
         {"host", s.host},
         {"device",
          {{"name", s.device},
           {"driver_version", s.driver},
           {"platform", "NVIDIA CUDA"},
           {"platform_version", s.platform_version}}},
         {"pass", s.memory_pass},
         {"quick", true},
         {"workload_s", 2.5}};
  j["checks"] = json::array({
      item("device-idle", 0.0, "%", true, 10.0),
      item("pcie-link", s.link, "", true, "Gen4 x16"),
      item("memory-bandwidth", s.memory_gbs, "GB/s", s.memory_pass, 50.0),
      item("compute", s.compute_gflops, "GFLOP/s", true, 500.0),
      item("launch-rate", s.launch_per_s, "launches/s", true, 1000.0),
      item("throttle", nullptr, "", nullptr),
      item("steady-state", s.steady_s, "s", true, 5.0),
  });
  j["workloads"] = json::array({
      {{"name", "stream"}, {"kind", "stream"}, {"params", {{"op", "triad"}, {"size_mib", s.stream_size_mib}}}},
      {{"name", "compute"}, {"kind", "compute"}, {"params", json::object()}},
      {{"name", "launch"}, {"kind", "launch"}, {"params", {{"in_flight", "8"}}}},
  });
  return j;
}

struct RunSpec {
  std::string host;  ///< empty: no "host" field (a summary of an older clscope)
  double stream_gbs = 100;
  double launch_per_s = 20000;
  std::string stream_state = "stopped";
  std::string driver = "535.104.05";
  std::string device = "NVIDIA A100-SXM4-40GB";
  std::uint64_t stream_size = 536870912;
};

inline nlohmann::json run_summary(const RunSpec& s) {
  using nlohmann::json;
  auto workload = [](const std::string& name, const std::string& kind, const std::string& unit, double median,
                     const std::string& state, json resolved) {
    return json{{"name", name},
                {"kind", kind},
                {"unit", unit},
                {"iterations", 1000},
                {"windows", 10},
                {"peak", median * 1.02},
                {"median", median},
                {"median_basis", "steady state"},
                {"phase", "steady"},
                {"verdict", "memory-bound"},
                {"state", state},
                {"setup", {{"description", name}, {"resolved", resolved}}}};
  };
  json j{{"type", "summary"},
         {"schema", "clscope.run/1"},
         {"device",
          {{"name", s.device},
           {"driver_version", s.driver},
           {"platform", "NVIDIA CUDA"},
           {"platform_version", "OpenCL 3.0 CUDA 12.2.140"}}}};
  if (!s.host.empty()) j["host"] = s.host;
  j["workloads"] = json::array(
      {workload("stream", "stream", "GB/s", s.stream_gbs, s.stream_state,
                {{"op", "triad"}, {"vec", 4}, {"size", s.stream_size}, {"elements", s.stream_size / 16}}),
       workload("launch", "launch", "launch/s", s.launch_per_s, "stopped", {{"work_items", 1}})});
  if (s.stream_state == "failed") j["workloads"][0]["error"] = "CL_OUT_OF_RESOURCES";
  return j;
}

/// The text of `clscope run --headless --json`: tick lines, the summary last.
inline std::string run_output(const RunSpec& s) {
  std::string out;
  for (int i = 0; i < 3; ++i)
    out += nlohmann::json{{"type", "tick"}, {"t_s", 0.5 * (i + 1)}, {"workload", "stream"},
                          {"value", s.stream_gbs}, {"unit", "GB/s"}}.dump() + "\n";
  return out + run_summary(s).dump() + "\n";
}

}  // namespace clscope::fleet::fixtures
