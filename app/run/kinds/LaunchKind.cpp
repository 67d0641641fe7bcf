// The `launch` workload kind: its keys onto LaunchOptions.
#include "app/run/kinds/Kinds.hpp"
#include "app/run/kinds/KindSupport.hpp"
#include "workloads/Launch.hpp"

namespace clscope::app::kinds {

std::unique_ptr<workloads::Workload> make_launch(const config::WorkloadConfig& wc) {
  using namespace workloads;
  LaunchOptions o;
  o.work_items = static_cast<std::uint64_t>(wc.get_int("work_items"));
  return std::make_unique<LaunchWorkload>(common(wc), o);
}

}  // namespace clscope::app::kinds
