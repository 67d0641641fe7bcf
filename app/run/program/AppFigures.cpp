#include "app/run/program/AppFigures.hpp"

#include <algorithm>
#include <vector>

namespace clscope::app {
namespace {

nlohmann::json opt(const std::optional<double>& v, double scale) {
  return v ? nlohmann::json(*v * scale) : nlohmann::json(nullptr);
}

}  // namespace

void AppFigures::merge(const AppFigures& o) {
  for (const auto& [name, h] : o.kernels) kernels[name].merge(h);
  for (const auto& [name, w] : o.kernel_work) {
    kernel_work[name].bytes += w.bytes;
    kernel_work[name].flops += w.flops;
  }
  for (const auto& [dir, c] : o.copies) {
    auto& mine = copies[dir];
    mine.count += c.count;
    mine.bytes += c.bytes;
    mine.device_ns += c.device_ns;
  }
  queued_to_submit.merge(o.queued_to_submit);
  submit_to_start.merge(o.submit_to_start);
  host_wait_ns += o.host_wait_ns;
  commands += o.commands;
  failed_calls += o.failed_calls;
}

void to_json(nlohmann::json& j, const AppFigures& f) {
  nlohmann::json kernels = nlohmann::json::object();
  for (const auto& [name, h] : f.kernels) kernels[name] = h;
  nlohmann::json copies = nlohmann::json::object();
  for (const auto& [dir, c] : f.copies)
    copies[dir] = {{"count", c.count}, {"bytes", c.bytes}, {"device_ns", c.device_ns}};
  j = {{"kernels", kernels},
       {"copies", copies},
       {"queued_to_submit", f.queued_to_submit},
       {"submit_to_start", f.submit_to_start},
       {"host_wait_ns", f.host_wait_ns},
       {"commands", f.commands},
       {"failed_calls", f.failed_calls}};
  if (!f.kernel_work.empty()) {
    nlohmann::json work = nlohmann::json::object();
    for (const auto& [name, w] : f.kernel_work) work[name] = {{"bytes", w.bytes}, {"flops", w.flops}};
    j["kernel_work"] = work;
  }
}

void from_json(const nlohmann::json& j, AppFigures& f) {
  f = AppFigures{};
  for (const auto& [name, h] : j.at("kernels").items()) f.kernels[name] = h.get<core::Histogram>();
  for (const auto& [dir, c] : j.at("copies").items())
    f.copies[dir] = {c.at("count").get<std::uint64_t>(), c.at("bytes").get<double>(),
                     c.at("device_ns").get<std::int64_t>()};
  f.queued_to_submit = j.at("queued_to_submit").get<core::Histogram>();
  f.submit_to_start = j.at("submit_to_start").get<core::Histogram>();
  f.host_wait_ns = j.value("host_wait_ns", std::int64_t{0});
  f.commands = j.value("commands", std::uint64_t{0});
  f.failed_calls = j.value("failed_calls", std::uint64_t{0});
  if (const auto it = j.find("kernel_work"); it != j.end() && it->is_object()) {  // declared kernels
    auto number = [](const nlohmann::json& w, const char* key) {
      const auto v = w.find(key);
      return v != w.end() && v->is_number() ? std::max(0.0, v->get<double>()) : 0.0;
    };
    for (const auto& [name, w] : it->items())
      if (w.is_object()) f.kernel_work[name] = {number(w, "bytes"), number(w, "flops")};
  }
}

std::vector<KernelSummary> kernel_summaries(const AppFigures& f) {
  auto total_s = [](const core::Histogram& h) { return h.mean().value_or(0) * static_cast<double>(h.count()) * 1e-9; };
  double all_kernel_s = 0;
  for (const auto& [name, h] : f.kernels) all_kernel_s += total_s(h);
  auto us = [](const std::optional<double>& ns) { return ns ? std::optional<double>(*ns * 1e-3) : std::nullopt; };
  std::vector<KernelSummary> rows;
  for (const auto& [name, h] : f.kernels) {
    KernelSummary k{name, h.count(), total_s(h), us(h.mean()), us(h.percentile(0.5)), us(h.percentile(0.99)),
                    std::nullopt};
    if (all_kernel_s > 0) k.share = k.total_s / all_kernel_s;
    if (const auto w = f.kernel_work.find(name); w != f.kernel_work.end() && k.total_s > 0) {
      k.gbs = w->second.bytes / k.total_s * 1e-9;
      k.gflops = w->second.flops / k.total_s * 1e-9;
    }
    rows.push_back(std::move(k));
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const KernelSummary& a, const KernelSummary& b) { return a.total_s > b.total_s; });
  return rows;
}

nlohmann::json app_figures_json(const AppFigures& f) {
  auto opt_json = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  std::vector<nlohmann::json> rows;
  for (const KernelSummary& k : kernel_summaries(f)) {
    rows.push_back({{"name", k.name},
                    {"count", k.count},
                    {"total_s", k.total_s},
                    {"mean_us", opt_json(k.mean_us)},
                    {"p50_us", opt_json(k.p50_us)},
                    {"p99_us", opt_json(k.p99_us)},
                    {"share", opt_json(k.share)}});
    if (const auto w = f.kernel_work.find(k.name); w != f.kernel_work.end()) {
      rows.back()["declared_bytes"] = w->second.bytes;
      rows.back()["declared_flops"] = w->second.flops;
      rows.back()["gbs"] = opt_json(k.gbs);
      rows.back()["gflops"] = opt_json(k.gflops);
    }
  }
  nlohmann::json copies = nlohmann::json::object();
  for (const auto& [dir, c] : f.copies) {
    const double s = static_cast<double>(c.device_ns) * 1e-9;
    copies[dir] = {{"count", c.count},
                   {"bytes", c.bytes},
                   {"total_s", s},
                   {"gbs", s > 0 ? nlohmann::json(c.bytes / s * 1e-9) : nlohmann::json(nullptr)}};
  }
  return {{"kernels", rows},
          {"copies", copies},
          {"launch_overhead_us",
           {{"queued_to_submit_p50", opt(f.queued_to_submit.percentile(0.5), 1e-3)},
            {"queued_to_submit_p99", opt(f.queued_to_submit.percentile(0.99), 1e-3)},
            {"submit_to_start_p50", opt(f.submit_to_start.percentile(0.5), 1e-3)},
            {"submit_to_start_p99", opt(f.submit_to_start.percentile(0.99), 1e-3)}}},
          {"host_wait_s", static_cast<double>(f.host_wait_ns) * 1e-9},
          {"commands", f.commands},
          {"failed_calls", f.failed_calls}};
}

}  // namespace clscope::app
