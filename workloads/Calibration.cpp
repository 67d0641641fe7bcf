#include "workloads/Calibration.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/CalibrationTrials.hpp"
#include "core/Stats.hpp"
#include "core/Time.hpp"
#include "workloads/Buffers.hpp"
#include "workloads/ClError.hpp"
#include "workloads/Compute.hpp"
#include "workloads/Launch.hpp"
#include "workloads/SpecTable.hpp"
#include "workloads/Stream.hpp"
#include "workloads/Transfer.hpp"

namespace clscope::workloads {
namespace {

struct StepResult {
  std::optional<double> rate;  // work per second in the metric's base unit
  std::optional<double> dispatch_us, round_trip_us;  // medians of the trial
  std::string error;
};

// Runs the prepared `w` on `q` for about `seconds` with its in-flight depth;
// the rate is work over the span from the first enqueue to the last
// completion. With `latency`, the medians of dispatch (START - QUEUED) and of
// the round trip (enqueue to observed completion).
StepResult run_trial(Workload& w, cl::CommandQueue& q, double seconds, bool count_ops,
                     bool latency, const std::atomic<bool>* stop) {
  StepResult r;
  try {
    ApiMeter meter;
    const int in_flight = w.common().in_flight;
    std::vector<Launch> pending;
    std::vector<double> dispatch, round_trip;
    double work = 0;
    const std::int64_t t0 = core::now_ns();
    const auto deadline = t0 + static_cast<std::int64_t>(seconds * 1e9);
    while (core::now_ns() < deadline && !(stop && *stop)) {
      const std::int64_t e0 = core::now_ns();
      pending.push_back(w.enqueue(q, meter));
      q.flush();
      if (static_cast<int>(pending.size()) < in_flight) continue;
      Launch& l = pending.front();
      l.event.wait();
      const std::int64_t e1 = core::now_ns();
      work += count_ops ? l.ops : l.bytes;
      if (latency) {
        const auto queued = l.event.getProfilingInfo<CL_PROFILING_COMMAND_QUEUED>();
        const auto start = l.event.getProfilingInfo<CL_PROFILING_COMMAND_START>();
        if (start > queued) dispatch.push_back(static_cast<double>(start - queued) * 1e-3);
        round_trip.push_back(static_cast<double>(e1 - e0) * 1e-3);
      }
      pending.erase(pending.begin());
    }
    for (auto& l : pending) {
      l.event.wait();
      work += count_ops ? l.ops : l.bytes;
    }
    const double secs = static_cast<double>(core::now_ns() - t0) * 1e-9;
    if (work > 0 && secs > 0) r.rate = work / secs;
    if (!dispatch.empty()) r.dispatch_us = core::median(dispatch);
    if (!round_trip.empty()) r.round_trip_us = core::median(round_trip);
  } catch (const cl::Error& e) {
    r.error = from_cl_error(e).what();
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  return r;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

CommonOptions calib_options(const std::string& name, int in_flight) {
  CommonOptions c;
  c.name = name;
  c.in_flight = in_flight;
  return c;
}

std::string now_iso() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

}  // namespace

SpecEstimates spec_estimates(const DeviceInfo& d) {
  SpecEstimates s;
  const auto rule = fp32_lanes(d);
  if (rule && rule->lanes > 0 && d.compute_units > 0 && d.max_clock_mhz > 0) {
    s.compute_gflops =
        static_cast<double>(d.compute_units) * d.max_clock_mhz * rule->lanes * 2 / 1000.0;
    s.compute_basis = std::to_string(d.compute_units) + " CUs x " +
                      std::to_string(d.max_clock_mhz) + " MHz x " + std::to_string(rule->lanes) +
                      " lanes x 2 (" + rule->basis + ")";
  } else {
    s.compute_basis = "no lane count known for this device";
  }
  return s;
}

std::string ceilings_cache_key(const DeviceInfo& d, const std::string& platform_version) {
  return d.name + "|" + d.vendor + "|" + d.driver_version + "|" + d.device_version + "|" +
         platform_version;
}

std::string cache_dir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/clscope";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/clscope";
  return ".clscope-cache";
}

namespace {

std::filesystem::path cache_file() { return std::filesystem::path(cache_dir()) / "ceilings.json"; }

/// The whole cache; empty when absent or damaged (a damaged cache is re-measured).
nlohmann::json read_cache() {
  nlohmann::json cache = nlohmann::json::object();
  std::ifstream in(cache_file());
  if (in) {
    try {
      in >> cache;
    } catch (const std::exception&) {
      cache = nlohmann::json::object();
    }
  }
  return cache.is_object() ? cache : nlohmann::json::object();
}

/// Replaces the cache file (temporary file, then rename). An unwritable cache
/// only costs a re-measurement next time.
void write_cache(const nlohmann::json& cache) {
  namespace fs = std::filesystem;
  try {
    const fs::path file = cache_file();
    fs::create_directories(file.parent_path());
    const fs::path tmp = file.string() + ".tmp";
    {
      std::ofstream o(tmp);
      o << cache.dump(2) << "\n";
    }
    fs::rename(tmp, file);
  } catch (const std::exception&) {
  }
}

/// The cached record under `key` unless absent, of another format, stale
/// (a run beat it) or older than kCacheMaxAgeDays.
std::optional<core::CeilingsRecord> usable_cache_entry(const nlohmann::json& cache,
                                                       const std::string& key) {
  auto it = cache.find(key);
  if (it == cache.end() || !it->is_object() || it->contains("stale") || !it->contains("record"))
    return std::nullopt;
  try {
    auto r = (*it)["record"].get<core::CeilingsRecord>();
    const double age_s = static_cast<double>(std::time(nullptr)) - r.measured_unix_s;
    if (age_s < 0 || age_s > kCacheMaxAgeDays * 86400.0) return std::nullopt;
    return r;
  } catch (const std::exception&) {
    return std::nullopt;  // a damaged entry is measured again
  }
}

}  // namespace

std::optional<core::CeilingsRecord> cached_ceilings(const std::string& cache_key) {
  return usable_cache_entry(read_cache(), cache_key);
}

bool mark_ceilings_cache_stale(const std::string& cache_key, const std::string& reason) {
  nlohmann::json cache = read_cache();
  if (!cache.contains(cache_key) || !cache[cache_key].is_object()) return false;
  cache[cache_key]["stale"] = reason;
  write_cache(cache);
  return true;
}

namespace {

struct Variant {
  std::string label;
  std::function<std::unique_ptr<Workload>()> make;  // empty: the group's shared stream
  StreamOp op = StreamOp::triad;
  int vec = 4;
};

struct Group {
  std::vector<core::CeilingKey> keys;  // memory | compute | h2d | d2h | dispatch + round_trip
  double share;                        // of the budget
  std::vector<Variant> variants;
  bool count_ops = false;
  bool latency = false;
};

/// The device's native float width, as a vector width the kernels take.
int native_width(const DeviceInfo& d) {
  for (int w : {16, 8, 4, 2})
    if (d.native_vector_width_float >= static_cast<unsigned>(w)) return w;
  return 1;
}

std::vector<Group> calibration_groups(const DeviceInfo& device) {
  using core::CeilingKey;
  auto compute = [](int vec, int chains) {
    return [vec, chains] {
      return std::make_unique<ComputeWorkload>(calib_options("calib", 2),
                                               ComputeOptions{Precision::f32, vec, 0, 256, chains});
    };
  };
  // The native width first (the likeliest winner) with 8 and 16 independent
  // chains, then 8 lanes with 8 chains (when narrower than native).
  auto compute_variants = [&](int native) {
    auto label = [](int w, int chains) {
      return "compute float" + std::to_string(w) + ", " + std::to_string(chains) + " chains";
    };
    std::vector<Variant> v{{label(native, 8), compute(native, 8)},
                           {label(native, 16), compute(native, 16)}};
    if (native > 8) v.push_back({label(8, 8), compute(8, 8)});
    return v;
  };
  auto transfer = [](TransferDir dir, std::uint64_t mib) {
    return [dir, mib] {
      return std::make_unique<TransferWorkload>(calib_options("calib", 2),
                                                TransferOptions{dir, TransferMode::pinned, mib << 20});
    };
  };
  return {
      {{CeilingKey::memory}, 0.30,
       {{"stream triad float16", {}, StreamOp::triad, 16},
        {"stream triad float4", {}, StreamOp::triad, 4},
        {"stream copy float16", {}, StreamOp::copy, 16}}},
      {{CeilingKey::compute}, 0.25, compute_variants(native_width(device)), true},
      {{CeilingKey::h2d}, 0.13,
       {{"transfer h2d pinned 16 MiB", transfer(TransferDir::h2d, 16)},
        {"transfer h2d pinned 64 MiB", transfer(TransferDir::h2d, 64)}}},
      {{CeilingKey::d2h}, 0.13,
       {{"transfer d2h pinned 16 MiB", transfer(TransferDir::d2h, 16)},
        {"transfer d2h pinned 64 MiB", transfer(TransferDir::d2h, 64)}}},
      {{CeilingKey::dispatch, CeilingKey::round_trip}, 0.19,
       {{"launch 1 work-item",
         [] { return std::make_unique<LaunchWorkload>(calib_options("calib", 1), LaunchOptions{1}); }}},
       false, true},
  };
}

/// One group's variants, set up on demand; the stream variants share one
/// set of arrays far past the cache (filling them is most of their cost) and
/// switch by retargeting the kernel.
class GroupRun {
 public:
  GroupRun(const Device& device, const Group& group) : device_(device), group_(group) {
    prepared_.resize(group.variants.size());
  }

