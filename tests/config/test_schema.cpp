#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "ConfigTestUtil.hpp"

namespace clscope::config {
namespace {

using ::testing::HasSubstr;
using testing::error_of;

TEST(Schema, KindsInDisplayOrder) {
  std::vector<std::string> kinds;
  for (const auto& s : schemas()) kinds.push_back(s.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"stream", "compute", "transfer", "launch", "gemm",
                                             "custom", "pipeline"}));
  EXPECT_EQ(find_schema("nope"), nullptr);
  ASSERT_NE(find_schema("transfer"), nullptr);
  EXPECT_EQ(find_schema("transfer")->kind, "transfer");
}

TEST(Schema, EveryKindHasTheCommonKeysAndDocumentsEveryKey) {
  for (const auto& s : schemas()) {
    std::set<std::string> keys;
    for (const auto& k : s.keys) {
      EXPECT_TRUE(keys.insert(k.key).second) << s.kind << " repeats " << k.key;
      EXPECT_FALSE(k.doc.empty()) << s.kind << "." << k.key;
      if (k.type == Type::choice) {
        EXPECT_FALSE(k.choices.empty()) << k.key;
      }
    }
    for (const char* common :
         {"name", "host_work_us", "host_sleep_us", "in_flight", "verify", "seed", "bind"}) {
      EXPECT_EQ(keys.count(common), 1u) << s.kind << " lacks " << common;
    }
    EXPECT_FALSE(s.doc.empty());
  }
}

TEST(Schema, PerKindInFlightDefaults) {
  EXPECT_EQ(parse_workload_spec("stream").get_int("in_flight"), 2);
  EXPECT_EQ(parse_workload_spec("compute").get_int("in_flight"), 2);
  EXPECT_EQ(parse_workload_spec("transfer").get_int("in_flight"), 1);
  EXPECT_EQ(parse_workload_spec("launch").get_int("in_flight"), 1);
  EXPECT_EQ(parse_workload_spec("transfer").get_int("size"), 67108864);
}

TEST(Schema, RunKeys) {
  std::vector<std::string> keys;
  for (const auto& k : run_schema()) keys.push_back(k.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"duration", "window", "device", "record", "solo_windows"}));
}

TEST(ParseSize, SuffixesArePowersOf1024) {
  EXPECT_EQ(parse_size("512"), 512);
  EXPECT_EQ(parse_size("64K"), 65536);
  EXPECT_EQ(parse_size("64KiB"), 65536);
  EXPECT_EQ(parse_size("64k"), 65536);
  EXPECT_EQ(parse_size("256M"), 256LL << 20);
  EXPECT_EQ(parse_size("256MiB"), 256LL << 20);
  EXPECT_EQ(parse_size("1G"), 1LL << 30);
  EXPECT_EQ(parse_size("1gib"), 1LL << 30);
  EXPECT_EQ(parse_size("AUTO"), 0);
  EXPECT_EQ(parse_size("0"), 0);
}

TEST(ParseSize, RejectsBadSyntaxAndOverflow) {
  for (const char* bad : {"", "K", "64KB", "1.5G", "-1", " 64K", "64 K", "0x10"}) {
    EXPECT_THAT(error_of([&] { parse_size(bad); }), HasSubstr("bad size")) << bad;
  }
  EXPECT_THAT(error_of([] { parse_size("9999999999999G"); }), HasSubstr("too large"));
  EXPECT_THAT(error_of([] { parse_size("99999999999999999999"); }), HasSubstr("too large"));
}

TEST(ParseCpuList, RangesAndSingles) {
  EXPECT_EQ(parse_cpu_list("0-3,8"), (std::vector<unsigned>{0, 1, 2, 3, 8}));
  EXPECT_EQ(parse_cpu_list("5"), (std::vector<unsigned>{5}));
  EXPECT_EQ(parse_cpu_list("8,2-3,3"), (std::vector<unsigned>{2, 3, 8}));
}

TEST(ParseCpuList, RejectsBadLists) {
  for (const char* bad : {"", ",", "1,", "-1", "1-", "a", "3-1", "1--2", "1 ,2", "99999"}) {
    EXPECT_THAT(error_of([&] { parse_cpu_list(bad); }), HasSubstr("bad CPU list")) << bad;
  }
}

TEST(WorkloadConfig, GettersNameTheKey) {
  const WorkloadConfig w = parse_workload_spec("stream");
  EXPECT_EQ(error_of([&] { w.get_int("op"); }),
            "workload 'stream' (kind 'stream'): key 'op' holds a string, not an integer");
  EXPECT_EQ(error_of([&] { w.get_bool("nope"); }),
            "workload 'stream' (kind 'stream'): no key 'nope'");
  EXPECT_THAT(error_of([&] { w.get_string("vec"); }), HasSubstr("key 'vec'"));
  EXPECT_THAT(error_of([&] { w.get_number("verify"); }), HasSubstr("key 'verify'"));
  EXPECT_EQ(w.get_number("vec"), 4.0);  // integers widen
}

TEST(ToString, RendersEachAlternative) {
  EXPECT_EQ(to_string(Value{true}), "true");
  EXPECT_EQ(to_string(Value{false}), "false");
  EXPECT_EQ(to_string(Value{std::int64_t{-42}}), "-42");
  EXPECT_EQ(to_string(Value{0.1}), "0.1");
  EXPECT_EQ(to_string(Value{2.0}), "2");
  EXPECT_EQ(to_string(Value{std::string("triad")}), "triad");
}

TEST(TypeName, Names) {
  EXPECT_EQ(type_name(Type::size), "size");
  EXPECT_EQ(type_name(Type::choice), "choice");
}

}  // namespace
}  // namespace clscope::config
