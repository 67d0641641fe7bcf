#include "app/run/WorkloadFactory.hpp"

#include "app/run/kinds/Kinds.hpp"

namespace clscope::app {
namespace {

/// The workload kinds clscope can run: one entry each (config/Schema.cpp
/// lists their keys; app/run/kinds/ maps the keys onto each workload).
struct Kind {
  const char* name;
  std::unique_ptr<workloads::Workload> (*make)(const config::WorkloadConfig&);
};
constexpr Kind kKinds[] = {
    {"stream", kinds::make_stream},     {"compute", kinds::make_compute},
    {"transfer", kinds::make_transfer}, {"launch", kinds::make_launch},
    {"gemm", kinds::make_gemm},         {"custom", kinds::make_custom},
    {"pipeline", kinds::make_pipeline},
};

}  // namespace

std::optional<double> slo_p99_ms(const config::WorkloadConfig& wc) {
  if (wc.kind != "pipeline") return std::nullopt;
  const double v = wc.get_number("p99_ms");
  return v > 0 ? std::optional<double>(v) : std::nullopt;
}

std::unique_ptr<workloads::Workload> make_workload(const config::WorkloadConfig& wc) {
  for (const auto& kind : kKinds)
    if (wc.kind == kind.name) return kind.make(wc);
  throw config::ConfigError("workload kind '" + wc.kind + "' has no implementation");
}

}  // namespace clscope::app
