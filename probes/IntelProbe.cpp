#include "core/Time.hpp"
#include "probes/DeviceProbes.hpp"

namespace clscope::probes {
namespace {

// i915 and xe differ in where the GT frequency and throttle files live; the
// hwmon energy/power interface is shared.
struct IntelLayout {
  std::filesystem::path act, cur, max, rp0;  // MHz files
  std::filesystem::path throttle_dir;
  std::string throttle_prefix;               // "throttle_reason_" / "reason_"
  std::optional<std::filesystem::path> vram_total;
};

IntelLayout layout_for(const DrmCard& card) {
  IntelLayout l;
  if (card.driver == "xe") {
    const auto f = card.device_dir / "tile0" / "gt0" / "freq0";
    l.act = f / "act_freq";
    l.cur = f / "cur_freq";
    l.max = f / "max_freq";
    l.rp0 = f / "rp0_freq";
    l.throttle_dir = f / "throttle";
    l.throttle_prefix = "reason_";
    l.vram_total = card.device_dir / "tile0" / "physical_vram_size_bytes";
  } else {
    l.act = card.card_dir / "gt_act_freq_mhz";
    l.cur = card.card_dir / "gt_cur_freq_mhz";
    l.max = card.card_dir / "gt_max_freq_mhz";
    l.rp0 = card.card_dir / "gt_RP0_freq_mhz";
    l.throttle_dir = card.card_dir / "gt" / "gt0";
    l.throttle_prefix = "throttle_reason_";
  }
  return l;
}

class IntelProbe final : public Probe {
 public:
  IntelProbe(const FsRoot& root, const DrmCard& card)
      : root_(root), card_(card), layout_(layout_for(card)), reader_(root.fs) {
    info_.pci = card.pci;
    info_.vendor = "Intel";
    info_.driver = card.driver;
    info_.name = card.card;
    // The set of reason files does not change while the driver is loaded.
    for (const auto& f : root.fs->list(layout_.throttle_dir)) {
      if (f.starts_with(layout_.throttle_prefix) && f != layout_.throttle_prefix + "status")
        reasons_.push_back(f);
    }
  }
  std::string name() const override { return card_.driver + ":" + card_.card; }
  std::string device() const override { return card_.pci ? card_.pci->to_string() : card_.card; }
  const DeviceInfo* device_info() const override { return &info_; }
  std::vector<std::string> measures() const override {
    return {metric::kCoreClockMhz, metric::kCoreClockMaxMhz, metric::kTempC, metric::kPowerW,
            metric::kPowerLimitW, metric::kEnergyJ, metric::kPcieGen, metric::kPcieWidth,
            metric::kPcieMaxGen, metric::kPcieMaxWidth, metric::kVramTotalBytes,
            metric::kThrottle};
  }

  Sample sample() noexcept override {
    return guarded_sample([this](Sample& s) { read(s); });
  }

 private:
  void clocks(Sample& s) {
    // act reads 0 while the GT is parked (RC6): the requested frequency is then
    // the best reading there is.
    auto act = reader_.integer(s, metric::kCoreClockMhz, layout_.act);
    if (act && *act > 0) {
      s.metrics[metric::kCoreClockMhz] = static_cast<double>(*act);
      s.sources[metric::kCoreClockMhz] = layout_.act.string();
    } else if (auto cur = reader_.try_text(layout_.cur); cur && parse_int(*cur)) {
      s.unavailable.erase(metric::kCoreClockMhz);
      s.metrics[metric::kCoreClockMhz] = static_cast<double>(*parse_int(*cur));
      s.sources[metric::kCoreClockMhz] =
          layout_.cur.string() + (act ? " (actual reads 0: GT parked)" : "");
    } else if (act) {
      s.miss(metric::kCoreClockMhz, Status::unavailable,
             layout_.act.string() + " reads 0 (GT parked) and " + layout_.cur.string() +
                 " is unreadable");
    }
    if (auto mx = reader_.try_text(layout_.max); mx && parse_int(*mx)) {
      s.metrics[metric::kCoreClockMaxMhz] = static_cast<double>(*parse_int(*mx));
      s.sources[metric::kCoreClockMaxMhz] = layout_.max.string();
    } else if (auto rp0 = reader_.integer(s, metric::kCoreClockMaxMhz, layout_.rp0)) {
      s.metrics[metric::kCoreClockMaxMhz] = static_cast<double>(*rp0);
      s.sources[metric::kCoreClockMaxMhz] = layout_.rp0.string();
    }
  }

