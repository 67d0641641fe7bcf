// The `stream` workload kind: its keys onto StreamOptions.
#include "app/run/kinds/Kinds.hpp"
#include "app/run/kinds/KindSupport.hpp"
#include "workloads/Stream.hpp"

namespace clscope::app::kinds {

std::unique_ptr<workloads::Workload> make_stream(const config::WorkloadConfig& wc) {
  using namespace workloads;
  StreamOptions o;
  const std::string& op = wc.get_string("op");
  o.op = op == "copy" ? StreamOp::copy : op == "scale" ? StreamOp::scale
         : op == "add" ? StreamOp::add : StreamOp::triad;
  o.vec = static_cast<int>(wc.get_int("vec"));
  o.array_bytes = static_cast<std::uint64_t>(wc.get_int("size"));
  return std::make_unique<StreamWorkload>(common(wc), o);
}

}  // namespace clscope::app::kinds
