#include "workloads/SpecTable.hpp"

#include <cctype>
#include <cstdlib>
#include <regex>

namespace clscope::workloads {

// NVIDIA: FP32 cores per SM from the CUDA C++ Programming Guide, "Compute
// Capabilities" (table "Throughput of native arithmetic instructions",
// 32-bit floating-point add/multiply/multiply-add results per clock per SM),
// and the architecture whitepapers:
//   Kepler GK110 whitepaper (192 per SMX), Maxwell GM204 whitepaper (128 per
//   SMM), Pascal GP100 whitepaper (64 per SM, cc 6.0) and GP104 / GTX 1080
//   whitepaper (128 per SM, cc 6.1), Volta V100 whitepaper (64, cc 7.0),
//   Turing whitepaper (64, cc 7.5), Ampere GA100 whitepaper (64, cc 8.0),
//   GA102 whitepaper (128, cc 8.6: "2x FP32"), Ada AD102 whitepaper (128,
//   cc 8.9), Hopper H100 whitepaper (128 per SM, cc 9.0), Blackwell (128).
// Check: H100 SXM5 132 SMs x 1980 MHz x 128 x 2 = 66.9 TFLOP/s (NVIDIA: 67);
// A100 108 x 1410 x 64 x 2 = 19.5 (NVIDIA: 19.5); GTX 1080 20 x 1733 x 128 x 2
// = 8.87 (NVIDIA: 8.873); Tesla P100 SXM2 56 x 1480 x 64 x 2 = 10.6 (10.6).
std::optional<LaneRule> nvidia_lanes(int cc) {
  struct Row {
    int from, to;  // compute capability range, inclusive
    int lanes;
    const char* arch;
  };
  static constexpr Row kRows[] = {
      {30, 37, 192, "Kepler"},  {50, 53, 128, "Maxwell"}, {60, 60, 64, "Pascal GP100"},
      {61, 62, 128, "Pascal"},  {70, 72, 64, "Volta"},    {75, 75, 64, "Turing"},
      {80, 80, 64, "Ampere GA100"}, {86, 87, 128, "Ampere"}, {89, 89, 128, "Ada Lovelace"},
      {90, 90, 128, "Hopper"},  {100, 129, 128, "Blackwell"},
  };
  for (const auto& r : kRows)
    if (cc >= r.from && cc <= r.to)
      return LaneRule{r.lanes, "NVIDIA compute capability " + std::to_string(cc / 10) + "." +
                                   std::to_string(cc % 10) + " (" + r.arch + "): " +
                                   std::to_string(r.lanes) + " FP32 lanes per SM"};
  return std::nullopt;
}

// AMD, by gfx target (ROCm's OpenCL reports it as CL_DEVICE_NAME):
//   GCN 1-5 (gfx6xx-gfx906): 4 SIMD16 per CU = 64 lanes (AMD "GCN
//     Architecture" whitepaper; Vega ISA guide).
//   CDNA1 gfx908 (MI100), CDNA2 gfx90a (MI200): 64 lanes. AMD's MI100 and
//     MI250X datasheets give "FP32 vector" = CUs x clock x 128 FLOP; packed
//     FP32 (2x) is listed separately and not counted. Check: MI100 120 CUs x
//     1502 MHz x 64 x 2 = 23.1 TFLOP/s (AMD: 23.1); MI250X 220 x 1700 x 64 x 2
//     = 47.9 (AMD: 47.9).
//   CDNA3 gfx940/941/942 (MI300): AMD's MI300X datasheet counts packed FP32
//     dual issue in "FP32 vector": 163.4 TFLOP/s = 304 CUs x 2100 MHz x 128 x 2,
//     so 128 lanes (64 x 2 dual issue).
//   RDNA1/2 gfx10xx: 2 SIMD32 per CU = 64 lanes (RDNA whitepaper).
//   RDNA3 gfx11xx: 64 lanes with dual issue (VOPD), 128 as AMD counts its
//     peak: RX 7900 XTX 96 CUs x 2500 MHz x 128 x 2 = 61.4 TFLOP/s (AMD: 61.4).
//   RDNA4 gfx12xx: as RDNA3.
std::optional<LaneRule> amd_lanes(const std::string& device_name) {
  static const std::regex kGfx("gfx([0-9]{1,2})([0-9a-f])([0-9a-f])", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(device_name, m, kGfx)) return std::nullopt;
  const std::string target = m.str(0);
  const int major = std::atoi(m.str(1).c_str());
  const std::string rest = m.str(2) + m.str(3);
  auto rule = [&](int lanes, const std::string& arch) {
    return LaneRule{lanes, "AMD " + target + " (" + arch + "): " + std::to_string(lanes) +
                               " FP32 lanes per CU"};
  };
  if (major >= 6 && major <= 8) return rule(64, "GCN");
  if (major == 9) {
    if (rest == "08") return rule(64, "CDNA1, packed FP32 not counted");
    if (rest == "0a") return rule(64, "CDNA2, packed FP32 not counted");
    if (rest == "40" || rest == "41" || rest == "42" || rest == "50")
      return rule(128, "CDNA3, 64 x 2 dual-issue packed FP32");
    return rule(64, "GCN5 Vega");
  }
  if (major == 10) return rule(64, "RDNA1/2");
  if (major == 11) return rule(128, "RDNA3, 64 x 2 dual issue");
  if (major == 12) return rule(128, "RDNA4, 64 x 2 dual issue");
  return std::nullopt;
}

// Intel: each EU (Xe "vector engine") has 8 FP32 lanes: Gen9 two SIMD4 FPUs
// (Intel "The Compute Architecture of Intel Processor Graphics Gen9", §5.3.2:
// "16 32-bit floating-point operations per cycle" per EU incl. FMA), Xe-LP/HPG
// one SIMD8 FPU per EU (Intel Xe-HPG whitepaper; Arc A770 spec: 19.66 TFLOP/s
// = 512 EUs x 2400 MHz x 8 x 2). Check: HD Graphics 530 (Gen9 GT2) 24 EUs x
// 1150 MHz x 8 x 2 = 441.6 GFLOP/s (Intel: 441.6).
LaneRule intel_lanes() { return LaneRule{8, "Intel GPU: 8 FP32 lanes per EU"}; }

std::optional<LaneRule> fp32_lanes(const DeviceInfo& d) {
  if (d.nv_compute_capability) return nvidia_lanes(*d.nv_compute_capability);
  if (d.is_gpu() && (d.vendor.find("Advanced Micro Devices") != std::string::npos ||
                     d.vendor.find("AMD") != std::string::npos))
    return amd_lanes(d.name);
  if (d.is_gpu() && d.vendor.find("Intel") != std::string::npos) return intel_lanes();
  if (d.is_cpu() && d.native_vector_width_float > 0) {
    const int lanes = static_cast<int>(d.native_vector_width_float) * 2;
    return LaneRule{lanes, "CPU: native float vector width " +
                               std::to_string(d.native_vector_width_float) + " x 2 FMA ports"};
  }
  return std::nullopt;
}

}  // namespace clscope::workloads
