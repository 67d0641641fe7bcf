#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "probes/Sampler.hpp"

namespace p = clscope::probes;
using namespace std::chrono_literals;

namespace {

class CountingProbe final : public p::Probe {
 public:
  CountingProbe(std::string name, std::chrono::milliseconds period, std::atomic<int>& count)
      : name_(std::move(name)), period_(period), count_(count) {}
  std::string name() const override { return name_; }
  std::string device() const override { return "test"; }
  std::vector<std::string> measures() const override { return {"n"}; }
  std::chrono::milliseconds period() const override { return period_; }
  p::Sample sample() noexcept override {
    p::Sample s;
    s.metrics["n"] = ++count_;
    s.settle("");
    return s;
  }

 private:
  std::string name_;
  std::chrono::milliseconds period_;
  std::atomic<int>& count_;
};

bool wait_for(const std::function<bool()>& cond) {
  for (int i = 0; i < 1000; ++i) {
    if (cond()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return cond();
}

}  // namespace

TEST(Sampler, PublishesEveryProbeAndHonoursSlowPeriods) {
  std::atomic<int> fast{0}, slow{0};
  std::vector<p::ProbePtr> probes;
  probes.push_back(std::make_unique<CountingProbe>("fast", 10ms, fast));
  probes.push_back(std::make_unique<CountingProbe>("slow", std::chrono::hours(1), slow));
  std::atomic<int> callbacks{0};
  p::Sampler sampler(std::move(probes), 10ms,
                     [&](const std::shared_ptr<const p::SampleSet>&) { ++callbacks; });
  EXPECT_EQ(sampler.latest(), nullptr);
  EXPECT_FALSE(sampler.thread_cpu_ns());
  sampler.start();
  ASSERT_TRUE(wait_for([&] { return sampler.rounds() >= 5; }));
  auto set = sampler.latest();
  ASSERT_NE(set, nullptr);
  EXPECT_GE(set->round, 5u);
  ASSERT_EQ(set->readings.size(), 2u);
  ASSERT_NE(set->find("fast"), nullptr);
  EXPECT_GE(set->find("fast")->sample.metrics.at("n"), 5.0);
  // The hourly probe was sampled in the first round only, and its reading is
  // carried over into every later set.
  EXPECT_EQ(slow.load(), 1);
  EXPECT_EQ(set->find("slow")->sample.metrics.at("n"), 1.0);
  EXPECT_TRUE(sampler.thread_cpu_ns());
  sampler.stop();
  const auto rounds = sampler.rounds();
  EXPECT_EQ(static_cast<std::uint64_t>(callbacks.load()), rounds);
  EXPECT_TRUE(sampler.thread_cpu_ns());  // kept after the thread ended
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(sampler.rounds(), rounds);  // really stopped
  EXPECT_TRUE(sampler.error().empty());
}

TEST(Sampler, SampleAllTakesOneReadingPerProbe) {
  std::atomic<int> n{0};
  std::vector<p::ProbePtr> probes;
  probes.push_back(std::make_unique<CountingProbe>("a", 100ms, n));
  probes.push_back(std::make_unique<CountingProbe>("b", 100ms, n));
  const auto set = p::Sampler::sample_all(probes);
  EXPECT_EQ(set.readings.size(), 2u);
  EXPECT_EQ(n.load(), 2);
  EXPECT_EQ(set.find("b")->sample.status, p::Status::ok);
  EXPECT_EQ(set.find("c"), nullptr);
}

TEST(Sampler, StopIsPromptEvenWithALongPeriod) {
  std::atomic<int> n{0};
  std::vector<p::ProbePtr> probes;
  probes.push_back(std::make_unique<CountingProbe>("a", 100ms, n));
  p::Sampler sampler(std::move(probes), std::chrono::hours(1));
  sampler.start();
  ASSERT_TRUE(wait_for([&] { return sampler.rounds() >= 1; }));
  const auto t0 = std::chrono::steady_clock::now();
  sampler.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 10s);  // not an hour
  EXPECT_EQ(n.load(), 1);
}
