#include "core/MetricCeiling.hpp"

#include <algorithm>

namespace clscope::core {
std::optional<double> metric_ceiling(const WorkloadInfo& info, const Ceilings& c) {
  switch (info.metric) {
    case Metric::flops_per_s:
      return c.compute_gflops;
    case Metric::bytes_per_s:
      if (info.kind == "transfer") {
        if (c.h2d_gbs && c.d2h_gbs) return std::max(*c.h2d_gbs, *c.d2h_gbs);
        return c.h2d_gbs ? c.h2d_gbs : c.d2h_gbs;
      }
      return c.mem_gbs;
    default:
      return std::nullopt;
  }
}
}  // namespace clscope::core
