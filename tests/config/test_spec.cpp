#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ConfigTestUtil.hpp"

namespace clscope::config {
namespace {

using ::testing::StartsWith;
using testing::spec_error;

TEST(Spec, KindAloneGetsDefaults) {
  const WorkloadConfig w = parse_workload_spec("launch");
  EXPECT_EQ(w.kind, "launch");
  EXPECT_EQ(w.name, "launch");
  EXPECT_EQ(w.get_int("work_items"), 1);
  EXPECT_EQ(w.get_int("in_flight"), 1);
}

TEST(Spec, ValuesAreTypedByTheSchema) {
  const WorkloadConfig w = parse_workload_spec(
      "stream:op=copy:vec=16:size=64KiB:verify=yes:host_sleep_us=2.5:seed=7:bind=0-3,8:name=bw");
  EXPECT_EQ(w.get_string("op"), "copy");
  EXPECT_EQ(w.get_int("vec"), 16);
  EXPECT_EQ(w.get_int("size"), 65536);
  EXPECT_TRUE(w.get_bool("verify"));
  EXPECT_EQ(w.get_number("host_sleep_us"), 2.5);
  EXPECT_EQ(w.get_int("seed"), 7);
  EXPECT_EQ(w.get_string("bind"), "0-3,8");
  EXPECT_EQ(w.name, "bw");
  EXPECT_EQ(w.get_string("name"), "bw");
}

TEST(Spec, BooleanSpellings) {
  for (const char* t : {"true", "1", "yes", "TRUE", "Yes"}) {
    EXPECT_TRUE(parse_workload_spec(std::string("launch:verify=") + t).get_bool("verify")) << t;
  }
  for (const char* f : {"false", "0", "no", "False"}) {
    EXPECT_FALSE(parse_workload_spec(std::string("launch:verify=") + f).get_bool("verify")) << f;
  }
}

TEST(Spec, NumbersAcceptIntegersAndDecimals) {
  EXPECT_EQ(parse_workload_spec("launch:host_work_us=3").get_number("host_work_us"), 3.0);
  EXPECT_EQ(parse_workload_spec("launch:host_work_us=1e2").get_number("host_work_us"), 100.0);
  EXPECT_EQ(parse_workload_spec("transfer:size=1g").get_int("size"), 1LL << 30);
  EXPECT_EQ(parse_workload_spec("stream:size=auto").get_int("size"), 0);
}

TEST(Spec, ErrorsNameTheSpecAndTheKey) {
  EXPECT_EQ(spec_error("stream:vec=3"),
            "--workload stream:vec=3: key 'vec': must be one of 1, 2, 4, 8, 16");
  EXPECT_EQ(spec_error("compute:iters=1.5"),
            "--workload compute:iters=1.5: key 'iters': expected an integer, got '1.5'");
  EXPECT_EQ(spec_error("compute:iters=0"),
            "--workload compute:iters=0: key 'iters': must be between 1 and 1000000, got 0");
  EXPECT_EQ(spec_error("launch:verify=maybe"),
            "--workload launch:verify=maybe: key 'verify': expected a boolean (true/false, 1/0, "
            "yes/no), got 'maybe'");
  EXPECT_EQ(spec_error("transfer:dir=up"),
            "--workload transfer:dir=up: key 'dir': must be one of h2d, d2h, both, got 'up'");
  EXPECT_EQ(spec_error("transfer:size=auto"),
            "--workload transfer:size=auto: key 'size': must be >= 1, got auto");
  EXPECT_EQ(spec_error("launch:host_work_us=-1"),
            "--workload launch:host_work_us=-1: key 'host_work_us': must be >= 0, got -1");
  EXPECT_THAT(spec_error("stream:size=12X"),
              StartsWith("--workload stream:size=12X: key 'size': bad size '12X'"));
  EXPECT_THAT(spec_error("stream:bind=0-"),
              StartsWith("--workload stream:bind=0-: key 'bind': expected \"local\""));
}

TEST(Spec, UnknownKindAndKeyAreNamed) {
  EXPECT_EQ(spec_error("strem:op=add"),
            "--workload strem:op=add: unknown workload kind 'strem' (known: stream, compute, "
            "transfer, launch, gemm, custom, pipeline)");
  EXPECT_THAT(spec_error("stream:vecc=1"),
              StartsWith("--workload stream:vecc=1: unknown key 'vecc' for kind 'stream' "
                         "(known: name, op, vec, size,"));
  EXPECT_THAT(spec_error("stream:kind=launch"), StartsWith("--workload stream:kind=launch: "
                                                           "unknown key 'kind'"));
}

TEST(Spec, MalformedSpecs) {
  EXPECT_THAT(spec_error(""), StartsWith("--workload : missing workload kind"));
  EXPECT_THAT(spec_error(":vec=4"), StartsWith("--workload :vec=4: missing workload kind"));
  EXPECT_EQ(spec_error("stream::op=add"), "--workload stream::op=add: empty key=value (two ':' "
                                          "in a row?)");
  EXPECT_EQ(spec_error("stream:vec"), "--workload stream:vec: expected key=value, got 'vec'");
  EXPECT_EQ(spec_error("stream:=4"), "--workload stream:=4: expected key=value, got '=4'");
  EXPECT_EQ(spec_error("stream:vec=4:vec=8"),
            "--workload stream:vec=4:vec=8: key 'vec' given twice");
  EXPECT_EQ(spec_error("stream:vec="),
            "--workload stream:vec=: key 'vec': expected an integer, got ''");
}

TEST(Spec, EveryDefaultRoundTripsThroughItsTextForm) {
  // The schema's defaults must pass its own checks, and to_string must produce
  // text the spec parser reads back to the same value.
  for (const KindSchema& kind : schemas()) {
    for (const KeySchema& key : kind.keys) {
      const std::string spec = kind.kind + ":" + key.key + "=" + to_string(key.default_value);
      WorkloadConfig w;
      ASSERT_NO_THROW(w = parse_workload_spec(spec)) << spec;
      EXPECT_EQ(w.params.at(key.key), key.default_value) << spec;
    }
  }
}

TEST(Uniquify, NumbersDuplicatesInOrder) {
  std::vector<WorkloadConfig> w{parse_workload_spec("stream"), parse_workload_spec("launch"),
                                parse_workload_spec("stream"), parse_workload_spec("stream")};
  uniquify_names(w);
  EXPECT_EQ(w[0].name, "stream");
  EXPECT_EQ(w[1].name, "launch");
  EXPECT_EQ(w[2].name, "stream#2");
  EXPECT_EQ(w[3].name, "stream#3");
  EXPECT_EQ(w[3].get_string("name"), "stream#3");
  const auto before = w;
  uniquify_names(w);  // idempotent
  for (std::size_t i = 0; i < w.size(); ++i) EXPECT_EQ(w[i].name, before[i].name);
}

TEST(Uniquify, ExplicitSuffixedNameIsKept) {
  std::vector<WorkloadConfig> w{parse_workload_spec("stream"), parse_workload_spec("stream"),
                                parse_workload_spec("launch:name=stream#2")};
  uniquify_names(w);
  EXPECT_EQ(w[0].name, "stream");
  EXPECT_EQ(w[1].name, "stream#3");
  EXPECT_EQ(w[2].name, "stream#2");
}

}  // namespace
}  // namespace clscope::config
