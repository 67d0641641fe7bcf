// The table of every workload kind's keys (defaults, ranges, choices, docs)
// and of [run]. The value checks that read it are in Schema.cpp.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

#include "config/ValueCheck.hpp"
#include "config/Config.hpp"
#include "config/CustomSpec.hpp"

namespace clscope::config {
namespace {

constexpr std::int64_t kKiB = 1024;

std::string validate_name(std::string_view text) {
  if (text.empty()) return "must not be empty";
  for (char c : text) {
    if (std::iscntrl(static_cast<unsigned char>(c))) return "must not contain control characters";
  }
  return {};
}

std::string validate_bind(std::string_view text) {
  if (text == "local" || text == "none") return {};
  try {
    parse_cpu_list(text);
  } catch (const ConfigError& e) {
    return std::string("expected \"local\", \"none\" or a CPU list like \"0-3,8\": ") + e.what();
  }
  return {};
}

template <typename F>
std::string validate_with(F&& parse) {
  try {
    parse();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return {};
}

std::string validate_buffers(std::string_view text) {
  return validate_with([&] { parse_buffers(text); });
}
std::string validate_args(std::string_view text) {
  return validate_with([&] { parse_args(text); });
}
std::string validate_global(std::string_view text) {
  if (text.empty()) return {};  // required: checked when the workload is made
  return validate_with([&] { parse_dims(text, false); });
}
std::string validate_local(std::string_view text) {
  return validate_with([&] { parse_dims(text, true); });
}

/// Builds one KeySchema readably (GCC warns on partial designated initializers).
class Key {
 public:
  Key(std::string name, Type type, Value default_value, std::string doc) {
    s_.key = std::move(name);
    s_.type = type;
    s_.default_value = std::move(default_value);
    s_.doc = std::move(doc);
  }
  Key& range(std::optional<double> lo, std::optional<double> hi) {
    s_.min = lo;
    s_.max = hi;
    return *this;
  }
  Key& choices(std::vector<std::string> allowed) {
    s_.choices = std::move(allowed);
    return *this;
  }
  Key& unit(std::string name) {
    s_.unit = std::move(name);
    return *this;
  }
  Key& validate(StringValidator check) {
    s_.validate = check;
    return *this;
  }
  operator KeySchema() const { return s_; }  // NOLINT: implicit by design

 private:
  KeySchema s_;
};

using I = std::int64_t;
using S = std::string;

KindSchema make_kind(const std::string& kind, std::string doc, std::int64_t in_flight,
                     std::vector<KeySchema> own) {
  KindSchema s{kind, std::move(doc), {}};
  s.keys.push_back(
      Key("name", Type::string, S(kind),
          "label shown in the dashboard and recordings; duplicates get #2, #3, ...")
          .validate(validate_name));
  s.keys.insert(s.keys.end(), own.begin(), own.end());
  const std::vector<KeySchema> common{
      Key("in_flight", Type::integer, I{in_flight}, "launches enqueued before waiting")
          .range(1, 64),
      Key("host_work_us", Type::number, 0.0,
          "busy CPU work on the submitting thread before each launch")
          .range(0, std::nullopt)
          .unit("us"),
      Key("host_sleep_us", Type::number, 0.0,
          "idle gap on the submitting thread before each launch")
          .range(0, std::nullopt)
          .unit("us"),
      Key("verify", Type::boolean, false,
          "re-check results against the host reference after the run too"),
      Key("seed", Type::integer, I{1}, "seed of the input data").range(0, std::nullopt),
      Key("bind", Type::string, S("local"),
          "CPUs of the submitting thread: local (near the device), none, or a list like 0-3,8")
          .validate(validate_bind),
      Key("start_after_s", Type::number, 0.0,
          "timed work starts this long after the session start (setup runs at once)")
          .range(0, std::nullopt)
          .unit("s"),
      Key("stop_after_s", Type::number, 0.0,
          "timed work stops this long after the session start; 0 = at the end of the run")
          .range(0, std::nullopt)
          .unit("s"),
      Key("timeout_s", Type::number, 60.0,
          "a launch not complete after this long fails the workload (the others go on)")
          .range(0.1, 86400)
          .unit("s"),
  };
  s.keys.insert(s.keys.end(), common.begin(), common.end());
  return s;
}

std::vector<KindSchema> build_schemas() {
  const std::vector<std::string> vec_choices{"1", "2", "4", "8", "16"};
  std::vector<KindSchema> all;
  all.push_back(make_kind(
      "stream", "memory bandwidth: STREAM copy/scale/add/triad over device arrays", 2,
      {Key("op", Type::choice, S("triad"), "copy c=a, scale b=q*c, add c=a+b, triad a=b+q*c")
           .choices({"copy", "scale", "add", "triad"}),
       Key("vec", Type::integer, I{4}, "vector width of each element access")
           .choices(vec_choices),
       Key("size", Type::size, I{0}, "bytes per array; auto (0) = past the last-level cache")
           .range(0, std::nullopt)
           .unit("bytes")}));
  const std::vector<std::string> compute_vec_choices{"0", "1", "2", "4", "8", "16"};
  all.push_back(make_kind(
      "compute", "arithmetic throughput: dependent FMA chains per work-item", 2,
      {Key("precision", Type::choice, S("float"), "arithmetic type")
           .choices({"float", "double", "half"}),
       Key("vec", Type::integer, I{0},
           "vector width of the arithmetic; 0 = auto (the device's native float vector width)")
           .choices(compute_vec_choices),
       Key("work_items", Type::integer, I{0}, "global work size; 0 = auto (fill the device)")
           .range(0, std::nullopt),
       Key("iters", Type::integer, I{256}, "FMA rounds per work-item").range(1, 1e6)}));
  all.push_back(make_kind(
      "transfer", "host<->device copy bandwidth", 1,
      {Key("dir", Type::choice, S("h2d"), "h2d host to device, d2h device to host, both")
           .choices({"h2d", "d2h", "both"}),
       Key("mode", Type::choice, S("pinned"),
           "host memory: pageable (malloc), pinned (page-locked), mapped (map/unmap)")
           .choices({"pageable", "pinned", "mapped"}),
       Key("size", Type::size, I{64 * kKiB * kKiB}, "bytes per copy")
           .range(1, std::nullopt)
           .unit("bytes")}));
  all.push_back(make_kind(
      "launch", "launch latency: tiny kernels back to back", 1,
      {Key("work_items", Type::integer, I{1}, "global work size of each tiny kernel")
           .range(1, 1e6)}));
  all.push_back(make_kind(
      "gemm", "tiled single-precision matrix product C = A * B (local-memory tiles, float4 loads)",
      2,
      {Key("size", Type::integer, I{1024}, "m, n and k when those are 0 (square matrices)")
           .range(1, 65536),
       Key("m", Type::integer, I{0}, "rows of A and C; 0 = size").range(0, 65536),
       Key("n", Type::integer, I{0}, "columns of B and C; 0 = size").range(0, 65536),
       Key("k", Type::integer, I{0}, "columns of A, rows of B; 0 = size").range(0, 65536),
       Key("tile", Type::integer, I{16},
           "tile edge; a work-item computes min(16, tile) rows x 4 columns; sizes round up to a multiple")
           .choices({"8", "16", "32", "64"})}));
  all.push_back(make_kind(
      "custom", "your own kernel from a .cl file", 2,
      {Key("file", Type::string, S(),
           "the .cl file (required); relative paths start at the scenario file's folder"),
       Key("kernel", Type::string, S(), "kernel function name (required)"),
       Key("build_options", Type::string, S(), "extra clBuildProgram options, e.g. -DN=4"),
       Key("buffers", Type::string, S(),
           "device buffers: \"NAME:SIZE:INIT[:ACCESS], ...\" (INIT zero, random, random_int, "
           "sequence, sequence_int, file=PATH; ACCESS read, write, read_write)")
           .validate(validate_buffers),
       Key("args", Type::string, S(),
           "kernel arguments in order: buffer names, TYPE:VALUE scalars (int:5, float:1.5), "
           "local:SIZE")
           .validate(validate_args),
       Key("global", Type::string, S(), "global work size \"X[,Y[,Z]]\" (required)")
           .validate(validate_global),
       Key("local", Type::string, S(), "local work size \"X[,Y[,Z]]\"; empty = runtime's choice")
           .validate(validate_local),
       Key("bytes_per_item", Type::number, 0.0, "bytes each work-item moves (your accounting)")
           .range(0, std::nullopt)
           .unit("bytes"),
       Key("ops_per_item", Type::number, 0.0,
           "arithmetic operations per work-item, FMA = 2 (your accounting)")
           .range(0, std::nullopt),
       Key("metric", Type::choice, S("auto"),
           "headline: flops (GFLOP/s), bytes (GB/s), launches (launch/s); auto = flops if "
           "ops_per_item > 0, else bytes if bytes_per_item > 0, else launches")
           .choices({"auto", "flops", "bytes", "launches"}),
       Key("iterations", Type::integer, I{0}, "timed launches, then stop; 0 = until the run ends")
           .range(0, std::nullopt)}));
  all.push_back(make_kind(
      "pipeline",
      "inference-like request server: open-loop arrivals, batching, tail latency", 1,
      {Key("arrival", Type::choice, S("poisson"), "arrival process")
           .choices({"constant", "poisson", "bursty", "trace"}),
       Key("rate_hz", Type::number, 200.0,
           "arrival rate (constant, poisson); bursty: rate between bursts")
           .range(0, 1e6)
           .unit("1/s"),
       Key("burst_rate_hz", Type::number, 1000.0, "bursty: arrival rate during a burst")
           .range(0.001, 1e6)
           .unit("1/s"),
       Key("burst_on_ms", Type::number, 50.0, "bursty: mean burst length (exponential)")
           .range(0.001, 3.6e6)
           .unit("ms"),
       Key("burst_off_ms", Type::number, 450.0, "bursty: mean gap between bursts (exponential)")
           .range(0.001, 3.6e6)
           .unit("ms"),
       Key("trace", Type::string, S(),
           "trace: file of arrival times in seconds, one per line (relative to the scenario)"),
       Key("size", Type::choice, S("lognormal"), "request size distribution (rows)")
           .choices({"fixed", "uniform", "lognormal", "file"}),
       Key("size_mean", Type::integer, I{32}, "fixed: the size; lognormal: the mean")
           .range(1, 1 << 20)
           .unit("rows"),
       Key("size_min", Type::integer, I{1}, "smallest size (uniform bounds; clamps the others)")
           .range(1, 1 << 20)
           .unit("rows"),
       Key("size_max", Type::integer, I{256}, "largest size (sizes device buffers)")
           .range(1, 1 << 20)
           .unit("rows"),
       Key("size_sigma", Type::number, 0.5, "lognormal: sigma of the underlying normal")
           .range(0, 4),
       Key("size_file", Type::string, S(),
           "file: sizes in rows, one per line, used in order (relative to the scenario)"),
       Key("dim", Type::integer, I{256}, "input features per row (rounded up to 16)")
           .range(1, 16384),
       Key("hidden", Type::integer, I{256}, "output features per row (rounded up to 16)")
           .range(1, 16384),
       Key("max_batch", Type::integer, I{8}, "requests per batch at most").range(1, 1024),
       Key("max_wait_us", Type::number, 2000.0,
           "a batch leaves when full or when its oldest request has waited this long")
           .range(0, 1e7)
           .unit("us"),
       Key("queues", Type::integer, I{2}, "batches in flight, each on its own command queue")
           .range(1, 16),
       Key("host_threads", Type::integer, I{2}, "threads of the pre/post-processing task arena")
           .range(1, 256),
       Key("pre_us_per_kib", Type::number, 2.0, "host pre-processing per KiB of request input")
           .range(0, 1e6)
           .unit("us"),
       Key("post_us_per_kib", Type::number, 1.0, "host post-processing per KiB of output")
           .range(0, 1e6)
           .unit("us"),
       Key("queue_limit", Type::integer, I{0},
           "waiting requests at most; an arrival beyond is dropped; 0 = unlimited")
           .range(0, std::nullopt),
       Key("timeout_ms", Type::number, 0.0,
           "a request still waiting this long after its arrival is abandoned; 0 = never")
           .range(0, std::nullopt)
           .unit("ms"),
       Key("p99_ms", Type::number, 0.0,
           "latency objective: p99 over all requests (failed = too slow); 0 = none")
           .range(0, std::nullopt)
           .unit("ms")}));
  return all;
}

}  // namespace

const std::vector<KindSchema>& schemas() {
  static const std::vector<KindSchema> all = build_schemas();
  return all;
}

const KindSchema* find_schema(std::string_view kind) {
  for (const auto& s : schemas()) {
    if (s.kind == kind) return &s;
  }
  return nullptr;
}

const std::vector<KeySchema>& run_schema() {
  static const std::vector<KeySchema> keys{
      Key("duration", Type::number, 0.0, "length of the run; 0 = until interrupted")
          .range(0, std::nullopt)
          .unit("s"),
      Key("window", Type::number, 1.0,
          "analysis window of the steady-state detector and the verdicts")
          .range(0.1, 60)
          .unit("s"),
      Key("device", Type::string, S("auto"),
          "auto, INDEX, PLATFORM:DEVICE, a PCI address or a name substring")
          .validate(validate_name),
      Key("record", Type::string, S(), "path of a JSONL recording; empty = none"),
      Key("solo_windows", Type::integer, I{3},
          "with several workloads, each first runs alone this many windows, one after "
          "another (its solo level); 0 = all start together")
          .range(0, 60)
          .unit("windows"),
  };
  return keys;
}

}  // namespace clscope::config
