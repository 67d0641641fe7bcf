#include "core/PcieRate.hpp"

#include <cmath>

namespace clscope::core {
namespace {

struct Generation {
  double gts;       ///< signalling rate per lane
  double lane_gbs;  ///< data rate per lane and direction after encoding
};
// Gen1-2: 8b/10b; Gen3-5: 128b/130b; Gen6: PAM4 with FLIT (as commonly quoted).
constexpr Generation kGenerations[] = {{2.5, 0.25},   {5.0, 0.5},    {8.0, 0.985},
                                       {16.0, 1.969}, {32.0, 3.938}, {64.0, 7.56}};

}  // namespace

std::optional<int> pcie_gen_from_gts(double gts) {
  for (int i = 0; i < 6; ++i)
    if (std::fabs(gts - kGenerations[i].gts) < 0.05) return i + 1;
  return std::nullopt;
}

std::optional<double> pcie_lane_gbs(int gen) {
  if (gen < 1 || gen > 6) return std::nullopt;
  return kGenerations[gen - 1].lane_gbs;
}

std::optional<double> pcie_link_gbs(int gen, int width) {
  const auto lane = pcie_lane_gbs(gen);
  if (!lane || width < 1) return std::nullopt;
  return *lane * width;
}

}  // namespace clscope::core
