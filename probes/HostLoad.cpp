#include "probes/HostLoad.hpp"

#include <algorithm>

namespace clscope::probes {

std::optional<CpuTotals> parse_proc_stat_totals(std::string_view text) {
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    const auto f = split_ws(line);
    if (f.size() < 5 || f[0] != "cpu") continue;
    // user nice system idle iowait irq softirq steal [guest guest_nice]
    std::uint64_t v[8] = {};
    for (std::size_t i = 0; i < 8 && i + 1 < f.size(); ++i) {
      const auto n = parse_int(f[i + 1]);
      if (!n || *n < 0) return std::nullopt;
      v[i] = static_cast<std::uint64_t>(*n);
    }
    CpuTotals t;
    for (auto x : v) {
      if (t.total > UINT64_MAX - x) return std::nullopt;
      t.total += x;
    }
    t.idle = v[3] + v[4];
    t.steal = v[7];
    return t;
  }
  return std::nullopt;
}

std::optional<std::uint64_t> parse_pid_stat_cpu_ticks(std::string_view text) {
  const auto close = text.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  // After ") ": state(3) ppid(4) ... utime(14) stime(15): the 12th and 13th fields.
  const auto f = split_ws(text.substr(close + 1));
  if (f.size() < 13) return std::nullopt;
  const auto utime = parse_int(f[11]);
  const auto stime = parse_int(f[12]);
  if (!utime || !stime || *utime < 0 || *stime < 0) return std::nullopt;
  return static_cast<std::uint64_t>(*utime) + static_cast<std::uint64_t>(*stime);
}

HostLoadReading host_load_between(const CpuTotals& a, const CpuTotals& b, std::uint64_t own_ticks) {
  HostLoadReading r;
  if (b.total <= a.total || b.idle < a.idle || b.steal < a.steal) {
    r.missing = "no clock tick elapsed while measuring";
    return r;
  }
  const double total = static_cast<double>(b.total - a.total);
  const double idle = std::min(total, static_cast<double>(b.idle - a.idle));
  const double steal = std::min(total - idle, static_cast<double>(b.steal - a.steal));
  const double busy = total - idle - steal;
  r.others_busy = std::max(0.0, busy - static_cast<double>(own_ticks)) / total;
  r.steal = steal / total;
  return r;
}

HostLoadMeter::HostLoadMeter(FsRoot root, std::string self)
    : root_(std::move(root)), self_(std::move(self)) {
  start_ = read(start_missing_);
}

std::optional<HostLoadMeter::Counters> HostLoadMeter::read(std::string& why) {
  std::string text;
  const auto stat = root_.proc("stat");
  if (int err = root_.fs->read(stat, text); err != 0) {
    why = stat.string() + ": cannot read";
    return std::nullopt;
  }
  Counters c;
  const auto cpu = parse_proc_stat_totals(text);
  if (!cpu) {
    why = stat.string() + ": no aggregate cpu line";
    return std::nullopt;
  }
  c.cpu = *cpu;
  const auto own = root_.proc(self_ + "/stat");
  if (int err = root_.fs->read(own, text); err != 0) {
    why = own.string() + ": cannot read";
    return std::nullopt;
  }
  const auto ticks = parse_pid_stat_cpu_ticks(text);
  if (!ticks) {
    why = own.string() + ": no utime/stime";
    return std::nullopt;
  }
  c.own = *ticks;
  return c;
}

HostLoadReading HostLoadMeter::finish() {
  HostLoadReading r;
  if (!start_) {
    r.missing = start_missing_;
    return r;
  }
  std::string why;
  const auto end = read(why);
  if (!end) {
    r.missing = why;
    return r;
  }
  const std::uint64_t own = end->own >= start_->own ? end->own - start_->own : 0;
  return host_load_between(start_->cpu, end->cpu, own);
}

}  // namespace clscope::probes
