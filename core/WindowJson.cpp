#include <algorithm>
#include "core/WindowJson.hpp"

#include "core/RequestStats.hpp"

#include <stdexcept>
#include <string>

namespace clscope::core {
namespace {

nlohmann::json opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

const nlohmann::json& field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end())
    throw std::invalid_argument(std::string("window: field '") + key + "' missing");
  if (!it->is_number())
    throw std::invalid_argument(std::string("window: field '") + key + "' is not a number");
  return *it;
}

template <typename T>
T integer(const nlohmann::json& j, const char* key) {
  const nlohmann::json& v = field(j, key);
  if (!v.is_number_integer())
    throw std::invalid_argument(std::string("window: field '") + key + "' is not an integer");
  if constexpr (std::is_unsigned_v<T>) {
    if (v.is_number_unsigned()) return v.get<T>();
    if (v.get<std::int64_t>() < 0)
      throw std::invalid_argument(std::string("window: field '") + key + "' is negative");
  }
  return v.get<T>();
}

std::optional<double> optional_number(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_number())
    throw std::invalid_argument(std::string("window: field '") + key + "' is not a number or null");
  return it->get<double>();
}

}  // namespace

void to_json(nlohmann::json& j, const WindowStats& w) {
  j = {{"workload", w.workload},
       {"t_begin_s", w.t_begin_s},
       {"t_end_s", w.t_end_s},
       {"iterations", w.iterations},
       {"requests", w.requests},
       {"bytes", w.bytes},
       {"ops", w.ops},
       {"span_ns", w.span_ns},
       {"device_busy_ns", w.device_busy_ns},
       {"transfer_ns", w.transfer_ns},
       {"api_wall_ns", w.api_wall_ns},
       {"api_cpu_ns", w.api_cpu_ns},
       {"wait_wall_ns", w.wait_wall_ns},
       {"host_work_ns", w.host_work_ns},
       {"sleep_ns", w.sleep_ns},
       {"api_calls", w.api_calls},
       {"dispatch_us_p50", opt(w.dispatch_us_p50)},
       {"dispatch_us_p99", opt(w.dispatch_us_p99)},
       {"round_trip_us_p50", opt(w.round_trip_us_p50)},
       {"round_trip_us_p99", opt(w.round_trip_us_p99)}};
  if (w.request) j["requests_detail"] = *w.request;
  if (w.declared_bytes > 0) j["declared_bytes"] = w.declared_bytes;
  if (w.declared_ops > 0) j["declared_ops"] = w.declared_ops;
}

void from_json(const nlohmann::json& j, WindowStats& w) {
  if (!j.is_object()) throw std::invalid_argument("window: expected an object");
  w.workload = integer<int>(j, "workload");
  w.t_begin_s = field(j, "t_begin_s").get<double>();
  w.t_end_s = field(j, "t_end_s").get<double>();
  w.iterations = integer<std::uint64_t>(j, "iterations");
  w.requests = integer<std::uint64_t>(j, "requests");
  w.bytes = field(j, "bytes").get<double>();
  w.ops = field(j, "ops").get<double>();
  w.span_ns = integer<std::int64_t>(j, "span_ns");
  w.device_busy_ns = integer<std::int64_t>(j, "device_busy_ns");
  w.transfer_ns = integer<std::int64_t>(j, "transfer_ns");
  w.api_wall_ns = integer<std::int64_t>(j, "api_wall_ns");
  w.api_cpu_ns = integer<std::int64_t>(j, "api_cpu_ns");
  w.wait_wall_ns = integer<std::int64_t>(j, "wait_wall_ns");
  w.host_work_ns = integer<std::int64_t>(j, "host_work_ns");
  w.sleep_ns = integer<std::int64_t>(j, "sleep_ns");
  w.api_calls = integer<std::uint64_t>(j, "api_calls");
  w.dispatch_us_p50 = optional_number(j, "dispatch_us_p50");
  w.dispatch_us_p99 = optional_number(j, "dispatch_us_p99");
  w.round_trip_us_p50 = optional_number(j, "round_trip_us_p50");
  w.round_trip_us_p99 = optional_number(j, "round_trip_us_p99");
  w.declared_bytes = std::max(0.0, optional_number(j, "declared_bytes").value_or(0));
  w.declared_ops = std::max(0.0, optional_number(j, "declared_ops").value_or(0));
  w.request.reset();
  if (auto it = j.find("requests_detail"); it != j.end() && !it->is_null()) {
    try {
      w.request = it->get<RequestWindow>();
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string("window: field 'requests_detail': ") + e.what());
    }
  }
}

}  // namespace clscope::core
