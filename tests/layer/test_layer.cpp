// libclscope-layer.so on the OpenCL platform present (POCL here): our own
// program (layer_subject) and clpeak run as children under the layer; the
// records are checked against what the program did, and the program checks
// its own results (exit 0 = the layer changed nothing it sees).
#include <CL/cl.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "LayerRun.hpp"

namespace clscope::layer {
namespace {

using testing::LayerRunOptions;
using testing::LayerRunResult;

constexpr uint64_t kBytes = 4096 * sizeof(float);  // layer_subject's buffers

LayerRunResult run_subject(const std::vector<std::string>& args, LayerRunOptions options = {}) {
  options.argv = {CLSCOPE_LAYER_SUBJECT};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.layer_library = CLSCOPE_LAYER_LIBRARY;
  return testing::run_under_layer(options);
}

// The records of one kind in the order the program made the calls (the ring's
// order is the order they were published: completion order, roughly).
std::vector<clscope_layer_record> of_kind(const LayerRunResult& r, clscope_layer_kind kind) {
  std::vector<clscope_layer_record> out;
  std::copy_if(r.records.begin(), r.records.end(), std::back_inserter(out),
               [&](const auto& rec) { return rec.kind == kind; });
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  return out;
}

std::map<std::string, int> kernel_counts(const LayerRunResult& r) {
  std::map<std::string, int> counts;
  for (const auto& rec : of_kind(r, CLSCOPE_KIND_KERNEL)) ++counts[rec.name];
  return counts;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// What every run must show: the program succeeded, nothing lost, no event left behind.
void expect_clean(const LayerRunResult& r) {
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.exit_code, 0) << "the program's own check failed under the layer";
  EXPECT_EQ(r.counters.attached, 1u);
  EXPECT_EQ(r.counters.records_dropped, 0u);
  EXPECT_EQ(r.counters.records_written, r.records.size());
  EXPECT_EQ(r.counters.events_in_flight(), 0) << "created " << r.counters.events_created << " retained "
                                               << r.counters.events_retained << " released "
                                               << r.counters.events_released;
  for (const auto& rec : r.records) {
    EXPECT_EQ(rec.record_version, CLSCOPE_LAYER_LAYOUT_VERSION);
    EXPECT_EQ(rec.status, 0) << kind_name(rec.kind);
    if (rec.flags & CLSCOPE_FLAG_DEVICE_TIMES) {
      EXPECT_LE(rec.queued_ns, rec.submit_ns) << kind_name(rec.kind);
      EXPECT_LE(rec.submit_ns, rec.start_ns) << kind_name(rec.kind);
      EXPECT_LE(rec.start_ns, rec.end_ns) << kind_name(rec.kind);
      EXPECT_GT(rec.start_ns, 0u);
    }
    EXPECT_GT(rec.host_enter_ns, 0u);
  }
}

TEST(LayerOpenCL, BasicProgramEveryCommandRecordedWithProfilingForced) {
  const auto r = run_subject({"basic"});
  expect_clean(r);
  EXPECT_EQ(r.counters.queues_forced, 1u);  // the program asked for properties 0
  EXPECT_EQ(kernel_counts(r), (std::map<std::string, int>{{"scale", 2}, {"single", 1}, {"vadd", 3}}));

  std::set<uint64_t> queues, devices, tids, seqs;
  for (const auto& rec : r.records) {
    queues.insert(rec.queue);
    devices.insert(rec.device);
    tids.insert(rec.tid);
    seqs.insert(rec.seq);
    const bool host_only = rec.kind == CLSCOPE_KIND_FINISH ||
                           (rec.kind == CLSCOPE_KIND_BARRIER && !(rec.flags & CLSCOPE_FLAG_PROGRAM_EVENT));
    EXPECT_EQ(host_only, !(rec.flags & CLSCOPE_FLAG_DEVICE_TIMES)) << kind_name(rec.kind) << " seq " << rec.seq;
  }
  EXPECT_EQ(queues.size(), 1u);
  EXPECT_NE(*queues.begin(), 0u);
  EXPECT_EQ(devices.size(), 1u);
  EXPECT_NE(*devices.begin(), 0u);
  EXPECT_EQ(tids.size(), 1u);  // one thread: the main one
  EXPECT_EQ(*tids.begin(), r.records.front().pid);
  EXPECT_EQ(seqs.size(), r.records.size());

  for (const auto& k : of_kind(r, CLSCOPE_KIND_KERNEL)) {
    const std::string name = k.name;
    if (name == "vadd") {
      EXPECT_EQ(k.work_dim, 1u);
      EXPECT_EQ(k.global_size[0], 4096u);
      EXPECT_EQ(k.local_size[0], 64u);
      EXPECT_TRUE(k.flags & CLSCOPE_FLAG_LOCAL_SIZE);
    } else if (name == "scale") {
      EXPECT_EQ(k.work_dim, 2u);
      EXPECT_EQ(k.global_size[0], 64u);
      EXPECT_EQ(k.global_size[1], 64u);
      EXPECT_EQ(k.global_size[2], 1u);
      EXPECT_FALSE(k.flags & CLSCOPE_FLAG_LOCAL_SIZE);
    } else {
      EXPECT_EQ(name, "single");
      EXPECT_EQ(k.global_size[0], 1u);
    }
    EXPECT_EQ(k.bytes, 0u);
  }

  // Writes: a, b (blocking), x (not blocking, the program's event), a 16x16 float rect.
  const auto writes = of_kind(r, CLSCOPE_KIND_WRITE);
  ASSERT_EQ(writes.size(), 4u);
  EXPECT_EQ(writes[0].bytes, kBytes);
  EXPECT_EQ(writes[1].bytes, kBytes);
  EXPECT_EQ(writes[2].bytes, kBytes);
  EXPECT_EQ(writes[3].bytes, 1024u);
  for (const auto& w : writes) EXPECT_EQ(w.direction, CLSCOPE_DIR_HOST_TO_DEVICE);
  EXPECT_TRUE(writes[0].flags & CLSCOPE_FLAG_BLOCKING);
  EXPECT_GT(writes[0].host_wait_ns, 0u);
  EXPECT_FALSE(writes[2].flags & CLSCOPE_FLAG_BLOCKING);
  EXPECT_TRUE(writes[2].flags & CLSCOPE_FLAG_PROGRAM_EVENT);
  EXPECT_EQ(writes[2].host_wait_ns, 0u);

  // Reads: c, x into the mapped pinned buffer, the rect.
  const auto reads = of_kind(r, CLSCOPE_KIND_READ);
  ASSERT_EQ(reads.size(), 3u);
  EXPECT_EQ(reads[0].bytes, kBytes);
  EXPECT_EQ(reads[1].bytes, kBytes);
  EXPECT_EQ(reads[2].bytes, 1024u);
  for (const auto& rd : reads) {
    EXPECT_EQ(rd.direction, CLSCOPE_DIR_DEVICE_TO_HOST);
    EXPECT_TRUE(rd.flags & CLSCOPE_FLAG_BLOCKING);
  }
  EXPECT_FALSE(reads[0].flags & CLSCOPE_FLAG_HOST_MAPPED);
  EXPECT_TRUE(reads[1].flags & CLSCOPE_FLAG_HOST_MAPPED);
  EXPECT_FALSE(reads[0].flags & CLSCOPE_FLAG_PINNED);  // plain buffers

  const auto copies = of_kind(r, CLSCOPE_KIND_COPY);
  ASSERT_EQ(copies.size(), 2u);
  EXPECT_EQ(copies[0].bytes, kBytes);
  EXPECT_EQ(copies[1].bytes, 1024u);
  for (const auto& c : copies) EXPECT_EQ(c.direction, CLSCOPE_DIR_DEVICE_TO_DEVICE);
  const auto fills = of_kind(r, CLSCOPE_KIND_FILL);
  ASSERT_EQ(fills.size(), 1u);
  EXPECT_EQ(fills[0].bytes, 1024u);

  // Map for writing (nothing comes to the host), unmap (bytes go back), map for reading.
  const auto maps = of_kind(r, CLSCOPE_KIND_MAP);
  const auto unmaps = of_kind(r, CLSCOPE_KIND_UNMAP);
  ASSERT_EQ(maps.size(), 2u);
  ASSERT_EQ(unmaps.size(), 2u);
  EXPECT_EQ(maps[0].map_flags, uint64_t{CL_MAP_WRITE_INVALIDATE_REGION});
  EXPECT_EQ(maps[0].direction, CLSCOPE_DIR_NONE);
  EXPECT_EQ(maps[1].direction, CLSCOPE_DIR_DEVICE_TO_HOST);
  for (const auto& m : maps) {
    EXPECT_EQ(m.bytes, kBytes);
    EXPECT_TRUE(m.flags & CLSCOPE_FLAG_PINNED);
    EXPECT_TRUE(m.flags & CLSCOPE_FLAG_BLOCKING);
  }
  for (const auto& u : unmaps) {
    EXPECT_EQ(u.bytes, kBytes);
    EXPECT_EQ(u.direction, CLSCOPE_DIR_HOST_TO_DEVICE);
    EXPECT_TRUE(u.flags & CLSCOPE_FLAG_PINNED);
  }

  const auto markers = of_kind(r, CLSCOPE_KIND_MARKER);
  const auto barriers = of_kind(r, CLSCOPE_KIND_BARRIER);
  ASSERT_EQ(markers.size(), 2u);
  ASSERT_EQ(barriers.size(), 2u);
  EXPECT_EQ(markers[0].wait_list_len, 1u);
  const auto finishes = of_kind(r, CLSCOPE_KIND_FINISH);
  ASSERT_EQ(finishes.size(), 1u);
  EXPECT_EQ(finishes[0].host_wait_ns, finishes[0].host_call_ns);
  EXPECT_EQ(r.records.size(), 25u);
}

TEST(LayerOpenCL, EventsReleasedAtOnceByTheProgramStillTimed) {
  const auto r = run_subject({"release-early"});
  expect_clean(r);
  const auto kernels = of_kind(r, CLSCOPE_KIND_KERNEL);
  ASSERT_EQ(kernels.size(), 20u);
  for (const auto& k : kernels) {
    EXPECT_TRUE(k.flags & CLSCOPE_FLAG_PROGRAM_EVENT);
    EXPECT_TRUE(k.flags & CLSCOPE_FLAG_DEVICE_TIMES);
  }
  EXPECT_EQ(r.counters.events_retained, 20u);
  EXPECT_GE(r.counters.events_created, 3u);  // the writes and the read: the layer's own events
}

TEST(LayerOpenCL, OutOfOrderQueueKeepsItsPropertiesAndDependencies) {
  const auto r = run_subject({"out-of-order"});
  expect_clean(r);  // the program checked CL_QUEUE_PROPERTIES and CL_QUEUE_PROPERTIES_ARRAY itself
  EXPECT_EQ(r.counters.queues_forced, 1u);
  const auto writes = of_kind(r, CLSCOPE_KIND_WRITE);
  const auto kernels = of_kind(r, CLSCOPE_KIND_KERNEL);
  ASSERT_EQ(writes.size(), 2u);
  ASSERT_EQ(kernels.size(), 1u);
  EXPECT_EQ(kernels[0].wait_list_len, 2u);
  for (const auto& w : writes) EXPECT_GE(kernels[0].start_ns, w.end_ns) << "the kernel waited on both writes";
  const auto reads = of_kind(r, CLSCOPE_KIND_READ);
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_GE(reads[0].start_ns, kernels[0].end_ns);
}

TEST(LayerOpenCL, UserEventGatesAKernelAndWaitForEventsIsAHostWait) {
  const auto r = run_subject({"user-events"});
  expect_clean(r);
  const auto kernels = of_kind(r, CLSCOPE_KIND_KERNEL);
  ASSERT_EQ(kernels.size(), 1u);
  EXPECT_EQ(kernels[0].wait_list_len, 1u);
  // The program held the gate closed for 50 ms after enqueuing.
  EXPECT_GE(kernels[0].start_ns - kernels[0].queued_ns, 40'000'000u);
  const auto waits = of_kind(r, CLSCOPE_KIND_WAIT_EVENTS);
  ASSERT_EQ(waits.size(), 1u);
  EXPECT_EQ(waits[0].wait_list_len, 1u);
  EXPECT_EQ(waits[0].queue, 0u);
}

TEST(LayerOpenCL, TwoThreadsTwoQueuesAreToldApart) {
  const auto r = run_subject({"threads"});
  expect_clean(r);
  EXPECT_EQ(r.counters.queues_forced, 2u);
  EXPECT_EQ(kernel_counts(r), (std::map<std::string, int>{{"scale", 10}, {"vadd", 10}}));
  std::map<std::string, std::set<uint64_t>> tids, queues;
  for (const auto& k : of_kind(r, CLSCOPE_KIND_KERNEL)) {
    tids[k.name].insert(k.tid);
    queues[k.name].insert(k.queue);
  }
  ASSERT_EQ(tids["vadd"].size(), 1u);
  ASSERT_EQ(tids["scale"].size(), 1u);
  EXPECT_NE(*tids["vadd"].begin(), *tids["scale"].begin());
  ASSERT_EQ(queues["vadd"].size(), 1u);
  ASSERT_EQ(queues["scale"].size(), 1u);
  EXPECT_NE(*queues["vadd"].begin(), *queues["scale"].begin());
  EXPECT_EQ(of_kind(r, CLSCOPE_KIND_FINISH).size(), 2u);
}

TEST(LayerOpenCL, ProgramThatAsksForProfilingKeepsItsOwnTimes) {
  const auto r = run_subject({"profiled"});
  expect_clean(r);  // the program read START/END itself and saw PROFILING in its properties
  EXPECT_EQ(r.counters.queues_forced, 0u);
  const auto kernels = of_kind(r, CLSCOPE_KIND_KERNEL);
  ASSERT_EQ(kernels.size(), 1u);
  EXPECT_TRUE(kernels[0].flags & CLSCOPE_FLAG_DEVICE_TIMES);
  EXPECT_EQ(r.counters.events_retained, 1u);
}

TEST(LayerOpenCL, FullRingDropsAndCountsWithoutBlockingTheProgram) {
  LayerRunOptions options;
  options.capacity = 64;
  options.drain_while_running = false;  // a reader that is gone or stuck
  const auto r = run_subject({"many", "2000"}, options);
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.records.size(), 64u);  // what the ring held
  EXPECT_EQ(r.counters.records_written, 64u);
  EXPECT_EQ(r.counters.records_written + r.counters.records_dropped, 2001u);  // 2000 kernels + clFinish
  EXPECT_EQ(r.counters.events_in_flight(), 0);
  std::set<uint64_t> seqs;
  for (const auto& rec : r.records) seqs.insert(rec.seq);
  EXPECT_EQ(seqs.size(), 64u) << "a record written twice";
  EXPECT_GE(*seqs.begin(), 1u);
  EXPECT_LE(*seqs.rbegin(), 2001u);
}

TEST(LayerOpenCL, AReleasedKernelsAddressReusedByAnotherKernelGetsItsOwnName) {
  const auto r = run_subject({"kernel-reuse"});
  expect_clean(r);
  const auto kernels = of_kind(r, CLSCOPE_KIND_KERNEL);
  ASSERT_EQ(kernels.size(), 20u);
  for (size_t i = 0; i < kernels.size(); ++i) {
    EXPECT_STREQ(kernels[i].name, i % 2 == 0 ? "vadd" : "scale") << "launch " << i;
    EXPECT_EQ(kernels[i].work_dim, i % 2 == 0 ? 1u : 2u) << "launch " << i;
  }
}

TEST(LayerOpenCL, FinishedCommandsAreRecordedWhileTheProgramMakesNoCall) {
  // The program goes quiet after clFinish and leaves through _exit: only the
  // layer's drain thread can have published the kernels' records.
  const auto r = run_subject({"quiet-exit", "50"});
  expect_clean(r);
  EXPECT_EQ(kernel_counts(r), (std::map<std::string, int>{{"spin", 50}}));
  for (const auto& k : of_kind(r, CLSCOPE_KIND_KERNEL)) EXPECT_TRUE(k.flags & CLSCOPE_FLAG_DEVICE_TIMES);
}

TEST(LayerOpenCL, TheLayersThreadBlocksEverySignalTheProgramMightMeanForItself) {
  const auto out = std::filesystem::temp_directory_path() / "masks.stdout";
  LayerRunOptions options;
  options.stdout_file = out;
  const auto r = run_subject({"thread-masks"}, options);
  expect_clean(r);
  const std::string text = read_file(out);
  const auto at = text.find("thread clscope-layer SigBlk ");
  ASSERT_NE(at, std::string::npos) << text;
  const uint64_t blocked = std::stoull(text.substr(at + 28, 16), nullptr, 16);
  for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGCHLD, SIGPIPE, SIGWINCH})
    EXPECT_TRUE(blocked & (uint64_t{1} << (sig - 1))) << "signal " << sig << " in " << text;
  EXPECT_EQ(occurrences(text, "thread clscope-layer "), 1u) << text;
}

