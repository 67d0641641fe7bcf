#include "core/RequestStats.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace clscope::core {

void RequestWindow::add(const RequestSample& s) {
  for (std::int64_t v : s.latency_ns) latency_ns.record(v);
  if (s.batch_size > 0) {
    if (batch_counts.size() < s.batch_size) batch_counts.resize(s.batch_size, 0);
    ++batch_counts[s.batch_size - 1];
  }
  arrived += s.arrived;
  dropped += s.dropped;
  timed_out += s.timed_out;
  depth_sum += s.depth_sum;
  depth_samples += s.depth_samples;
  depth_max = std::max(depth_max, s.depth_max);
}

void RequestWindow::merge(const RequestWindow& o) {
  latency_ns.merge(o.latency_ns);
  arrived += o.arrived;
  dropped += o.dropped;
  timed_out += o.timed_out;
  depth_sum += o.depth_sum;
  depth_samples += o.depth_samples;
  depth_max = std::max(depth_max, o.depth_max);
  if (batch_counts.size() < o.batch_counts.size()) batch_counts.resize(o.batch_counts.size(), 0);
  for (std::size_t i = 0; i < o.batch_counts.size(); ++i) batch_counts[i] += o.batch_counts[i];
}

std::uint64_t RequestWindow::batches() const {
  std::uint64_t n = 0;
  for (std::uint64_t c : batch_counts) n += c;
  return n;
}

std::optional<double> RequestWindow::mean_depth() const {
  if (depth_samples == 0) return std::nullopt;
  return static_cast<double>(depth_sum) / static_cast<double>(depth_samples);
}

void to_json(nlohmann::json& j, const RequestWindow& r) {
  j = {{"latency_ns", r.latency_ns},     {"arrived", r.arrived},
       {"dropped", r.dropped},           {"timed_out", r.timed_out},
       {"depth_sum", r.depth_sum},       {"depth_samples", r.depth_samples},
       {"depth_max", r.depth_max},       {"batch_counts", r.batch_counts}};
}

void from_json(const nlohmann::json& j, RequestWindow& r) {
  if (!j.is_object()) throw std::invalid_argument("requests: expected an object");
  const auto count = [&](const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_unsigned())
      throw std::invalid_argument(std::string("requests: field '") + key +
                                  "' missing or not a non-negative integer");
    return it->get<std::uint64_t>();
  };
  RequestWindow out;
  if (!j.contains("latency_ns")) throw std::invalid_argument("requests: field 'latency_ns' missing");
  out.latency_ns = j["latency_ns"].get<Histogram>();
  out.arrived = count("arrived");
  out.dropped = count("dropped");
  out.timed_out = count("timed_out");
  out.depth_sum = count("depth_sum");
  out.depth_samples = count("depth_samples");
  out.depth_max = count("depth_max");
  const auto it = j.find("batch_counts");
  if (it == j.end() || !it->is_array())
    throw std::invalid_argument("requests: field 'batch_counts' missing or not an array");
  for (const auto& c : *it) {
    if (!c.is_number_unsigned())
      throw std::invalid_argument("requests: 'batch_counts' holds a non-count");
    out.batch_counts.push_back(c.get<std::uint64_t>());
  }
  r = std::move(out);
}

}  // namespace clscope::core
