#pragma once
// Maps a validated config::WorkloadConfig onto a workload object. The only
// place that knows both the config keys and the workload option structs.
#include <memory>

#include "config/Config.hpp"
#include "workloads/Workload.hpp"

namespace clscope::app {

std::unique_ptr<workloads::Workload> make_workload(const config::WorkloadConfig& wc);

}  // namespace clscope::app