TEST(LayerOpenCL, ProfilingRefusedByTheDriverRetriesTheProgramsExactCallAndSaysSoOnce) {
  const auto err = std::filesystem::temp_directory_path() / "refused.stderr";
  LayerRunOptions options;
  options.layers_below = {CLSCOPE_REFUSE_PROFILING_LAYER};  // a "driver" refusing profiling
  options.stderr_file = err;
  const auto r = run_subject({"threads"}, options);  // two queues: said once, counted twice
  expect_clean(r);
  EXPECT_EQ(r.counters.queues_forced, 0u);
  EXPECT_EQ(r.counters.queues_refused, 2u);
  EXPECT_EQ(kernel_counts(r), (std::map<std::string, int>{{"scale", 10}, {"vadd", 10}}));
  for (const auto& rec : r.records) EXPECT_FALSE(rec.flags & CLSCOPE_FLAG_DEVICE_TIMES);
  const std::string text = read_file(err);
  EXPECT_EQ(occurrences(text, "refused CL_QUEUE_PROFILING_ENABLE"), 1u) << text;

  const auto basic = run_subject({"basic"}, options);  // the program's own checks hold too
  expect_clean(basic);
  EXPECT_EQ(basic.counters.queues_refused, 1u);
}

TEST(LayerOpenCL, ExtensionFunctionsPassThroughAndAreSaidOnce) {
  const auto err = std::filesystem::temp_directory_path() / "unobserved.stderr";
  LayerRunOptions options;
  options.stderr_file = err;
  const auto r = run_subject({"unobserved"}, options);
  expect_clean(r);
  const std::string text = read_file(err);
  EXPECT_EQ(occurrences(text, "clIcdGetPlatformIDsKHR is not observed"), 1u) << text;
  EXPECT_EQ(occurrences(text, "is not observed"), 1u) << text;
  EXPECT_EQ(r.counters.calls_unobserved, 2u);  // 2 look-ups
}

