#include "app/run/program/AppSummary.hpp"

#include <fmt/format.h>

namespace clscope::app {
namespace {

std::string num(const nlohmann::json& v, const char* spec) {
  return v.is_number() ? fmt::format(fmt::runtime(spec), v.get<double>()) : std::string("-");
}

}  // namespace

std::string app_kernels_text(const nlohmann::json& w, std::size_t max_kernels) {
  std::string out;
  if (w.contains("kernels") && !w["kernels"].empty()) {
    out += fmt::format("    {:<28} {:>8} {:>10} {:>10} {:>10} {:>10} {:>6}\n", "kernel", "count",
                       "total s", "mean us", "p50 us", "p99 us", "share");
    std::size_t n = 0;
    for (const auto& k : w["kernels"]) {
      if (n++ == max_kernels) {
        out += fmt::format("    ... {} more\n", w["kernels"].size() - max_kernels);
        break;
      }
      out += fmt::format("    {:<28} {:>8} {:>10} {:>10} {:>10} {:>10} {:>5}%\n",
                         k.value("name", std::string()), k.value("count", std::uint64_t{0}),
                         num(k["total_s"], "{:.4f}"), num(k["mean_us"], "{:.1f}"),
                         num(k["p50_us"], "{:.1f}"), num(k["p99_us"], "{:.1f}"),
                         num(k["share"].is_number() ? nlohmann::json(k["share"].get<double>() * 100) : k["share"], "{:.0f}"));
      if (k.contains("declared_bytes"))  // [app.kernel."NAME"]: its declared work over its device time
        out += fmt::format("      declared: {} GB/s, {} GFLOP/s over its device time\n", num(k["gbs"], "{:.3g}"),
                           num(k["gflops"], "{:.3g}"));
    }
  }
  if (w.contains("copies"))
    for (const auto& [dir, c] : w["copies"].items())
      out += fmt::format("    copies {}: {} commands, {} bytes, {} GB/s while copying\n", dir,
                         c.value("count", std::uint64_t{0}), num(c["bytes"], "{:.0f}"),
                         num(c["gbs"], "{:.2f}"));
  return out;
}

std::string app_summary_text(const nlohmann::json& s) {
  std::string out = "summary (program";
  const auto& p = s["program"];
  out += p["exit_status"].is_number() ? fmt::format(" exited {}", p["exit_status"].get<int>()) : "";
  out += "):\n";
  for (const auto& w : s["workloads"]) {
    out += fmt::format("  {:<14} {}  {}  {} commands in {} windows, peak {} cmd/s\n",
                       w.value("name", std::string()), w.value("phase", std::string()),
                       w.value("verdict", std::string()), w.value("commands", std::uint64_t{0}),
                       w.value("windows", std::uint64_t{0}), num(w["peak"], "{:.1f}"));
    for (const auto& v : w["verdicts"])
      out += fmt::format("    {:7.1f} - {:7.1f} s  {}\n", v.value("from_s", 0.0), v.value("to_s", 0.0),
                         v.value("verdict", std::string()));
    out += fmt::format("    host waits {} s, launch overhead p50: queued->submit {} us, submit->start {} us\n",
                       num(w["host_wait_s"], "{:.3f}"),
                       num(w["launch_overhead_us"]["queued_to_submit_p50"], "{:.1f}"),
                       num(w["launch_overhead_us"]["submit_to_start_p50"], "{:.1f}"));
    out += app_kernels_text(w);
    if (w.value("dropped_records", std::uint64_t{0}) > 0)
      out += fmt::format("    {} records dropped (channel full): the figures above miss them\n",
                         w["dropped_records"].get<std::uint64_t>());
  }
  if (p.contains("log")) out += "  program output: " + p["log"].get<std::string>() + "\n";
  return out;
}

}  // namespace clscope::app