  /// Makes variant `i` current; false (and `error(i)` says why) when it cannot run.
  bool activate(std::size_t i) {
    if (!prepared_[i].error.empty()) return false;
    const Variant& v = group_.variants[i];
    try {
      if (v.make) {
        if (!prepared_[i].workload) {
          prepared_[i].workload = v.make();
          prepared_[i].queue = device_.make_queue();
          ApiMeter meter;
          prepared_[i].workload->setup(device_, prepared_[i].queue, meter);
        }
      } else if (!stream_) {
        stream_ = std::make_unique<StreamWorkload>(calib_options("calib", 2),
                                                   StreamOptions{v.op, v.vec, 0});
        stream_queue_ = device_.make_queue();
        ApiMeter meter;
        const SetupInfo info = stream_->setup(device_, stream_queue_, meter);
        if (info.resolved.contains("size") && info.resolved["size"].is_number())
          arrays_ = ", 3 arrays of " + format_bytes(info.resolved["size"].get<double>());
        stream_current_ = i;
      } else if (stream_current_ != i) {
        stream_->retarget(device_, v.op, v.vec);
        stream_current_ = i;
      }
      current_ = i;
      return true;
    } catch (const cl::Error& e) {
      prepared_[i].error = from_cl_error(e).what();
    } catch (const std::exception& e) {
      prepared_[i].error = e.what();
    }
    prepared_[i].workload.reset();
    return false;
  }

