#include "probes/HostProbes.hpp"

#include <array>
#include <optional>

#include "core/Time.hpp"

namespace clscope::probes {
namespace {

constexpr const char* kNeedsTwo = "needs two samples";

// /proc/stat cpu line counters: user nice system idle iowait irq softirq steal.
// guest/guest_nice are already included in user/nice, so they are left out.
using CpuTicks = std::array<std::uint64_t, 8>;

std::optional<CpuTicks> parse_cpu_ticks(const std::vector<std::string_view>& f) {
  if (f.size() < 5) return std::nullopt;
  CpuTicks t{};
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i + 1 >= f.size()) break;  // older kernels lack steal etc.: 0 is the truth there
    const auto v = parse_int(f[i + 1]);
    if (!v || *v < 0) return std::nullopt;
    t[i] = static_cast<std::uint64_t>(*v);
  }
  return t;
}

std::uint64_t total(const CpuTicks& t) {
  std::uint64_t s = 0;
  for (auto v : t) s += v;
  return s;
}

class HostCpuProbe final : public Probe {
 public:
  explicit HostCpuProbe(const FsRoot& root) : file_(root.fs, root.proc("stat")) {}
  std::string name() const override { return "host.cpu"; }
  std::string device() const override { return "host"; }
  // /proc/stat moves in clock ticks (10 ms per CPU): shorter windows only add
  // quantisation noise, and the file is long on machines with many IRQs.
  std::chrono::milliseconds period() const override { return std::chrono::milliseconds(200); }
  std::vector<std::string> measures() const override {
    return {"cpu_busy_pct", "cpu_user_pct", "cpu_system_pct", "cpu_iowait_pct",
            "cpu_steal_pct", "cpu_idle_pct", "cpu<N>.busy_pct", "cpu<N>.steal_pct",
            "cpu_count", "procs_running", "procs_blocked", "ctxt_per_s"};
  }

  Sample sample() noexcept override {
    return guarded_sample([this](Sample& s) { read(s); }, "cpu_busy_pct");
  }

 private:
  void read(Sample& s) {
    if (const int err = file_.read(text_); err != 0) {
      s.miss_file("cpu_busy_pct", file_.path(), err);
      return;
    }
    std::map<std::string, CpuTicks> now;
    std::optional<std::int64_t> ctxt;
    std::string_view rest = text_;
    while (!rest.empty()) {
      const auto nl = rest.find('\n');
      const auto line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
      const auto f = split_ws(line);
      if (f.empty()) continue;
      if (f[0].starts_with("cpu")) {
        if (auto t = parse_cpu_ticks(f)) now.emplace(std::string(f[0]), *t);
      } else if (f.size() >= 2 && f[0] == "procs_running") {
        if (auto v = parse_int(f[1])) s.metrics["procs_running"] = static_cast<double>(*v);
      } else if (f.size() >= 2 && f[0] == "procs_blocked") {
        if (auto v = parse_int(f[1])) s.metrics["procs_blocked"] = static_cast<double>(*v);
      } else if (f.size() >= 2 && f[0] == "ctxt") {
        ctxt = parse_int(f[1]);
      }
    }
    if (!now.contains("cpu")) {
      s.miss("cpu_busy_pct", Status::failed, file_.path().string() + ": no aggregate cpu line");
      return;
    }
    s.metrics["cpu_count"] = static_cast<double>(now.size() - 1);
    const bool have_prev = !prev_.empty();
    if (!have_prev) {
      for (const char* m : {"cpu_busy_pct", "cpu_user_pct", "cpu_system_pct", "cpu_iowait_pct",
                            "cpu_steal_pct", "cpu_idle_pct", "ctxt_per_s"})
        s.miss(m, Status::unavailable, kNeedsTwo);
    }
    for (const auto& entry : now) {  // no structured binding: clang 14 cannot capture one
      const auto& key = entry.first;
      const CpuTicks& t = entry.second;
      const auto it = prev_.find(key);
      if (it == prev_.end()) continue;
      const CpuTicks& p = it->second;
      const std::uint64_t dt = total(t) - total(p);
      if (total(t) < total(p) || dt == 0) continue;  // no tick elapsed or counters reset
      auto d = [&](std::size_t i) { return t[i] >= p[i] ? static_cast<double>(t[i] - p[i]) : 0.0; };
      // 100·x/dt (not x·(100/dt)): exact tick counts then give exactly 100.
      const double total_ticks = static_cast<double>(dt);
      auto pct = [&](double ticks) { return 100.0 * ticks / total_ticks; };
      const double idle = d(3) + d(4);
      const double busy = total_ticks - idle;
      if (key == "cpu") {
        s.metrics["cpu_busy_pct"] = pct(busy);
        s.metrics["cpu_user_pct"] = pct(d(0) + d(1));
        s.metrics["cpu_system_pct"] = pct(d(2) + d(5) + d(6));
        s.metrics["cpu_iowait_pct"] = pct(d(4));
        s.metrics["cpu_steal_pct"] = pct(d(7));
        s.metrics["cpu_idle_pct"] = pct(d(3));
      } else {
        s.metrics[key + ".busy_pct"] = pct(busy);
        s.metrics[key + ".steal_pct"] = pct(d(7));
      }
    }
    if (have_prev && !s.metrics.contains("cpu_busy_pct"))
      s.miss("cpu_busy_pct", Status::unavailable, "no clock tick elapsed since the previous sample");
    if (ctxt && prev_ctxt_ && prev_t_ns_ && s.t_ns > prev_t_ns_) {
      s.metrics["ctxt_per_s"] = static_cast<double>(*ctxt - *prev_ctxt_) * 1e9 /
                                static_cast<double>(s.t_ns - prev_t_ns_);
    }
    prev_ = std::move(now);
    prev_ctxt_ = ctxt;
    prev_t_ns_ = s.t_ns;
  }

