// The `gemm` workload kind: its keys onto GemmOptions.
#include "app/run/kinds/Kinds.hpp"
#include "app/run/kinds/KindSupport.hpp"
#include "workloads/Gemm.hpp"

namespace clscope::app::kinds {

std::unique_ptr<workloads::Workload> make_gemm(const config::WorkloadConfig& wc) {
  using namespace workloads;
  GemmOptions o;
  const auto size = static_cast<std::uint64_t>(wc.get_int("size"));
  auto dim = [&](const char* key) {
    const auto v = static_cast<std::uint64_t>(wc.get_int(key));
    return v ? v : size;
  };
  o.m = dim("m");
  o.n = dim("n");
  o.k = dim("k");
  o.tile = static_cast<int>(wc.get_int("tile"));
  return std::make_unique<GemmWorkload>(common(wc), o);
}

}  // namespace clscope::app::kinds
