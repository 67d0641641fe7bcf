#include <algorithm>

#include "core/Time.hpp"
#include "probes/DeviceProbes.hpp"

namespace clscope::probes {
namespace {

struct RaplZone {
  std::filesystem::path dir;
  double wrap_j = 0;
  EnergyRate rate;
};

// Value of "key : value" on the first /proc/cpuinfo line with that key.
std::string cpuinfo_field(std::string_view text, std::string_view key) {
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && trim(line.substr(0, colon)) == key)
      return std::string(trim(line.substr(colon + 1)));
  }
  return {};
}

class CpuDeviceProbe final : public Probe {
 public:
  explicit CpuDeviceProbe(const FsRoot& root) : root_(root), reader_(root.fs) {
    info_.is_cpu = true;
    info_.driver = "cpu";
    std::string cpuinfo;
    root.fs->read(root.proc("cpuinfo"), cpuinfo);  // unreadable: generic name below
    const auto vendor = cpuinfo_field(cpuinfo, "vendor_id");
    info_.vendor = vendor == "GenuineIntel" ? "Intel" : vendor == "AuthenticAMD" ? "AMD" : vendor;
    info_.name = cpuinfo_field(cpuinfo, "model name");
    if (info_.name.empty()) info_.name = "host CPU";
    hypervisor_ = (" " + cpuinfo_field(cpuinfo, "flags") + " ").find(" hypervisor ") != std::string::npos;

    const auto cpu_dir = root.sys("devices/system/cpu");
    for (const auto& n : root.fs->list(cpu_dir)) {
      if (!n.starts_with("cpu") || n.size() == 3 ||
          n.find_first_not_of("0123456789", 3) != std::string::npos)
        continue;
      if (root.fs->exists(cpu_dir / n / "cpufreq")) cpufreq_dirs_.push_back(cpu_dir / n / "cpufreq");
      if (root.fs->exists(cpu_dir / n / "thermal_throttle" / "package_throttle_count"))
        throttle_files_.push_back(cpu_dir / n / "thermal_throttle" / "package_throttle_count");
    }
    const auto powercap = root.sys("class/powercap");
    for (const auto& n : root.fs->list(powercap)) {
      // Top-level zones only ("intel-rapl:0"), not subzones ("intel-rapl:0:1").
      if (!n.starts_with("intel-rapl:") || n.find(':', 11) != std::string::npos) continue;
      RaplZone z;
      z.dir = powercap / n;
      if (auto t = reader_.try_text(z.dir / "max_energy_range_uj"); t && parse_int(*t))
        z.wrap_j = static_cast<double>(*parse_int(*t)) * 1e-6;
      rapl_.push_back(std::move(z));
    }
    const auto hwmon = root.sys("class/hwmon");
    for (const auto& n : root.fs->list(hwmon)) {
      auto name = reader_.try_text(hwmon / n / "name");
      if (name && (*name == "coretemp" || *name == "k10temp" || *name == "zenpower")) {
        temp_file_ = hwmon / n / "temp1_input";
        break;
      }
    }
  }
  std::string name() const override { return "cpu"; }
  std::string device() const override { return "cpu"; }
  const DeviceInfo* device_info() const override { return &info_; }
  std::vector<std::string> measures() const override {
    return {metric::kCoreClockMhz, metric::kCoreClockMaxMhz, metric::kTempC, metric::kPowerW,
            metric::kPowerLimitW, metric::kEnergyJ, metric::kThrottle};
  }
  std::chrono::milliseconds period() const override { return std::chrono::milliseconds(500); }

  Sample sample() noexcept override {
    return guarded_sample([this](Sample& s) { read(s); });
  }

