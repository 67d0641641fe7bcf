#include "app/WorkloadFactory.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/CustomSpec.hpp"
#include "workloads/Compute.hpp"
#include "workloads/Custom.hpp"
#include "workloads/Gemm.hpp"
#include "workloads/Launch.hpp"
#include "workloads/Pipeline.hpp"
#include "workloads/Stream.hpp"
#include "workloads/Transfer.hpp"

namespace clscope::app {
namespace {

workloads::CommonOptions common(const config::WorkloadConfig& wc) {
  workloads::CommonOptions c;
  c.name = wc.name;
  c.host_work_us = wc.get_number("host_work_us");
  c.host_sleep_us = wc.get_number("host_sleep_us");
  c.in_flight = static_cast<int>(wc.get_int("in_flight"));
  c.timeout_s = wc.get_number("timeout_s");
  c.verify = wc.get_bool("verify");
  c.seed = static_cast<std::uint64_t>(wc.get_int("seed"));
  c.start_after_s = wc.get_number("start_after_s");
  c.stop_after_s = wc.get_number("stop_after_s");
  return c;
}

std::string where(const config::WorkloadConfig& wc) {
  return "workload '" + wc.name + "' (kind '" + wc.kind + "'" +
         (wc.origin.empty() ? "" : " in " + wc.origin) + ")";
}

/// Reads a file named by `key` (already resolved to `path`); ConfigError
/// naming the key, what was written and where it was looked for.
std::string read_text(const config::WorkloadConfig& wc, const std::string& key,
                      const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw config::ConfigError(where(wc) + ": key '" + key + "': cannot open '" + path +
                              "': " + std::strerror(errno) +
                              (wc.base_dir.empty() || path == wc.get_string(key)
                                   ? std::string()
                                   : " (relative paths start at the scenario's folder, " +
                                         wc.base_dir + ")"));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::unique_ptr<workloads::Workload> make_custom(const config::WorkloadConfig& wc) {
  using namespace workloads;
  for (const char* key : {"file", "kernel", "global"})
    if (wc.get_string(key).empty())
      throw config::ConfigError(where(wc) + ": key '" + key + "' is required");
  CustomOptions o;
  o.origin = wc.resolve_path("file");
  o.source = read_text(wc, "file", o.origin);
  o.kernel = wc.get_string("kernel");
  o.build_options = wc.get_string("build_options");
  o.bytes_per_item = wc.get_number("bytes_per_item");
  o.ops_per_item = wc.get_number("ops_per_item");
  if (const std::string& m = wc.get_string("metric"); m != "auto")
    o.metric = m == "flops" ? core::Metric::flops_per_s
               : m == "bytes" ? core::Metric::bytes_per_s : core::Metric::launches_per_s;
  try {
    for (auto v : config::parse_dims(wc.get_string("global"), false)) o.global.push_back(v);
    for (auto v : config::parse_dims(wc.get_string("local"), true)) o.local.push_back(v);
    for (const config::BufferSpec& b : config::parse_buffers(wc.get_string("buffers"))) {
      CustomBuffer cb;
      cb.name = b.name;
      cb.bytes = static_cast<std::uint64_t>(b.bytes);
      cb.access = b.access == "read" ? BufferAccess::read
                  : b.access == "write" ? BufferAccess::write : BufferAccess::read_write;
      cb.init = b.init == "zero" ? BufferInit::zero
                : b.init == "random" ? BufferInit::random
                : b.init == "random_int" ? BufferInit::random_int
                : b.init == "sequence" ? BufferInit::sequence
                : b.init == "sequence_int" ? BufferInit::sequence_int : BufferInit::file;
      if (cb.init == BufferInit::file) {
        const std::string path = wc.base_dir.empty() || b.file.front() == '/'
                                     ? b.file : wc.base_dir + "/" + b.file;
        std::ifstream in(path, std::ios::binary);
        if (!in)
          throw config::ConfigError("buffer '" + b.name + "': cannot open '" + path + "': " +
                                    std::strerror(errno));
        cb.contents.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (cb.bytes == 0) cb.bytes = cb.contents.size();
        if (cb.contents.size() < cb.bytes)
          throw config::ConfigError("buffer '" + b.name + "': '" + path + "' holds " +
                                    std::to_string(cb.contents.size()) + " bytes, fewer than its size " +
                                    std::to_string(cb.bytes));
        if (cb.bytes == 0)
          throw config::ConfigError("buffer '" + b.name + "': '" + path + "' is empty");
      }
      o.buffers.push_back(std::move(cb));
    }
    const auto args = config::parse_args(wc.get_string("args"));
    for (std::size_t i = 0; i < args.size(); ++i) {
      const config::ArgSpec& a = args[i];
      CustomArg ca;
      ca.text = a.text;
      switch (a.kind) {
        case config::ArgSpec::Kind::buffer: {
          ca.kind = CustomArg::Kind::buffer;
          ca.buffer = a.name;
          bool known = false;
          std::string names;
          for (const auto& b : o.buffers) {
            known = known || b.name == a.name;
            names += (names.empty() ? "" : ", ") + b.name;
          }
          if (!known)
            throw config::ConfigError("argument " + std::to_string(i) + " '" + a.text +
                                      "': no buffer named '" + a.name + "' (buffers: " +
                                      (names.empty() ? "none" : names) + ")");
          break;
        }
        case config::ArgSpec::Kind::local:
          ca.kind = CustomArg::Kind::local;
          ca.local_bytes = static_cast<std::uint64_t>(a.local_bytes);
          break;
        case config::ArgSpec::Kind::scalar: {
          ca.kind = CustomArg::Kind::scalar;
          ca.type = a.type;
          const std::size_t n = config::scalar_type_bytes(a.type);
          ca.value.resize(n);
          auto put = [&](auto v) { std::memcpy(ca.value.data(), &v, sizeof v); };
          if (a.type == "float") put(static_cast<float>(std::get<double>(a.value)));
          else if (a.type == "double") put(std::get<double>(a.value));
          else if (const auto* si = std::get_if<std::int64_t>(&a.value)) {
            if (n == 1) put(static_cast<std::int8_t>(*si));
            else if (n == 2) put(static_cast<std::int16_t>(*si));
            else if (n == 4) put(static_cast<std::int32_t>(*si));
            else put(*si);
          } else {
            const std::uint64_t u = std::get<std::uint64_t>(a.value);
            if (n == 1) put(static_cast<std::uint8_t>(u));
            else if (n == 2) put(static_cast<std::uint16_t>(u));
            else if (n == 4) put(static_cast<std::uint32_t>(u));
            else put(u);
          }
          break;
        }
      }
      o.args.push_back(std::move(ca));
    }
  } catch (const config::ConfigError& e) {
    throw config::ConfigError(where(wc) + ": " + e.what());
  }
  workloads::CommonOptions c = common(wc);
  c.max_launches = static_cast<std::uint64_t>(wc.get_int("iterations"));
  return std::make_unique<CustomWorkload>(c, std::move(o));
}

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

}  // namespace

std::optional<double> slo_p99_ms(const config::WorkloadConfig& wc) {
  if (wc.kind != "pipeline") return std::nullopt;
  const double v = wc.get_number("p99_ms");
  return v > 0 ? std::optional<double>(v) : std::nullopt;
}

std::unique_ptr<workloads::Workload> make_workload(const config::WorkloadConfig& wc) {
  using namespace workloads;
  if (wc.kind == "stream") {
    StreamOptions o;
    const std::string& op = wc.get_string("op");
    o.op = op == "copy" ? StreamOp::copy : op == "scale" ? StreamOp::scale
           : op == "add" ? StreamOp::add : StreamOp::triad;
    o.vec = static_cast<int>(wc.get_int("vec"));
    o.array_bytes = static_cast<std::uint64_t>(wc.get_int("size"));
    return std::make_unique<StreamWorkload>(common(wc), o);
  }
  if (wc.kind == "compute") {
    ComputeOptions o;
    const std::string& p = wc.get_string("precision");
    o.precision = p == "double" ? Precision::f64 : p == "half" ? Precision::f16 : Precision::f32;
    o.vec = static_cast<int>(wc.get_int("vec"));
    o.work_items = static_cast<std::uint64_t>(wc.get_int("work_items"));
    o.iters = static_cast<int>(wc.get_int("iters"));
    return std::make_unique<ComputeWorkload>(common(wc), o);
  }
  if (wc.kind == "transfer") {
    TransferOptions o;
    const std::string& d = wc.get_string("dir");
    o.dir = d == "d2h" ? TransferDir::d2h : d == "both" ? TransferDir::both : TransferDir::h2d;
    const std::string& m = wc.get_string("mode");
    o.mode = m == "pageable" ? TransferMode::pageable
             : m == "mapped" ? TransferMode::mapped : TransferMode::pinned;
    o.size = static_cast<std::uint64_t>(wc.get_int("size"));
    return std::make_unique<TransferWorkload>(common(wc), o);
  }
  if (wc.kind == "launch") {
    LaunchOptions o;
    o.work_items = static_cast<std::uint64_t>(wc.get_int("work_items"));
    return std::make_unique<LaunchWorkload>(common(wc), o);
  }
  if (wc.kind == "gemm") {
    GemmOptions o;
    const auto size = static_cast<std::uint64_t>(wc.get_int("size"));
    auto dim = [&](const char* key) {
      const auto v = static_cast<std::uint64_t>(wc.get_int(key));
      return v ? v : size;
    };
    o.m = dim("m");
    o.n = dim("n");
    o.k = dim("k");
    o.tile = static_cast<int>(wc.get_int("tile"));
    return std::make_unique<GemmWorkload>(common(wc), o);
  }
  if (wc.kind == "custom") return make_custom(wc);
  if (wc.kind == "pipeline") return make_pipeline(wc);
  throw config::ConfigError("workload kind '" + wc.kind + "' has no implementation");
}

}  // namespace clscope::app