  StepResult trial(double seconds, const std::atomic<bool>* stop) {
    const Variant& v = group_.variants[current_];
    Workload& w = v.make ? *prepared_[current_].workload : *stream_;
    cl::CommandQueue& q = v.make ? prepared_[current_].queue : stream_queue_;
    StepResult r = run_trial(w, q, seconds, group_.count_ops, group_.latency, stop);
    if (!r.error.empty()) prepared_[current_].error = r.error;
    return r;
  }

  const std::string& error(std::size_t i) const { return prepared_[i].error; }
  /// ", 3 arrays of 128 MiB" for the stream group once set up, else "".
  const std::string& arrays() const { return arrays_; }

 private:
  struct Prepared {
    std::unique_ptr<Workload> workload;
    cl::CommandQueue queue;
    std::string error;
  };
  const Device& device_;
  const Group& group_;
  std::vector<Prepared> prepared_;
  std::unique_ptr<StreamWorkload> stream_;
  cl::CommandQueue stream_queue_;
  std::size_t stream_current_ = 0;
  std::size_t current_ = 0;
  std::string arrays_;
};

/// The trials of one group's ceilings (one set each; the launch group feeds
/// dispatch and round trip from the same trials).
struct GroupTrials {
  std::vector<core::TrialSet> sets;
  explicit GroupTrials(const Group& g) {
    for (auto k : g.keys) sets.emplace_back(core::lower_is_better(k));
  }
  void add(const Group& g, const StepResult& r, const std::string& variant) {
    for (std::size_t i = 0; i < g.keys.size(); ++i) {
      std::optional<double> v;
      switch (g.keys[i]) {
        case core::CeilingKey::dispatch: v = r.dispatch_us; break;
        case core::CeilingKey::round_trip: v = r.round_trip_us; break;
        default: if (r.rate) v = *r.rate * 1e-9; break;
      }
      if (v) sets[i].add(*v, variant);
    }
  }
  bool stable() const {
    for (const auto& s : sets)
      if (!s.stable(kStableSpread)) return false;
    return true;
  }
};

/// Runs one group: warm-up and two trials per variant (three for a single
/// variant; variants once its share is spent are skipped when three trials
/// exist), then the leading variant: a third trial always, more until
/// stable or its share is spent.
/// `share_s` counts trial and warm-up time only (setup is not budgeted);
/// returns the trial time used.
double run_group(const Device& device, const Group& g, double share_s,
                 core::CeilingsRecord& record, const std::function<void(const std::string&)>& tick,
                 const std::atomic<bool>* stop) {
  GroupRun run(device, g);
  GroupTrials trials(g);
  double used_s = 0;
  auto timed = [&](double seconds) {
    const std::int64_t t0 = core::now_ns();
    auto r = run.trial(seconds, stop);
    used_s += static_cast<double>(core::now_ns() - t0) * 1e-9;
    return r;
  };
  const int first_trials = g.variants.size() == 1 ? 3 : 2;
  for (std::size_t i = 0; i < g.variants.size() && !(stop && *stop); ++i) {
    // Past the group's deadline, a variant that already has its trials is enough.
    if (trials.sets[0].count() >= 3 && used_s >= share_s) break;
    tick(g.variants[i].label);
    if (!run.activate(i)) continue;
    if (!timed(kWarmupSeconds).error.empty()) continue;  // warm-up: excluded
    for (int t = 0; t < first_trials && !(stop && *stop); ++t) {
      const auto r = timed(kTrialSeconds);
      if (!r.error.empty()) break;
      trials.add(g, r, g.variants[i].label);
    }
  }
  // The leader always gets a third trial (a spread needs three); more while
  // not stable and the share lasts.
  auto wanted = [&] {
    const auto& lead = trials.sets[0];
    if (lead.count() > 0 && lead.count(lead.best_variant()) < 3) return true;
    return !trials.stable() && used_s + kTrialSeconds <= share_s;
  };
  while (wanted() && !(stop && *stop)) {
    const std::string leader = trials.sets[0].best_variant();
    std::size_t i = 0;
    while (i < g.variants.size() && g.variants[i].label != leader) ++i;
    if (i == g.variants.size() || !run.activate(i)) break;
    tick(leader);
    const auto r = timed(kTrialSeconds);
    if (!r.error.empty()) break;
    trials.add(g, r, leader);
  }
  for (std::size_t k = 0; k < g.keys.size(); ++k) {
    auto& e = record.at(g.keys[k]);
    const auto& set = trials.sets[k];
    e = core::CeilingEntry{};
    e.value = set.best();
    e.trials = static_cast<int>(set.count());
    e.spread = set.spread_of_best_three();
    e.variant = set.best_variant();
    if (e.value) e.variant += run.arrays();
    if (!e.value) {
      std::vector<std::string> why;
      for (std::size_t i = 0; i < g.variants.size(); ++i)
        if (!run.error(i).empty()) why.push_back(g.variants[i].label + ": " + run.error(i));
      e.reason = why.empty() ? "no trial completed" : join(why, "; ");
    }
  }
  return used_s;
}

std::string percent(double f) { return std::to_string(static_cast<int>(std::lround(f * 100))) + "%"; }

/// Why the node was too busy for the result to be trusted, or "".
std::string busy_reason(const core::HostLoadSeen& seen) {
  if (seen.others_busy && *seen.others_busy > seen.threshold_busy)
    return "host " + percent(*seen.others_busy) + " busy with other processes during calibration";
  if (seen.steal && *seen.steal > seen.threshold_steal)
    return percent(*seen.steal) + " of the host's CPU time stolen by the hypervisor during calibration";
  if (seen.device_busy) return "device used by another process during calibration: " + seen.device;
  return {};
}

}  // namespace

CalibrationOptions calibration_options_from_env(bool recalibrate) {
  CalibrationOptions o;
  o.recalibrate = recalibrate;
  auto number = [](const char* name, double& out, double lo, double hi) {
    const char* v = std::getenv(name);
    if (!v || !*v) return;
    char* end = nullptr;
    const double d = std::strtod(v, &end);
    if (end && *end == '\0' && std::isfinite(d) && d >= lo && d <= hi) out = d;
  };
  number("CLSCOPE_CALIBRATION_BUDGET_S", o.budget_s, 1, 3600);
  number("CLSCOPE_CALIBRATION_BUSY_MAX", o.busy_others_max, 0, 1);
  number("CLSCOPE_CALIBRATION_STEAL_MAX", o.steal_max, 0, 1);
  return o;
}

CeilingsResult measure_ceilings(const Device& device, const CalibrationOptions& options,
                                const CalibrationProgress& progress,
                                const std::atomic<bool>* stop) {
  CeilingsResult out;
  out.cache_key = ceilings_cache_key(device.info(), device.platform_version());
  nlohmann::json cache = read_cache();
  if (!options.recalibrate) {
    if (auto cached = usable_cache_entry(cache, out.cache_key)) {
      out.record = *cached;
      for (auto& e : out.record.entries)
        if (e.value) e.source = "cache";
      out.record.method.spent_s = 0;
      out.measured = out.record.values();
      out.from_cache = true;
      if (progress) progress(1.0, "ceilings from cache");
      return out;
    }
  }

  auto& r = out.record;
  r.device = device.info().name;
  r.driver = device.info().driver_version;
  r.platform_version = device.platform_version();
  r.method.trial_s = kTrialSeconds;
  r.method.warmup_trials = 1;
  r.method.min_trials = 3;
  r.method.stable_spread = kStableSpread;
  r.method.budget_s = options.budget_s;
  r.method.cache_max_age_days = kCacheMaxAgeDays;

  auto finish_watch = options.load_watch ? options.load_watch() : std::function<core::HostLoadSeen()>{};
  const std::int64_t t0 = core::now_ns();
  const auto groups = calibration_groups(device.info());
  double shares_left = 0;
  for (const auto& g : groups) shares_left += g.share;
  double budget_left = options.budget_s;  // trial time; setup comes on top
  std::size_t done = 0;
  for (const auto& g : groups) {
    if (stop && *stop) break;
    // The group's share of what is left of the budget: time a group did not
    // use goes to the ones after it.
    const double share = std::max(0.0, budget_left) * g.share / shares_left;
    shares_left -= g.share;
    auto tick = [&](const std::string& step) {
      if (progress)
        progress(std::min(0.99, static_cast<double>(done) / static_cast<double>(groups.size())), step);
    };
    budget_left -= run_group(device, g, share, r, tick, stop);
    ++done;
  }
  out.calibration_s = static_cast<double>(core::now_ns() - t0) * 1e-9;
  r.method.spent_s = out.calibration_s;
  r.measured_at = now_iso();
  r.measured_unix_s = static_cast<double>(std::time(nullptr));
  if (finish_watch) {
    r.host_load = finish_watch();
  } else {
    r.host_load.missing = "the host load was not watched";
  }
  r.host_load.threshold_busy = options.busy_others_max;
  r.host_load.threshold_steal = options.steal_max;
  const std::string untrusted = busy_reason(r.host_load);
  for (auto& e : r.entries) {
    if (!e.value) continue;
    e.trusted = untrusted.empty();
    e.reason = untrusted;
  }
  out.measured = r.values();
  if (stop && *stop) {
    out.abandoned = true;
    return out;
  }
  if (progress) progress(1.0, "ceilings measured");
  if (untrusted.empty()) {  // an untrusted calibration is never cached
    cache[out.cache_key] = {{"record", nlohmann::json(r)}};
    write_cache(cache);
  }
  return out;
}

}  // namespace clscope::workloads
