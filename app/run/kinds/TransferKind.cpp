// The `transfer` workload kind: its keys onto TransferOptions.
#include "app/run/kinds/Kinds.hpp"
#include "app/run/kinds/KindSupport.hpp"
#include "workloads/Transfer.hpp"

namespace clscope::app::kinds {

std::unique_ptr<workloads::Workload> make_transfer(const config::WorkloadConfig& wc) {
  using namespace workloads;
  TransferOptions o;
  const std::string& d = wc.get_string("dir");
  o.dir = d == "d2h" ? TransferDir::d2h : d == "both" ? TransferDir::both : TransferDir::h2d;
  const std::string& m = wc.get_string("mode");
  o.mode = m == "pageable" ? TransferMode::pageable
           : m == "mapped" ? TransferMode::mapped : TransferMode::pinned;
  o.size = static_cast<std::uint64_t>(wc.get_int("size"));
  return std::make_unique<TransferWorkload>(common(wc), o);
}

}  // namespace clscope::app::kinds
