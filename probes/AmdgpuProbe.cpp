#include <algorithm>

#include "core/Time.hpp"
#include "probes/DeviceProbes.hpp"

namespace clscope::probes {

DpmTable parse_pp_dpm(std::string_view text) {
  DpmTable t;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    // Skip an optional "N:" / "S:" level label, then the number before "Mhz".
    auto body = line;
    if (const auto colon = body.find(':'); colon != std::string_view::npos)
      body = trim(body.substr(colon + 1));
    const auto mhz = parse_leading_double(body);
    if (!mhz) continue;
    const auto unit = body.find_first_not_of("0123456789.");
    if (unit == std::string_view::npos) continue;
    const auto rest = body.substr(unit);
    if (!(rest.starts_with("Mhz") || rest.starts_with("MHz") || rest.starts_with("mhz"))) continue;
    t.max_mhz = std::max(t.max_mhz.value_or(*mhz), *mhz);
    if (rest.find('*') != std::string_view::npos) t.current_mhz = *mhz;
  }
  return t;
}

namespace {

class AmdgpuProbe final : public Probe {
 public:
  AmdgpuProbe(const FsRoot& root, const DrmCard& card)
      : root_(root), card_(card), reader_(root.fs) {
    info_.pci = card.pci;
    info_.vendor = "AMD";
    info_.driver = card.driver;
    info_.name = card.card;
  }
  std::string name() const override { return "amdgpu:" + card_.card; }
  std::string device() const override { return card_.pci ? card_.pci->to_string() : card_.card; }
  const DeviceInfo* device_info() const override { return &info_; }
  std::vector<std::string> measures() const override {
    return {metric::kCoreClockMhz, metric::kCoreClockMaxMhz, metric::kMemClockMhz,
            metric::kMemClockMaxMhz, metric::kTempC, metric::kPowerW, metric::kPowerLimitW,
            metric::kEnergyJ, metric::kUtilPct, metric::kMemUtilPct, metric::kPcieGen,
            metric::kPcieWidth, metric::kPcieMaxGen, metric::kPcieMaxWidth,
            metric::kVramUsedBytes, metric::kVramTotalBytes};
  }

  Sample sample() noexcept override {
    return guarded_sample([this](Sample& s) { read(s); });
  }

 private:
  void dpm(Sample& s, const char* file, const char* cur, const char* max) {
    const auto path = card_.device_dir / file;
    auto text = reader_.text(s, cur, path);
    if (!text) {
      s.miss(max, s.unavailable[cur].status, s.unavailable[cur].reason);
      return;
    }
    const auto t = parse_pp_dpm(*text);
    if (t.current_mhz) {
      s.metrics[cur] = *t.current_mhz;
      s.sources[cur] = path.string() + " (* level)";
    } else {
      s.miss(cur, Status::failed, path.string() + ": no current (*) level");
    }
    if (t.max_mhz) {
      s.metrics[max] = *t.max_mhz;
      s.sources[max] = path.string() + " (highest level)";
    } else {
      s.miss(max, Status::failed, path.string() + ": no levels");
    }
  }

  void scaled(Sample& s, const char* name, const std::filesystem::path& path, double scale) {
    if (auto v = reader_.integer(s, name, path)) {
      s.metrics[name] = static_cast<double>(*v) * scale;
      s.sources[name] = path.string();
    }
  }

  void read(Sample& s) {
    const auto& dev = card_.device_dir;
    dpm(s, "pp_dpm_sclk", metric::kCoreClockMhz, metric::kCoreClockMaxMhz);
    dpm(s, "pp_dpm_mclk", metric::kMemClockMhz, metric::kMemClockMaxMhz);
    scaled(s, metric::kUtilPct, dev / "gpu_busy_percent", 1.0);
    scaled(s, metric::kMemUtilPct, dev / "mem_busy_percent", 1.0);
    scaled(s, metric::kVramUsedBytes, dev / "mem_info_vram_used", 1.0);
    scaled(s, metric::kVramTotalBytes, dev / "mem_info_vram_total", 1.0);
    if (card_.hwmon_dir) {
      const auto& hw = *card_.hwmon_dir;
      scaled(s, metric::kTempC, hw / "temp1_input", 1e-3);
      // Newer kernels name the averaged reading power1_average, some parts
      // only have the instantaneous power1_input.
      int err = 0;
      if (auto t = reader_.try_text(hw / "power1_average", &err); t && parse_int(*t)) {
        s.metrics[metric::kPowerW] = static_cast<double>(*parse_int(*t)) * 1e-6;
        s.sources[metric::kPowerW] = (hw / "power1_average").string();
      } else {
        scaled(s, metric::kPowerW, hw / "power1_input", 1e-6);
      }
      scaled(s, metric::kPowerLimitW, hw / "power1_cap", 1e-6);
      if (auto e = reader_.try_text(hw / "energy1_input"); e && parse_int(*e)) {
        s.metrics[metric::kEnergyJ] = static_cast<double>(*parse_int(*e)) * 1e-6;
        s.sources[metric::kEnergyJ] = (hw / "energy1_input").string();
      } else {
        s.miss(metric::kEnergyJ, Status::unavailable,
               (hw / "energy1_input").string() + ": amdgpu exposes no energy counter here");
      }
    } else {
      const std::string why = (dev / "hwmon").string() + ": no hwmon directory";
      for (const char* m : {metric::kTempC, metric::kPowerW, metric::kPowerLimitW, metric::kEnergyJ})
        s.miss(m, Status::unavailable, why);
    }
    put_pcie_link(s, read_pcie_link(root_, reader_, dev));
    s.miss(metric::kPcieRxMbps, Status::unavailable,
           "amdgpu pcie_bw counts packets, not bytes: not reported");
    s.miss(metric::kPcieTxMbps, Status::unavailable,
           "amdgpu pcie_bw counts packets, not bytes: not reported");
    s.miss(metric::kThrottle, Status::unavailable,
           "amdgpu reports throttle status only in the binary gpu_metrics table (not decoded)");
  }

  FsRoot root_;
  DrmCard card_;
  SysfsReader reader_;
  DeviceInfo info_;
};

}  // namespace

ProbePtr make_amdgpu_probe(const FsRoot& root, const DrmCard& card) {
  return std::make_unique<AmdgpuProbe>(root, card);
}

}  // namespace clscope::probes
