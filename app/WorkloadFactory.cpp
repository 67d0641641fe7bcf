#include "app/WorkloadFactory.hpp"

#include "workloads/Compute.hpp"
#include "workloads/Launch.hpp"
#include "workloads/Stream.hpp"
#include "workloads/Transfer.hpp"

namespace clscope::app {
namespace {

workloads::CommonOptions common(const config::WorkloadConfig& wc) {
  workloads::CommonOptions c;
  c.name = wc.name;
  c.host_work_us = wc.get_number("host_work_us");
  c.host_sleep_us = wc.get_number("host_sleep_us");
  c.in_flight = static_cast<int>(wc.get_int("in_flight"));
  c.verify = wc.get_bool("verify");
  c.seed = static_cast<std::uint64_t>(wc.get_int("seed"));
  return c;
}

}  // namespace

std::unique_ptr<workloads::Workload> make_workload(const config::WorkloadConfig& wc) {
  using namespace workloads;
  if (wc.kind == "stream") {
    StreamOptions o;
    const std::string& op = wc.get_string("op");
    o.op = op == "copy" ? StreamOp::copy : op == "scale" ? StreamOp::scale
           : op == "add" ? StreamOp::add : StreamOp::triad;
    o.vec = static_cast<int>(wc.get_int("vec"));
    o.array_bytes = static_cast<std::uint64_t>(wc.get_int("size"));
    return std::make_unique<StreamWorkload>(common(wc), o);
  }
  if (wc.kind == "compute") {
    ComputeOptions o;
    const std::string& p = wc.get_string("precision");
    o.precision = p == "double" ? Precision::f64 : p == "half" ? Precision::f16 : Precision::f32;
    o.vec = static_cast<int>(wc.get_int("vec"));
    o.work_items = static_cast<std::uint64_t>(wc.get_int("work_items"));
    o.iters = static_cast<int>(wc.get_int("iters"));
    return std::make_unique<ComputeWorkload>(common(wc), o);
  }
  if (wc.kind == "transfer") {
    TransferOptions o;
    const std::string& d = wc.get_string("dir");
    o.dir = d == "d2h" ? TransferDir::d2h : d == "both" ? TransferDir::both : TransferDir::h2d;
    const std::string& m = wc.get_string("mode");
    o.mode = m == "pageable" ? TransferMode::pageable
             : m == "mapped" ? TransferMode::mapped : TransferMode::pinned;
    o.size = static_cast<std::uint64_t>(wc.get_int("size"));
    return std::make_unique<TransferWorkload>(common(wc), o);
  }
  if (wc.kind == "launch") {
    LaunchOptions o;
    o.work_items = static_cast<std::uint64_t>(wc.get_int("work_items"));
    return std::make_unique<LaunchWorkload>(common(wc), o);
  }
  throw config::ConfigError("workload kind '" + wc.kind + "' has no implementation");
}

}  // namespace clscope::app