  void throttle(Sample& s) {
    if (reasons_.empty()) {
      s.miss(metric::kThrottle, Status::unavailable,
             layout_.throttle_dir.string() + ": no " + layout_.throttle_prefix + "* files");
      return;
    }
    std::vector<std::string> active;
    bool any_read = false;
    for (const auto& f : reasons_) {
      int err = 0;
      auto t = reader_.try_text(layout_.throttle_dir / f, &err);
      if (!t) {
        s.miss_file(metric::kThrottle, layout_.throttle_dir / f, err);
        continue;
      }
      any_read = true;
      if (*t == "1") active.push_back(f.substr(layout_.throttle_prefix.size()));
    }
    if (any_read) {
      s.unavailable.erase(metric::kThrottle);
      s.lists[metric::kThrottle] = std::move(active);
      s.sources[metric::kThrottle] = (layout_.throttle_dir / (layout_.throttle_prefix + "*")).string();
    }
  }

  void hwmon(Sample& s) {
    if (!card_.hwmon_dir) {
      const std::string why = (card_.device_dir / "hwmon").string() +
                              ": no hwmon directory (integrated GPUs report power via RAPL)";
      for (const char* m : {metric::kTempC, metric::kPowerW, metric::kPowerLimitW, metric::kEnergyJ})
        s.miss(m, Status::unavailable, why);
      return;
    }
    const auto& hw = *card_.hwmon_dir;
    if (auto e = reader_.integer(s, metric::kEnergyJ, hw / "energy1_input")) {
      const double joules = static_cast<double>(*e) * 1e-6;
      s.metrics[metric::kEnergyJ] = joules;
      s.sources[metric::kEnergyJ] = (hw / "energy1_input").string();
      if (auto w = energy_.update(joules, s.t_ns)) {
        s.metrics[metric::kPowerW] = *w;
        s.sources[metric::kPowerW] = (hw / "energy1_input").string() + " (difference between samples)";
      } else {
        s.miss(metric::kPowerW, Status::unavailable, "needs two samples");
      }
    } else {
      s.miss(metric::kPowerW, s.unavailable[metric::kEnergyJ].status,
             s.unavailable[metric::kEnergyJ].reason);
    }
    if (auto p = reader_.integer(s, metric::kPowerLimitW, hw / "power1_max")) {
      s.metrics[metric::kPowerLimitW] = static_cast<double>(*p) * 1e-6;
      s.sources[metric::kPowerLimitW] = (hw / "power1_max").string();
    }
    // xe: temp2 is the package; i915 dGPUs and older xe only have temp1.
    for (const char* f : {"temp2_input", "temp1_input"}) {
      if (auto t = reader_.try_text(hw / f); t && parse_int(*t)) {
        s.metrics[metric::kTempC] = static_cast<double>(*parse_int(*t)) * 1e-3;
        s.sources[metric::kTempC] = (hw / f).string();
        break;
      }
    }
    if (!s.metrics.contains(metric::kTempC))
      s.miss(metric::kTempC, Status::unavailable, hw.string() + ": no temp2_input or temp1_input");
  }

  void read(Sample& s) {
    clocks(s);
    throttle(s);
    hwmon(s);
    if (layout_.vram_total) {
      if (auto v = reader_.integer(s, metric::kVramTotalBytes, *layout_.vram_total)) {
        s.metrics[metric::kVramTotalBytes] = static_cast<double>(*v);
        s.sources[metric::kVramTotalBytes] = layout_.vram_total->string();
      }
    } else {
      s.miss(metric::kVramTotalBytes, Status::unavailable, "not exposed by i915 sysfs");
    }
    put_pcie_link(s, read_pcie_link(root_, reader_, card_.device_dir));
    const std::string drv = card_.driver;
    s.miss(metric::kVramUsedBytes, Status::unavailable, "not exposed by " + drv + " sysfs");
    s.miss(metric::kMemClockMhz, Status::unavailable, "not exposed by " + drv + " sysfs");
    s.miss(metric::kMemClockMaxMhz, Status::unavailable, "not exposed by " + drv + " sysfs");
    s.miss(metric::kUtilPct, Status::unavailable,
           drv + " has no busy-percent file (engine busyness is per DRM client, in fdinfo)");
    s.miss(metric::kMemUtilPct, Status::unavailable, "not exposed by " + drv + " sysfs");
    s.miss(metric::kPcieRxMbps, Status::unavailable, "not exposed by " + drv + " sysfs");
    s.miss(metric::kPcieTxMbps, Status::unavailable, "not exposed by " + drv + " sysfs");
  }

  FsRoot root_;
  DrmCard card_;
  IntelLayout layout_;
  SysfsReader reader_;
  DeviceInfo info_;
  std::vector<std::string> reasons_;
  EnergyRate energy_;
};

}  // namespace

ProbePtr make_intel_probe(const FsRoot& root, const DrmCard& card) {
  return std::make_unique<IntelProbe>(root, card);
}

}  // namespace clscope::probes