  CachedFile file_;
  std::string text_;
  std::map<std::string, CpuTicks> prev_;
  std::optional<std::int64_t> prev_ctxt_;
  std::int64_t prev_t_ns_ = 0;
};

class HostLoadProbe final : public Probe {
 public:
  explicit HostLoadProbe(const FsRoot& root) : file_(root.fs, root.proc("loadavg")) {}
  std::string name() const override { return "host.load"; }
  std::string device() const override { return "host"; }
  std::vector<std::string> measures() const override {
    return {"load1", "load5", "load15", "threads_runnable", "threads_total"};
  }
  std::chrono::milliseconds period() const override { return std::chrono::milliseconds(1000); }

  Sample sample() noexcept override {
    Sample s;
    s.t_ns = core::now_ns();
    try {
      if (const int err = file_.read(text_); err != 0) {
        s.miss_file("load1", file_.path(), err);
      } else {
        // "0.52 0.58 0.59 2/345 12345"
        const auto f = split_ws(text_);
        const char* names[] = {"load1", "load5", "load15"};
        for (std::size_t i = 0; i < 3 && i < f.size(); ++i) {
          if (auto v = parse_double(f[i])) s.metrics[names[i]] = *v;
        }
        if (f.size() >= 4) {
          const auto slash = f[3].find('/');
          if (slash != std::string_view::npos) {
            auto a = parse_int(f[3].substr(0, slash));
            auto b = parse_int(f[3].substr(slash + 1));
            if (a) s.metrics["threads_runnable"] = static_cast<double>(*a);
            if (b) s.metrics["threads_total"] = static_cast<double>(*b);
          }
        }
        if (s.metrics.empty())
          s.miss("load1", Status::failed, file_.path().string() + ": unexpected content");
      }
    } catch (const std::exception& e) {
      s.miss("load1", Status::failed, e.what());
    }
    s.settle("");
    return s;
  }

 private:
  CachedFile file_;
  std::string text_;
};

class HostPressureProbe final : public Probe {
 public:
  explicit HostPressureProbe(const FsRoot& root) {
    for (const char* r : {"cpu", "memory", "io"})
      files_.push_back({r, CachedFile(root.fs, root.proc(std::string("pressure/") + r)), {}});
  }
  std::string name() const override { return "host.pressure"; }
  std::string device() const override { return "host"; }
  std::vector<std::string> measures() const override {
    return {"psi_<cpu|memory|io>_<some|full>_avg10_pct", "psi_<res>_<kind>_avg60_pct",
            "psi_<res>_<kind>_avg300_pct", "psi_<res>_<kind>_stall_pct"};
  }
  std::chrono::milliseconds period() const override { return std::chrono::milliseconds(1000); }

  Sample sample() noexcept override {
    Sample s;
    s.t_ns = core::now_ns();
    try {
      for (auto& r : files_) read_one(s, r);
    } catch (const std::exception& e) {
      s.miss("psi", Status::failed, e.what());
    }
    prev_t_ns_ = s.t_ns;
    s.settle("");
    return s;
  }

 private:
  struct Resource {
    std::string name;
    CachedFile file;
    std::map<std::string, std::int64_t> prev_total_us;  // "some"/"full" → total
  };

