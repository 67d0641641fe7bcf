#include "workloads/Calibration.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <vector>

#include "core/Stats.hpp"
#include "core/Time.hpp"
#include "workloads/ClError.hpp"
#include "workloads/Compute.hpp"
#include "workloads/Launch.hpp"
#include "workloads/SpecTable.hpp"
#include "workloads/Stream.hpp"
#include "workloads/Transfer.hpp"

namespace clscope::workloads {
namespace {

constexpr double kStepSeconds = 0.6;

struct StepResult {
  std::optional<double> rate;  // work per second in the metric's base unit
  std::vector<double> dispatch_us, round_trip_us;
  std::string error;
};

// Runs `w` for about kStepSeconds with `in_flight` launches outstanding; the
// rate is work over the span from the first enqueue to the last completion.
// With `prepared`, `w` is already set up on that queue (a retargeted stream).
StepResult run_step(const Device& device, Workload& w, bool count_ops, bool latency,
                    const std::atomic<bool>* stop, cl::CommandQueue* prepared = nullptr) {
  StepResult r;
  try {
    cl::CommandQueue own;
    if (!prepared) own = device.make_queue();
    cl::CommandQueue& q = prepared ? *prepared : own;
    ApiMeter meter;
    if (!prepared) w.setup(device, q, meter);
    const int in_flight = w.common().in_flight;
    std::vector<Launch> pending;
    double work = 0;
    const std::int64_t t0 = core::now_ns();
    const auto deadline = t0 + static_cast<std::int64_t>(kStepSeconds * 1e9);
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
        if (start > queued) r.dispatch_us.push_back(static_cast<double>(start - queued) * 1e-3);
        r.round_trip_us.push_back(static_cast<double>(e1 - e0) * 1e-3);
      }
      pending.erase(pending.begin());
    }
    for (auto& l : pending) {
      l.event.wait();
      work += count_ops ? l.ops : l.bytes;
    }
    const double secs = static_cast<double>(core::now_ns() - t0) * 1e-9;
    if (work > 0 && secs > 0) r.rate = work / secs;
  } catch (const cl::Error& e) {
    r.error = from_cl_error(e).what();
  } catch (const std::exception& e) {
    r.error = e.what();
  }
  return r;
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

}  // namespace

bool mark_ceilings_cache_stale(const std::string& cache_key, const std::string& reason) {
  nlohmann::json cache = read_cache();
  if (!cache.contains(cache_key) || !cache[cache_key].is_object()) return false;
  cache[cache_key]["stale"] = reason;
  write_cache(cache);
  return true;
}

CeilingsResult measure_ceilings(const Device& device, bool recalibrate,
                                const CalibrationProgress& progress,
                                const std::atomic<bool>* stop) {
  CeilingsResult out;
  out.cache_key = ceilings_cache_key(device.info(), device.platform_version());
  nlohmann::json cache = read_cache();
  // A stale entry (a run beat one of its ceilings) is measured again.
  if (!recalibrate && cache.contains(out.cache_key) && cache[out.cache_key].is_object() &&
      !cache[out.cache_key].contains("stale")) {
    const auto& e = cache[out.cache_key];
    out.measured = e.value("ceilings", nlohmann::json::object()).get<core::Ceilings>();
    out.detail = e.value("detail", nlohmann::json::object());
    out.measured_at = e.value("measured_at", "");
    out.from_cache = true;
    if (progress) progress(1.0, "ceilings from cache");
    return out;
  }

  const std::int64_t t0 = core::now_ns();
  struct Step {
    std::string label;
    std::function<std::unique_ptr<Workload>()> make;  // empty: the shared stream arrays
    int target;  // 0 mem, 1 compute, 2 h2d, 3 d2h, 4 launch
    StreamOp op = StreamOp::triad;
    int vec = 4;
  };
  // The memory variants share one set of arrays far past the cache (filling
  // them is most of a variant's cost); the first one sets them up.
  std::vector<Step> steps{
      {"stream triad float4", {}, 0, StreamOp::triad, 4},
      {"stream triad float16", {}, 0, StreamOp::triad, 16},
      {"stream copy float16", {}, 0, StreamOp::copy, 16},
      {"compute float8", [] { return std::make_unique<ComputeWorkload>(calib_options("calib", 2), ComputeOptions{Precision::f32, 8, 0, 256}); }, 1},
      {"compute float16", [] { return std::make_unique<ComputeWorkload>(calib_options("calib", 2), ComputeOptions{Precision::f32, 16, 0, 256}); }, 1},
      {"transfer h2d pinned", [] { return std::make_unique<TransferWorkload>(calib_options("calib", 2), TransferOptions{TransferDir::h2d, TransferMode::pinned, 64ull << 20}); }, 2},
      {"transfer d2h pinned", [] { return std::make_unique<TransferWorkload>(calib_options("calib", 2), TransferOptions{TransferDir::d2h, TransferMode::pinned, 64ull << 20}); }, 3},
      {"launch", [] { return std::make_unique<LaunchWorkload>(calib_options("calib", 1), LaunchOptions{1}); }, 4},
  };
  out.detail = nlohmann::json::object();
  std::unique_ptr<StreamWorkload> stream;
  cl::CommandQueue stream_queue;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    if (stop && *stop) {
      out.abandoned = true;
      return out;
    }
    if (progress) progress(static_cast<double>(i) / static_cast<double>(steps.size()), s.label);
    StepResult r;
    if (s.make) {
      stream.reset();  // the shared arrays are not needed any more
      auto w = s.make();
      r = run_step(device, *w, s.target == 1, s.target == 4, stop);
    } else {
      try {
        if (!stream) {
          stream = std::make_unique<StreamWorkload>(calib_options("calib", 2),
                                                    StreamOptions{s.op, s.vec, 0});
          stream_queue = device.make_queue();
          ApiMeter meter;
          stream->setup(device, stream_queue, meter);
        } else {
          stream->retarget(device, s.op, s.vec);
        }
        r = run_step(device, *stream, false, false, stop, &stream_queue);
      } catch (const cl::Error& e) {
        r.error = from_cl_error(e).what();
      } catch (const std::exception& e) {
        r.error = e.what();
      }
    }
    nlohmann::json d{{"variant", s.label}};
    if (!r.error.empty()) d["error"] = r.error;
    auto better = [](std::optional<double>& slot, double v) {
      if (!slot || v > *slot) slot = v;
    };
    if (r.rate) {
      const double giga = *r.rate * 1e-9;
      d["value"] = s.target == 4 ? *r.rate : giga;
      switch (s.target) {
        case 0: better(out.measured.mem_gbs, giga); break;
        case 1: better(out.measured.compute_gflops, giga); break;
        case 2: better(out.measured.h2d_gbs, giga); break;
        case 3: better(out.measured.d2h_gbs, giga); break;
        case 4:
          out.measured.dispatch_us = core::median(r.dispatch_us);
          out.measured.round_trip_us = core::median(r.round_trip_us);
          break;
      }
    }
    out.detail[s.label] = d;
  }
  out.calibration_s = static_cast<double>(core::now_ns() - t0) * 1e-9;
  out.measured_at = now_iso();
  if (stop && *stop) {
    out.abandoned = true;
    return out;
  }
  if (progress) progress(1.0, "ceilings measured");
  cache[out.cache_key] = {{"ceilings", nlohmann::json(out.measured)},
                          {"detail", out.detail},
                          {"measured_at", out.measured_at},
                          {"calibration_s", out.calibration_s}};
  write_cache(cache);
  return out;
}

}  // namespace clscope::workloads
