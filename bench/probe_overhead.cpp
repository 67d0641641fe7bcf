// Measures what sampling every probe costs: runs the probe sampler at 10 Hz
// (the default) for N seconds and prints the sampler thread's CPU time as a
// share of one core. The goal is < 0.5 %.
//
//   bench_probe_overhead [SECONDS=60] [--threads K=8] [--period-ms MS=100]
//                        [--sysfs-root DIR] [--procfs-root DIR]
//
// K idle threads are started first so the per-thread table has the size it
// has in a real run (workload threads, OpenCL runtime threads).
#include <pthread.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/Time.hpp"
#include "probes/Registry.hpp"
#include "probes/Sampler.hpp"

namespace {

struct Args {
  double seconds = 60;
  int threads = 8;
  int period_ms = 100;
  clscope::probes::FsRoot root;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "bench_probe_overhead: %s\nusage: bench_probe_overhead [SECONDS] [--threads K] "
               "[--period-ms MS] [--sysfs-root DIR] [--procfs-root DIR]\n",
               why);
  std::exit(2);
}

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + arg).c_str());
      return argv[++i];
    };
    if (arg == "--threads") a.threads = std::atoi(next().c_str());
    else if (arg == "--period-ms") a.period_ms = std::atoi(next().c_str());
    else if (arg == "--sysfs-root") a.root.sysfs = next();
    else if (arg == "--procfs-root") a.root.procfs = next();
    else if (!arg.empty() && arg[0] != '-') a.seconds = std::atof(arg.c_str());
    else usage(("unknown option " + arg).c_str());
  }
  if (a.seconds <= 0 || a.threads < 0 || a.period_ms <= 0) usage("values must be positive");
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  namespace p = clscope::probes;
  const Args args = parse(argc, argv);

  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::vector<std::thread> idle;
  for (int i = 0; i < args.threads; ++i) {
    idle.emplace_back([&, i] {
      const std::string name = "bench:idle" + std::to_string(i);
      pthread_setname_np(pthread_self(), name.c_str());
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return done; });
    });
  }

  p::ProbeOptions opts;
  opts.root = args.root;
  auto disc = p::discover_probes(opts);
  std::printf("probes (%zu):", disc.probes.size());
  for (const auto& pr : disc.probes) std::printf(" %s", pr->name().c_str());
  std::printf("\n");
  for (const auto& n : disc.notes) std::printf("  no %s: %s\n", n.backend.c_str(), n.reason.c_str());

  // Per-probe cost on this thread, for the breakdown (after the timed run the
  // probes belong to the sampler, so measure first).
  std::map<std::string, double> per_probe_us;
  for (auto& pr : disc.probes) {
    constexpr int kReps = 50;
    pr->sample();
    const auto c0 = clscope::core::thread_cpu_ns();
    for (int r = 0; r < kReps; ++r) pr->sample();
    per_probe_us[pr->name()] = static_cast<double>(clscope::core::thread_cpu_ns() - c0) / kReps / 1e3;
  }

  p::Sampler sampler(std::move(disc.probes), std::chrono::milliseconds(args.period_ms));
  const auto t0 = clscope::core::now_ns();
  sampler.start();
  std::this_thread::sleep_for(std::chrono::duration<double>(args.seconds));
  const auto cpu_ns = sampler.thread_cpu_ns().value_or(0);
  const auto wall_ns = clscope::core::now_ns() - t0;
  const auto rounds = sampler.rounds();
  const auto last = sampler.latest();
  sampler.stop();
  {
    std::lock_guard lock(m);
    done = true;
  }
  cv.notify_all();
  for (auto& t : idle) t.join();

  std::printf("\nper-probe CPU cost per sample: hot loop on the main thread | in the sampler\n");
  for (const auto& [name, us] : per_probe_us) {
    const auto* r = last ? last->find(name) : nullptr;
    const double in_sampler =
        r && r->samples ? static_cast<double>(r->total_cost_ns) / static_cast<double>(r->samples) / 1e3 : 0.0;
    std::printf("  %-22s %8.1f us | %8.1f us x %llu samples\n", name.c_str(), us, in_sampler,
                r ? static_cast<unsigned long long>(r->samples) : 0ULL);
  }
  const double pct = 100.0 * static_cast<double>(cpu_ns) / static_cast<double>(wall_ns);
  std::printf("\nsampler: %llu rounds in %.1f s (%.2f Hz, period %d ms), %d extra threads\n",
              static_cast<unsigned long long>(rounds), static_cast<double>(wall_ns) / 1e9,
              static_cast<double>(rounds) * 1e9 / static_cast<double>(wall_ns), args.period_ms,
              args.threads);
  std::printf("sampler thread CPU time: %.1f ms = %.3f %% of one core (%.1f us per round); goal < 0.5 %%: %s\n",
              static_cast<double>(cpu_ns) / 1e6, pct,
              rounds ? static_cast<double>(cpu_ns) / static_cast<double>(rounds) / 1e3 : 0.0,
              pct < 0.5 ? "met" : "NOT met");
  return 0;
}
