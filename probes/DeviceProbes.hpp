#pragma once
// Device telemetry backends read from sysfs (through an FsRoot). All fill the
// standard metric names of Probe.hpp (metric::k*); what a device cannot report
// is listed in Sample::unavailable with the reason.
//
// amdgpu (per /sys/class/drm/cardN, files under device/):
//   core/mem clock  pp_dpm_sclk / pp_dpm_mclk, the "*" line (MHz); max = top level
//   util_pct        gpu_busy_percent;   mem_util_pct  mem_busy_percent (activity %)
//   vram_*_bytes    mem_info_vram_used / mem_info_vram_total (bytes)
//   temp_c          hwmon temp1_input (edge, m°C / 1000)
//   power_w         hwmon power1_average, else power1_input (µW / 1e6)
//   power_limit_w   hwmon power1_cap (µW / 1e6); energy_j hwmon energy1_input (µJ) if any
//   pcie_*          current/max_link_speed/width, slowest over upstream pcieport parents
// i915 (files under cardN/): gt_act_freq_mhz (gt_cur_freq_mhz while parked at 0),
//   max gt_max_freq_mhz else gt_RP0_freq_mhz; throttle gt/gt0/throttle_reason_*.
// xe (files under device/tile0/gt0/freq0/): act_freq (cur_freq at 0), max_freq
//   else rp0_freq; throttle freq0/throttle/reason_*; vram_total_bytes
//   device/tile0/physical_vram_size_bytes.
// i915 and xe: hwmon energy1_input (µJ) → energy_j, and power_w from the
//   difference between two samples (first sample: "needs two samples");
//   power_limit_w power1_max (µW); temp_c temp2_input (xe package) else temp1_input.
// CPU device (no PCI): core_clock_mhz = mean cpufreq scaling_cur_freq (kHz/1000)
//   over all CPUs, else /proc/cpuinfo "cpu MHz" on bare metal (under a hypervisor
//   that figure is the nominal rate, so it is reported unavailable); max
//   cpuinfo_max_freq; energy_j/power_w from RAPL powercap intel-rapl:N/energy_uj
//   (summed over packages, wraps at max_energy_range_uj; EACCES → permission
//   denied); power_limit_w constraint_0_power_limit_uw; temp_c from hwmon
//   coretemp/k10temp/zenpower temp1_input.
// Probes are not thread-safe (one sampler thread); construction does no I/O
// beyond what is described.
#include <string_view>

#include "probes/FsRoot.hpp"
#include "probes/Probe.hpp"
#include "probes/Sysfs.hpp"

namespace clscope::probes {

ProbePtr make_amdgpu_probe(const FsRoot& root, const DrmCard& card);
/// i915 or xe, chosen by card.driver.
ProbePtr make_intel_probe(const FsRoot& root, const DrmCard& card);
ProbePtr make_cpu_device_probe(const FsRoot& root);

/// One pp_dpm_* table: the current level ("*" line) and the highest level, MHz.
struct DpmTable {
  std::optional<double> current_mhz;
  std::optional<double> max_mhz;
};
/// Accepts "1: 1800Mhz *", "S: 500Mhz *" and "   875Mhz *" lines.
DpmTable parse_pp_dpm(std::string_view text);

}  // namespace clscope::probes
