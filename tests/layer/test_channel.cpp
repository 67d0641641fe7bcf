// The channel without OpenCL: the ring as the layer writes it (a second
// mapping of the same memfd, as in the observed program) and as clscope
// drains it; and where clscope looks for the layer library.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/mman.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "ChannelReader.hpp"
#include "LayerLocation.hpp"

namespace clscope::layer {
namespace {

// The writer's side: maps the channel's fd again and adopts it with the token
// from the environment value, like libclscope-layer.so does.
class WriterMapping {
 public:
  explicit WriterMapping(const LayerChannel& channel) {
    int fd = -1;
    unsigned long long token = 0;
    EXPECT_EQ(std::sscanf(channel.environment_value().c_str(), "fd:%d:%llx", &fd, &token), 2);
    bytes_ = channel_bytes(channel.capacity());
    base_ = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    EXPECT_NE(base_, MAP_FAILED);
    ring_ = ChannelRing(base_);
    adopted_ = ring_.adopt(bytes_, token);
  }
  ~WriterMapping() { ::munmap(base_, bytes_); }
  ChannelRing& ring() { return ring_; }
  bool adopted() const { return adopted_; }
  void* base() { return base_; }
  size_t bytes() const { return bytes_; }

 private:
  void* base_ = nullptr;
  size_t bytes_ = 0;
  ChannelRing ring_;
  bool adopted_ = false;
};

clscope_layer_record record(uint64_t seq, uint32_t tid = 1) {
  clscope_layer_record r{};
  r.record_version = CLSCOPE_LAYER_LAYOUT_VERSION;
  r.kind = CLSCOPE_KIND_KERNEL;
  r.seq = seq;
  r.tid = tid;
  std::snprintf(r.name, sizeof(r.name), "k%llu", static_cast<unsigned long long>(seq));
  return r;
}

TEST(LayerChannel, CapacityIsAPowerOfTwoAndTheEnvironmentNamesFdAndToken) {
  auto open = LayerChannel::create(100);
  ASSERT_TRUE(open.channel) << open.error;
  EXPECT_EQ(open.channel->capacity(), 128u);
  const std::string env = open.channel->environment_value();
  EXPECT_EQ(env.rfind("fd:" + std::to_string(open.channel->fd()) + ":", 0), 0u) << env;
  EXPECT_EQ(env.size() - env.rfind(':') - 1, 16u) << env;
  const auto c = open.channel->counters();
  EXPECT_EQ(c.records_written + c.records_dropped + c.attached, 0u);
}

TEST(LayerChannel, RecordsArriveInOrderAcrossManyLaps) {
  auto open = LayerChannel::create(8);
  ASSERT_TRUE(open.channel);
  WriterMapping writer(*open.channel);
  ASSERT_TRUE(writer.adopted());
  std::vector<clscope_layer_record> out;
  uint64_t next = 1;
  for (int lap = 0; lap < 10; ++lap) {
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(writer.ring().try_push(record(next++)));
    open.channel->drain(out);
  }
  ASSERT_EQ(out.size(), 50u);
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i].seq, i + 1);
    EXPECT_EQ(std::string(out[i].name), "k" + std::to_string(i + 1));
  }
}

TEST(LayerChannel, FullRingRefusesAtOnceAndAcceptsAgainAfterADrain) {
  auto open = LayerChannel::create(4);
  ASSERT_TRUE(open.channel);
  WriterMapping writer(*open.channel);
  for (uint64_t i = 1; i <= 4; ++i) ASSERT_TRUE(writer.ring().try_push(record(i)));
  EXPECT_FALSE(writer.ring().try_push(record(5)));
  std::vector<clscope_layer_record> out;
  EXPECT_EQ(open.channel->drain(out, 1), 1u);  // max_records honoured
  EXPECT_TRUE(writer.ring().try_push(record(6)));
  EXPECT_EQ(open.channel->drain(out), 4u);
  EXPECT_EQ(out.back().seq, 6u);
}

TEST(LayerChannel, ConcurrentProducersLoseNothingTheyWereToldWasWritten) {
  auto open = LayerChannel::create(256);
  ASSERT_TRUE(open.channel);
  WriterMapping writer(*open.channel);
  constexpr int kProducers = 4;
  constexpr uint64_t kEach = 20000;
  std::atomic<uint64_t> accepted{0};
  std::atomic<bool> done{false};
  std::vector<clscope_layer_record> out;
  std::thread consumer([&] {
    while (!done.load()) open.channel->drain(out);
    open.channel->drain(out);
  });
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (uint64_t i = 1; i <= kEach; ++i) {
        if (writer.ring().try_push(record(i, static_cast<uint32_t>(p)))) accepted.fetch_add(1);
      }
    });
  }
  for (auto& t : producers) t.join();
  done = true;
  consumer.join();
  EXPECT_EQ(out.size(), accepted.load());
  std::vector<uint64_t> last(kProducers, 0);
  for (const auto& r : out) {
    ASSERT_LT(r.tid, static_cast<uint32_t>(kProducers));
    EXPECT_GT(r.seq, last[r.tid]) << "a producer's records arrive in its order";
    last[r.tid] = r.seq;
    EXPECT_EQ(std::string(r.name), "k" + std::to_string(r.seq)) << "no torn record";
  }
}

TEST(LayerChannel, WriterRefusesAWrongTokenVersionOrSize) {
  auto open = LayerChannel::create(16);
  ASSERT_TRUE(open.channel);
  WriterMapping writer(*open.channel);
  ChannelRing ring(writer.base());
  const uint64_t token = writer.ring().header()->token;
  EXPECT_TRUE(ring.adopt(writer.bytes(), token));
  EXPECT_FALSE(ring.adopt(writer.bytes(), token ^ 1));
  EXPECT_FALSE(ring.adopt(writer.bytes() - 1, token));  // capacity claims more than is mapped
  writer.ring().header()->layout_version = CLSCOPE_LAYER_LAYOUT_VERSION + 1;
  EXPECT_FALSE(ring.adopt(writer.bytes(), token));
}

TEST(LayerChannel, ChannelIsCloseOnExecUntilTheLauncherSaysOtherwise) {
  auto open = LayerChannel::create(16);
  ASSERT_TRUE(open.channel);
  EXPECT_TRUE(::fcntl(open.channel->fd(), F_GETFD) & FD_CLOEXEC);
}

TEST(LayerLocation, BuildTreeFirstThenTheInstalledLibdir) {
  const auto candidates = layer_library_candidates("/opt/x/build/app/clscope");
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0], std::filesystem::path("/opt/x/build/layer/libclscope-layer.so"));
  EXPECT_EQ(candidates[1].filename(), "libclscope-layer.so");
  EXPECT_EQ(candidates[1].parent_path().filename(), "clscope");
  EXPECT_FALSE(find_layer_library("/nonexistent/bin/clscope").has_value());
}

}  // namespace
}  // namespace clscope::layer
