#pragma once
// PCIe link rates: the one table of the project (probes, calibration's
// transfer estimate and the check's link item all read it).
#include <optional>

namespace clscope::core {

/// "2.5 GT/s" -> 1, 5 -> 2, 8 -> 3, 16 -> 4, 32 -> 5, 64 -> 6; nullopt otherwise.
std::optional<int> pcie_gen_from_gts(double gts);
/// PCIe transfer rate per lane, one direction, GB/s, after encoding overhead:
/// Gen1 0.25, Gen2 0.5, Gen3 0.985, Gen4 1.969, Gen5 3.938, Gen6 7.56.
/// nullopt for another generation.
std::optional<double> pcie_lane_gbs(int gen);
/// Theoretical one-direction rate of a gen x width link, GB/s; nullopt for an
/// unknown generation or a width below 1.
std::optional<double> pcie_link_gbs(int gen, int width);

}  // namespace clscope::core