  void read_one(Sample& s, Resource& r) {
    const std::string prefix = "psi_" + r.name + "_";
    if (const int err = r.file.read(text_); err != 0) {
      s.miss(prefix + "some_avg10_pct", status_from_errno(err),
             describe_error(r.file.path(), err) +
                 (status_from_errno(err) == Status::unavailable
                      ? " (kernel without pressure stall information)"
                      : ""));
      return;
    }
    // "some avg10=0.14 avg60=0.38 avg300=0.67 total=5221171"
    std::string_view rest = text_;
    while (!rest.empty()) {
      const auto nl = rest.find('\n');
      const auto f = split_ws(rest.substr(0, nl));
      rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
      if (f.empty()) continue;
      const std::string kind(f[0]);
      for (std::size_t i = 1; i < f.size(); ++i) {
        const auto eq = f[i].find('=');
        if (eq == std::string_view::npos) continue;
        const auto key = f[i].substr(0, eq);
        const auto val = f[i].substr(eq + 1);
        if (key == "total") {
          auto tot = parse_int(val);
          if (!tot) continue;
          const std::string m = prefix + kind + "_stall_pct";
          auto it = r.prev_total_us.find(kind);
          if (it != r.prev_total_us.end() && prev_t_ns_ > 0 && s.t_ns > prev_t_ns_ &&
              *tot >= it->second) {
            s.metrics[m] = static_cast<double>(*tot - it->second) * 1e3 * 100.0 /
                           static_cast<double>(s.t_ns - prev_t_ns_);
          } else {
            s.miss(m, Status::unavailable, kNeedsTwo);
          }
          r.prev_total_us[kind] = *tot;
        } else if (auto v = parse_double(val)) {
          s.metrics[prefix + kind + "_" + std::string(key) + "_pct"] = *v;
        }
      }
    }
  }

  std::vector<Resource> files_;
  std::string text_;
  std::int64_t prev_t_ns_ = 0;
};

class HostMemoryProbe final : public Probe {
 public:
  explicit HostMemoryProbe(const FsRoot& root) : file_(root.fs, root.proc("meminfo")) {}
  std::string name() const override { return "host.memory"; }
  std::string device() const override { return "host"; }
  std::vector<std::string> measures() const override {
    return {"mem_total_bytes", "mem_available_bytes", "mem_used_bytes", "mem_free_bytes",
            "swap_total_bytes", "swap_used_bytes"};
  }
  std::chrono::milliseconds period() const override { return std::chrono::milliseconds(500); }

  Sample sample() noexcept override {
    Sample s;
    s.t_ns = core::now_ns();
    try {
      if (const int err = file_.read(text_); err != 0) {
        s.miss_file("mem_total_bytes", file_.path(), err);
      } else {
        parse(s);
      }
    } catch (const std::exception& e) {
      s.miss("mem_total_bytes", Status::failed, e.what());
    }
    s.settle("");
    return s;
  }

 private:
  void parse(Sample& s) {
    std::map<std::string_view, double> kb;
    std::string_view rest = text_;
    while (!rest.empty()) {
      const auto nl = rest.find('\n');
      const auto f = split_ws(rest.substr(0, nl));
      rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
      if (f.size() < 2 || !f[0].ends_with(':')) continue;
      if (auto v = parse_int(f[1])) kb[f[0].substr(0, f[0].size() - 1)] = static_cast<double>(*v);
    }
    auto put = [&](const char* metric, std::string_view key) {
      if (auto it = kb.find(key); it != kb.end()) {
        s.metrics[metric] = it->second * 1024.0;
      } else {
        s.miss(metric, Status::unavailable, file_.path().string() + ": no " + std::string(key));
      }
    };
    put("mem_total_bytes", "MemTotal");
    put("mem_available_bytes", "MemAvailable");
    put("mem_free_bytes", "MemFree");
    put("swap_total_bytes", "SwapTotal");
    if (kb.contains("MemTotal") && kb.contains("MemAvailable"))
      s.metrics["mem_used_bytes"] = (kb["MemTotal"] - kb["MemAvailable"]) * 1024.0;
    if (kb.contains("SwapTotal") && kb.contains("SwapFree"))
      s.metrics["swap_used_bytes"] = (kb["SwapTotal"] - kb["SwapFree"]) * 1024.0;
  }

  CachedFile file_;
  std::string text_;
};

}  // namespace

ProbePtr make_host_cpu_probe(const FsRoot& root) { return std::make_unique<HostCpuProbe>(root); }
ProbePtr make_host_load_probe(const FsRoot& root) { return std::make_unique<HostLoadProbe>(root); }
ProbePtr make_host_pressure_probe(const FsRoot& root) {
  return std::make_unique<HostPressureProbe>(root);
}
ProbePtr make_host_memory_probe(const FsRoot& root) {
  return std::make_unique<HostMemoryProbe>(root);
}

}  // namespace clscope::probes
