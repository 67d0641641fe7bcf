// The `pipeline` workload kind: arrivals, sizes, batching, queues, SLO.
#include <fstream>
#include <sstream>

#include "app/run/kinds/Kinds.hpp"
#include "app/run/kinds/KindSupport.hpp"
#include "workloads/Pipeline.hpp"

namespace clscope::app::kinds {

std::unique_ptr<workloads::Workload> make_pipeline(const config::WorkloadConfig& wc) {
  using namespace workloads;
  PipelineOptions o;
  const std::string& arrival = wc.get_string("arrival");
  o.arrivals.kind = arrival == "constant" ? core::ArrivalKind::constant
                    : arrival == "bursty" ? core::ArrivalKind::bursty
                    : arrival == "trace" ? core::ArrivalKind::trace : core::ArrivalKind::poisson;
  o.arrivals.rate_hz = wc.get_number("rate_hz");
  o.arrivals.burst_rate_hz = wc.get_number("burst_rate_hz");
  o.arrivals.burst_on_ms = wc.get_number("burst_on_ms");
  o.arrivals.burst_off_ms = wc.get_number("burst_off_ms");
  o.arrivals.seed = static_cast<std::uint64_t>(wc.get_int("seed"));
  const std::string& size = wc.get_string("size");
  o.sizes.kind = size == "fixed" ? core::SizeKind::fixed
                 : size == "uniform" ? core::SizeKind::uniform
                 : size == "file" ? core::SizeKind::file : core::SizeKind::lognormal;
  o.sizes.mean = static_cast<std::uint32_t>(wc.get_int("size_mean"));
  o.sizes.min = static_cast<std::uint32_t>(wc.get_int("size_min"));
  o.sizes.max = static_cast<std::uint32_t>(wc.get_int("size_max"));
  o.sizes.sigma = wc.get_number("size_sigma");
  o.sizes.seed = o.arrivals.seed;
  try {
    if (o.arrivals.kind == core::ArrivalKind::trace) {
      if (wc.get_string("trace").empty())
        throw config::ConfigError("arrival = \"trace\" needs the key 'trace' (a file of times)");
      const std::string path = wc.resolve_path("trace");
      o.arrivals.trace_s = core::parse_trace(read_text(wc, "trace", path), path);
    }
    if (o.sizes.kind == core::SizeKind::file) {
      if (wc.get_string("size_file").empty())
        throw config::ConfigError("size = \"file\" needs the key 'size_file' (a file of sizes)");
      const std::string path = wc.resolve_path("size_file");
      o.sizes.sizes = core::parse_sizes(read_text(wc, "size_file", path), path);
    }
    // Reject inconsistent parameters now, with the scenario's name on them.
    core::ArrivalProcess check_arrivals(o.arrivals);
    core::SizeDistribution check_sizes(o.sizes);
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(where(wc) + ": " + e.what());
  } catch (const config::ConfigError& e) {
    const std::string text = e.what();
    throw config::ConfigError(text.rfind("workload '", 0) == 0 ? text : where(wc) + ": " + text);
  }
  o.batching.max_batch = static_cast<std::uint32_t>(wc.get_int("max_batch"));
  o.batching.max_wait_ns = static_cast<std::int64_t>(wc.get_number("max_wait_us") * 1e3);
  o.batching.queue_limit = static_cast<std::uint64_t>(wc.get_int("queue_limit"));
  o.batching.timeout_ns = static_cast<std::int64_t>(wc.get_number("timeout_ms") * 1e6);
  o.queues = static_cast<int>(wc.get_int("queues"));
  o.dim = static_cast<std::uint32_t>(wc.get_int("dim"));
  o.hidden = static_cast<std::uint32_t>(wc.get_int("hidden"));
  o.pre_us_per_kib = wc.get_number("pre_us_per_kib");
  o.post_us_per_kib = wc.get_number("post_us_per_kib");
  o.host_threads = static_cast<int>(wc.get_int("host_threads"));
  if (const double slo = wc.get_number("p99_ms"); slo > 0) o.slo_p99_ms = slo;
  return std::make_unique<PipelineWorkload>(common(wc), std::move(o));
}

}  // namespace clscope::app::kinds