 private:
  void clocks(Sample& s) {
    if (!cpufreq_dirs_.empty()) {
      double sum = 0, max = 0;
      int n = 0, nmax = 0;
      for (const auto& d : cpufreq_dirs_) {
        if (auto t = reader_.try_text(d / "scaling_cur_freq"); t && parse_int(*t)) {
          sum += static_cast<double>(*parse_int(*t)) / 1000.0;
          ++n;
        }
        if (auto t = reader_.try_text(d / "cpuinfo_max_freq"); t && parse_int(*t)) {
          max = std::max(max, static_cast<double>(*parse_int(*t)) / 1000.0);
          ++nmax;
        }
      }
      if (n > 0) {
        s.metrics[metric::kCoreClockMhz] = sum / n;
        s.sources[metric::kCoreClockMhz] =
            "cpufreq scaling_cur_freq, mean of " + std::to_string(n) + " CPUs";
      } else {
        reader_.text(s, metric::kCoreClockMhz, cpufreq_dirs_.front() / "scaling_cur_freq");
      }
      if (nmax > 0) {
        s.metrics[metric::kCoreClockMaxMhz] = max;
        s.sources[metric::kCoreClockMaxMhz] = "cpufreq cpuinfo_max_freq, highest CPU";
      } else {
        reader_.text(s, metric::kCoreClockMaxMhz, cpufreq_dirs_.front() / "cpuinfo_max_freq");
      }
      return;
    }
    const std::string no_cpufreq =
        root_.sys("devices/system/cpu").string() + "/cpu*/cpufreq: absent (no cpufreq driver)";
    s.miss(metric::kCoreClockMaxMhz, Status::unavailable, no_cpufreq);
    if (hypervisor_) {
      s.miss(metric::kCoreClockMhz, Status::unavailable,
             no_cpufreq + "; /proc/cpuinfo \"cpu MHz\" under a hypervisor is the nominal rate, "
                          "not a reading");
      return;
    }
    const auto path = root_.proc("cpuinfo");
    auto text = reader_.text(s, metric::kCoreClockMhz, path);
    if (!text) return;
    double sum = 0;
    int n = 0;
    std::string_view rest = *text;
    while (!rest.empty()) {
      const auto nl = rest.find('\n');
      const auto line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
      const auto colon = line.find(':');
      if (colon == std::string_view::npos || trim(line.substr(0, colon)) != "cpu MHz") continue;
      if (auto v = parse_double(line.substr(colon + 1))) {
        sum += *v;
        ++n;
      }
    }
    if (n > 0) {
      s.metrics[metric::kCoreClockMhz] = sum / n;
      s.sources[metric::kCoreClockMhz] =
          "/proc/cpuinfo \"cpu MHz\", mean of " + std::to_string(n) + " CPUs (no cpufreq)";
    } else {
      s.miss(metric::kCoreClockMhz, Status::unavailable,
             no_cpufreq + "; " + path.string() + " has no \"cpu MHz\" lines");
    }
  }

  void rapl(Sample& s) {
    if (rapl_.empty()) {
      const std::string why = root_.sys("class/powercap").string() +
                              "/intel-rapl:*: absent (no RAPL powercap interface)";
      for (const char* m : {metric::kEnergyJ, metric::kPowerW, metric::kPowerLimitW})
        s.miss(m, Status::unavailable, why);
      return;
    }
    double joules = 0, watts = 0, limit_w = 0;
    bool all_energy = true, all_power = true, any_limit = false;
    for (auto& z : rapl_) {
      const auto file = z.dir / "energy_uj";
      int err = 0;
      auto t = reader_.try_text(file, &err);
      auto uj = t ? parse_int(*t) : std::nullopt;
      if (!uj) {
        if (err == 0) err = EINVAL;
        // Linux ≥ 5.10 makes energy_uj root-only (a power side channel).
        std::string why = describe_error(file, err);
        if (status_from_errno(err) == Status::permission_denied)
          why += " (RAPL energy is root-only since Linux 5.10)";
        s.miss(metric::kEnergyJ, status_from_errno(err), why);
        s.miss(metric::kPowerW, status_from_errno(err), why);
        all_energy = all_power = false;
        continue;
      }
      const double j = static_cast<double>(*uj) * 1e-6;
      joules += j;
      if (auto w = z.rate.update(j, s.t_ns, z.wrap_j)) watts += *w;
      else all_power = false;
      if (auto l = reader_.try_text(z.dir / "constraint_0_power_limit_uw"); l && parse_int(*l)) {
        limit_w += static_cast<double>(*parse_int(*l)) * 1e-6;
        any_limit = true;
      }
    }
    const std::string src = root_.sys("class/powercap").string() + "/intel-rapl:*/";
    if (all_energy) {
      s.metrics[metric::kEnergyJ] = joules;
      s.sources[metric::kEnergyJ] = src + "energy_uj, " + std::to_string(rapl_.size()) + " package(s)";
      if (all_power) {
        s.metrics[metric::kPowerW] = watts;
        s.sources[metric::kPowerW] = src + "energy_uj (difference between samples)";
      } else {
        s.miss(metric::kPowerW, Status::unavailable, "needs two samples");
      }
    }
    if (any_limit) {
      s.metrics[metric::kPowerLimitW] = limit_w;
      s.sources[metric::kPowerLimitW] = src + "constraint_0_power_limit_uw";
    } else {
      s.miss(metric::kPowerLimitW, Status::unavailable,
             src + "constraint_0_power_limit_uw: unreadable");
    }
  }

