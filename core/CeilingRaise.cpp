#include "core/CeilingRaise.hpp"

namespace clscope::core {
namespace {

/// The ceiling field that bounds `info`'s metric, and its name.
std::optional<double>* bounding_ceiling(Ceilings& c, const WorkloadInfo& info, const char*& name) {
  switch (info.metric) {
    case Metric::flops_per_s:
      name = "compute_gflops";
      return &c.compute_gflops;
    case Metric::bytes_per_s:
      if (info.kind == "transfer") {
        // The larger transfer ceiling is the one a transfer is judged against.
        const bool h2d = c.h2d_gbs && (!c.d2h_gbs || *c.h2d_gbs >= *c.d2h_gbs);
        name = h2d ? "h2d_gbs" : "d2h_gbs";
        return h2d ? &c.h2d_gbs : &c.d2h_gbs;
      }
      name = "mem_gbs";
      return &c.mem_gbs;
    default:
      return nullptr;
  }
}

}  // namespace

std::optional<Event> raise_exceeded_ceiling(Ceilings& ceilings, const WorkloadInfo& info,
                                            double t_s, double value) {
  const char* name = "";
  std::optional<double>* ceiling = bounding_ceiling(ceilings, info, name);
  if (!ceiling || !*ceiling || **ceiling <= 0) return std::nullopt;
  const double from = **ceiling;
  if (!(value > from * (1 + kCeilingRaiseMargin))) return std::nullopt;
  *ceiling = value;
  Event e;
  e.t_s = t_s;
  e.type = event_type::kCeilingRaised;
  e.workload = info.name;
  e.evidence = {{"ceiling", name}, {"from", from}, {"to", value}, {"ratio", value / from}};
  return e;
}

}  // namespace clscope::core
