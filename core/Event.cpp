#include "core/Event.hpp"

#include <stdexcept>

namespace clscope::core {

void to_json(nlohmann::json& j, const Event& e) {
  j = {{"t_s", e.t_s}, {"type", e.type},       {"workload", e.workload}, {"from", e.from},
       {"to", e.to},   {"off_gpu", e.off_gpu}, {"evidence", e.evidence}};
}

void from_json(const nlohmann::json& j, Event& e) {
  if (!j.is_object()) throw std::invalid_argument("event: expected an object");
  auto it = j.find("t_s");
  if (it == j.end() || !it->is_number())
    throw std::invalid_argument("event: 't_s' missing or not a number");
  e.t_s = it->get<double>();
  it = j.find("type");
  if (it == j.end() || !it->is_string())
    throw std::invalid_argument("event: 'type' missing or not a string");
  e.type = it->get<std::string>();
  auto str = [&](const char* key) {
    auto f = j.find(key);
    if (f == j.end() || f->is_null()) return std::string();
    if (!f->is_string())
      throw std::invalid_argument(std::string("event: '") + key + "' is not a string");
    return f->get<std::string>();
  };
  e.workload = str("workload");
  e.from = str("from");
  e.to = str("to");
  it = j.find("off_gpu");
  e.off_gpu = it != j.end() && it->is_boolean() && it->get<bool>();
  it = j.find("evidence");
  e.evidence = it != j.end() ? *it : nlohmann::json::object();
}

}  // namespace clscope::core
