#pragma once
// Maps a validated config::WorkloadConfig onto a workload object. The only
// place that knows both the config keys and the workload option structs.
#include <memory>
#include <optional>

#include "config/Config.hpp"
#include "workloads/Workload.hpp"

namespace clscope::app {

/// Throws config::ConfigError (exit 2): missing or unreadable files named by
/// the workload's keys, inconsistent parameters.
std::unique_ptr<workloads::Workload> make_workload(const config::WorkloadConfig& wc);

/// The latency objective of a request workload (pipeline `p99_ms` > 0), else nullopt.
std::optional<double> slo_p99_ms(const config::WorkloadConfig& wc);

}  // namespace clscope::app