  void temperature(Sample& s) {
    if (!temp_file_) {
      s.miss(metric::kTempC, Status::unavailable,
             root_.sys("class/hwmon").string() + ": no coretemp/k10temp/zenpower sensor");
      return;
    }
    if (auto v = reader_.integer(s, metric::kTempC, *temp_file_)) {
      s.metrics[metric::kTempC] = static_cast<double>(*v) * 1e-3;
      s.sources[metric::kTempC] = temp_file_->string();
    }
  }

  void throttle(Sample& s) {
    if (throttle_files_.empty()) {
      s.miss(metric::kThrottle, Status::unavailable,
             root_.sys("devices/system/cpu").string() +
                 "/cpu*/thermal_throttle: absent (no thermal throttle counters)");
      return;
    }
    std::int64_t total = 0;
    for (const auto& f : throttle_files_) {
      if (auto t = reader_.try_text(f); t && parse_int(*t)) total += *parse_int(*t);
    }
    if (prev_throttle_) {
      std::vector<std::string> active;
      if (total > *prev_throttle_) active.emplace_back("thermal");
      s.lists[metric::kThrottle] = std::move(active);
      s.sources[metric::kThrottle] = "thermal_throttle/package_throttle_count increase";
    } else {
      s.miss(metric::kThrottle, Status::unavailable, "needs two samples");
    }
    prev_throttle_ = total;
  }

  void read(Sample& s) {
    clocks(s);
    rapl(s);
    temperature(s);
    throttle(s);
    s.miss(metric::kUtilPct, Status::unavailable,
           "a CPU device shares the host's cores: see host.cpu cpu_busy_pct");
    for (const char* m : {metric::kMemClockMhz, metric::kMemClockMaxMhz, metric::kMemUtilPct})
      s.miss(m, Status::unavailable, "not exposed by Linux for host memory");
    for (const char* m : {metric::kPcieGen, metric::kPcieWidth, metric::kPcieMaxGen,
                          metric::kPcieMaxWidth, metric::kPcieRxMbps, metric::kPcieTxMbps})
      s.miss(m, Status::unavailable, "a CPU device has no PCIe link");
    for (const char* m : {metric::kVramUsedBytes, metric::kVramTotalBytes})
      s.miss(m, Status::unavailable, "a CPU device uses host memory: see host.memory");
  }

  FsRoot root_;
  SysfsReader reader_;
  DeviceInfo info_;
  bool hypervisor_ = false;
  std::vector<std::filesystem::path> cpufreq_dirs_;
  std::vector<std::filesystem::path> throttle_files_;
  std::vector<RaplZone> rapl_;
  std::optional<std::filesystem::path> temp_file_;
  std::optional<std::int64_t> prev_throttle_;
};

}  // namespace

ProbePtr make_cpu_device_probe(const FsRoot& root) { return std::make_unique<CpuDeviceProbe>(root); }

}  // namespace clscope::probes