// One record's shape: kind, bytes, direction and the image/SVM flag.
struct Shape {
  uint16_t kind;
  uint64_t bytes;
  uint32_t direction;
  uint16_t flag;
  bool operator<(const Shape& o) const {
    return std::tie(kind, bytes, direction, flag) < std::tie(o.kind, o.bytes, o.direction, o.flag);
  }
  bool operator==(const Shape& o) const { return !(*this < o) && !(o < *this); }
};

std::ostream& operator<<(std::ostream& out, const Shape& s) {
  return out << kind_name(s.kind) << " " << s.bytes << " B dir " << s.direction << " flag " << s.flag;
}

TEST(LayerOpenCL, ImageSvmMigrationAndNativeCommandsAreRecordedLikeTheirBufferKin) {
  const auto err = std::filesystem::temp_directory_path() / "images.stderr";
  LayerRunOptions options;
  options.stderr_file = err;
  const auto r = run_subject({"images-svm"}, options);
  if (r.exit_code == 77) GTEST_SKIP() << "the device has no coarse-grain SVM";
  expect_clean(r);
  EXPECT_EQ(read_file(err).find("not observed"), std::string::npos) << read_file(err);
  EXPECT_EQ(r.counters.calls_unobserved, 0u);

  constexpr uint64_t kImage = 8 * 8 * 16;  // 8x8 RGBA float
  const uint16_t img = CLSCOPE_FLAG_IMAGE, svm = CLSCOPE_FLAG_SVM;
  std::multiset<Shape> expected = {
      {CLSCOPE_KIND_WRITE, kImage, CLSCOPE_DIR_HOST_TO_DEVICE, img},
      {CLSCOPE_KIND_WRITE, kImage, CLSCOPE_DIR_HOST_TO_DEVICE, img},
      {CLSCOPE_KIND_FILL, 4 * 4 * 16, CLSCOPE_DIR_NONE, img},
      {CLSCOPE_KIND_READ, kImage, CLSCOPE_DIR_DEVICE_TO_HOST, img},
      {CLSCOPE_KIND_COPY, kImage, CLSCOPE_DIR_DEVICE_TO_DEVICE, img},
      {CLSCOPE_KIND_READ, kImage, CLSCOPE_DIR_DEVICE_TO_HOST, 0},  // the copied buffer, read back
      {CLSCOPE_KIND_MAP, kImage, CLSCOPE_DIR_DEVICE_TO_HOST, img},
      {CLSCOPE_KIND_UNMAP, kImage, CLSCOPE_DIR_NONE, 0},  // mapped for reading: nothing goes back
      {CLSCOPE_KIND_KERNEL, 0, CLSCOPE_DIR_NONE, 0},      // the native kernel
      {CLSCOPE_KIND_COPY, kBytes, CLSCOPE_DIR_DEVICE_TO_HOST, 0},  // migrations
      {CLSCOPE_KIND_COPY, kBytes, CLSCOPE_DIR_HOST_TO_DEVICE, 0},
      {CLSCOPE_KIND_COPY, kBytes, CLSCOPE_DIR_HOST_TO_DEVICE, svm},  // SVM memcpy in
      {CLSCOPE_KIND_FILL, kBytes / 2, CLSCOPE_DIR_NONE, svm},
      {CLSCOPE_KIND_MAP, kBytes, CLSCOPE_DIR_DEVICE_TO_HOST, svm},
      {CLSCOPE_KIND_UNMAP, kBytes, CLSCOPE_DIR_HOST_TO_DEVICE, svm},  // mapped for writing
      {CLSCOPE_KIND_COPY, kBytes, CLSCOPE_DIR_DEVICE_TO_HOST, svm},  // SVM memcpy out
  };
  std::multiset<Shape> seen;
  for (const auto& rec : r.records) {
    if (rec.kind == CLSCOPE_KIND_FINISH) continue;
    seen.insert({rec.kind, rec.bytes, rec.direction,
                 static_cast<uint16_t>(rec.flags & (CLSCOPE_FLAG_IMAGE | CLSCOPE_FLAG_SVM))});
    EXPECT_TRUE(rec.flags & CLSCOPE_FLAG_DEVICE_TIMES) << kind_name(rec.kind);
  }
  EXPECT_EQ(std::vector<Shape>(seen.begin(), seen.end()), std::vector<Shape>(expected.begin(), expected.end()));
  const auto kernels = of_kind(r, CLSCOPE_KIND_KERNEL);
  ASSERT_EQ(kernels.size(), 1u);
  EXPECT_STREQ(kernels[0].name, "(native kernel)");
  for (const auto& rec : r.records) {
    const bool blocking_call = (rec.flags & CLSCOPE_FLAG_IMAGE) && (rec.kind == CLSCOPE_KIND_READ ||
                                                                    rec.kind == CLSCOPE_KIND_WRITE);
    if (blocking_call) {
      EXPECT_TRUE(rec.flags & CLSCOPE_FLAG_BLOCKING);
    }
  }
}

