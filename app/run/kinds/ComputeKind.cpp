// The `compute` workload kind: its keys onto ComputeOptions.
#include "app/run/kinds/Kinds.hpp"
#include "app/run/kinds/KindSupport.hpp"
#include "workloads/Compute.hpp"

namespace clscope::app::kinds {

std::unique_ptr<workloads::Workload> make_compute(const config::WorkloadConfig& wc) {
  using namespace workloads;
  ComputeOptions o;
  const std::string& p = wc.get_string("precision");
  o.precision = p == "double" ? Precision::f64 : p == "half" ? Precision::f16 : Precision::f32;
  o.vec = static_cast<int>(wc.get_int("vec"));
  o.work_items = static_cast<std::uint64_t>(wc.get_int("work_items"));
  o.iters = static_cast<int>(wc.get_int("iters"));
  return std::make_unique<ComputeWorkload>(common(wc), o);
}

}  // namespace clscope::app::kinds
