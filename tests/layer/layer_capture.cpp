// layer_capture [--capacity N] [--no-drain] [--no-layer] LAYER.so -- CMD [ARGS...]
// Runs CMD under libclscope-layer.so with a fresh channel (tests/layer/LayerRun)
// and prints, after it exits, one summary line per kind/kernel name and the
// channel counters. --no-drain: take the records only after CMD exited (the
// reader costs the program nothing; records past the capacity are dropped).
// Exit code: CMD's. For bench/layer_overhead.sh and by hand.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "LayerRun.hpp"

int main(int argc, char** argv) {
  using namespace clscope::layer;
  testing::LayerRunOptions options;
  bool with_layer = true;
  int i = 1;
  for (; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--capacity" && i + 1 < argc) options.capacity = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--no-layer") with_layer = false;
    else if (arg == "--no-drain") options.drain_while_running = false;
    else if (arg == "--") { ++i; break; }
    else options.layer_library = arg;
  }
  if (i >= argc || options.layer_library.empty()) {
    std::fprintf(stderr, "usage: layer_capture [--capacity N] [--no-drain] [--no-layer] LAYER.so -- CMD [ARGS...]\n");
    return 2;
  }
  if (!with_layer) options.layer_library.clear();
  for (; i < argc; ++i) options.argv.push_back(argv[i]);
  const auto result = testing::run_under_layer(options);
  if (!result.error.empty()) {
    std::fprintf(stderr, "layer_capture: %s\n", result.error.c_str());
    return 125;
  }
  std::map<std::string, std::pair<uint64_t, double>> by_name;  // count, device busy us
  for (const auto& r : result.records) {
    std::string key = kind_name(r.kind);
    if (r.kind == CLSCOPE_KIND_KERNEL) key += std::string(" ") + r.name;
    auto& [n, us] = by_name[key];
    ++n;
    if (r.flags & CLSCOPE_FLAG_DEVICE_TIMES) us += static_cast<double>(r.end_ns - r.start_ns) / 1e3;
  }
  for (const auto& [key, v] : by_name) std::printf("record %-40s count %8llu device_us %12.1f\n", key.c_str(),
                                                   static_cast<unsigned long long>(v.first), v.second);
  const auto& c = result.counters;
  std::printf("counters written %llu dropped %llu events_in_flight %lld queues_forced %llu queues_refused %llu "
              "unobserved %llu\n",
              (unsigned long long)c.records_written, (unsigned long long)c.records_dropped,
              (long long)c.events_in_flight(), (unsigned long long)c.queues_forced,
              (unsigned long long)c.queues_refused, (unsigned long long)c.calls_unobserved);
  return result.exit_code;
}
