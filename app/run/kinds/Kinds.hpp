#pragma once
// One factory per workload kind, each in its own file (StreamKind.cpp, ...): it maps
// the kind's validated keys onto the workload's options. WorkloadFactory
// holds the table of kinds. Each throws config::ConfigError (exit 2).
#include <memory>

#include "config/Config.hpp"
#include "workloads/Workload.hpp"

namespace clscope::app::kinds {

std::unique_ptr<workloads::Workload> make_stream(const config::WorkloadConfig& wc);
std::unique_ptr<workloads::Workload> make_compute(const config::WorkloadConfig& wc);
std::unique_ptr<workloads::Workload> make_transfer(const config::WorkloadConfig& wc);
std::unique_ptr<workloads::Workload> make_launch(const config::WorkloadConfig& wc);
std::unique_ptr<workloads::Workload> make_gemm(const config::WorkloadConfig& wc);
std::unique_ptr<workloads::Workload> make_custom(const config::WorkloadConfig& wc);
std::unique_ptr<workloads::Workload> make_pipeline(const config::WorkloadConfig& wc);

}  // namespace clscope::app::kinds