TEST(LayerOpenCL, WithoutAChannelEverythingPassesThroughAndItSaysSoOnce) {
  const auto err = std::filesystem::temp_directory_path() / "nochannel.stderr";
  LayerRunOptions options;
  options.provide_channel = false;
  options.stderr_file = err;
  const auto r = run_subject({"basic"}, options);
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.records.empty());
  const std::string text = read_file(err);
  EXPECT_EQ(occurrences(text, "clscope-layer: no channel (CLSCOPE_LAYER_CHANNEL is not set)"), 1u) << text;
}

TEST(LayerOpenCL, AChannelWithAnotherTokenIsRefusedAndTheProgramRunsAsIs) {
  const auto err = std::filesystem::temp_directory_path() / "token.stderr";
  LayerRunOptions options;
  options.wrong_token = true;
  options.stderr_file = err;
  const auto r = run_subject({"basic"}, options);
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.records.empty());
  EXPECT_EQ(r.counters.attached, 0u);
  EXPECT_EQ(r.counters.queues_forced, 0u);
  EXPECT_EQ(occurrences(read_file(err), "is not a clscope channel of this version"), 1u) << read_file(err);
}

TEST(LayerOpenCL, ClpeakKernelLatencyUnderTheLayer) {
  const std::string clpeak = CLSCOPE_CLPEAK;
  if (clpeak.empty()) GTEST_SKIP() << "clpeak is not installed (Debian package clpeak)";
#ifdef CLSCOPE_LAYER_SANITIZED
  GTEST_SKIP() << "a sanitized layer needs its runtime in the program, and clpeak has none";
#endif
  LayerRunOptions options;
  options.argv = {clpeak, "--kernel-latency"};
  options.layer_library = CLSCOPE_LAYER_LIBRARY;
  options.stdout_file = std::filesystem::temp_directory_path() / "clpeak.stdout";
  const auto r = testing::run_under_layer(options);
  expect_clean(r);
  EXPECT_NE(read_file(*options.stdout_file).find("Kernel launch latency"), std::string::npos);
  const auto counts = kernel_counts(r);
  ASSERT_FALSE(counts.empty());
  int total = 0;
  for (const auto& [name, n] : counts) {
    EXPECT_FALSE(name.empty());
    total += n;
  }
  // clpeak 1.1.2 times 20000 launches of one bandwidth kernel after two warm-ups.
  EXPECT_GE(total, 20000);
  EXPECT_EQ(counts.count("global_bandwidth_v1_local_offset"), 1u);
}

}  // namespace
}  // namespace clscope::layer
