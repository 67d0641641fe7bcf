#pragma once
// JSON (de)serialisation of WindowStats, the raw record of recordings: every
// field, optionals as null. from_json throws std::invalid_argument naming the
// field when a required field is missing or has the wrong type; optional
// fields may be missing or null. Request workloads' windows carry
// "requests_detail" (core::RequestWindow: latency histogram, drops, time-outs,
// queue depth, batch sizes); absent for other workloads.
#include <nlohmann/json.hpp>

#include "core/Window.hpp"

namespace clscope::core {

void to_json(nlohmann::json& j, const WindowStats& w);
void from_json(const nlohmann::json& j, WindowStats& w);

}  // namespace clscope::core
