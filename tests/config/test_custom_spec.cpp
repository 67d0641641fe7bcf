// The custom workload's compact strings (buffers, args, global/local), their
// checks at load time with positions, new kinds' keys, relative paths, and
// the shipped request scenarios.
#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include "ConfigTestUtil.hpp"
#include "config/CustomSpec.hpp"

using namespace clscope::config;
using namespace clscope::config::testing;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(CustomSpec, Buffers) {
  const auto b = parse_buffers("x:4MiB:random:read, y:1024:zero, out:64K:sequence_int:write, "
                               "lut:auto:file=data/lut.bin:read");
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b[0].name, "x");
  EXPECT_EQ(b[0].bytes, 4 << 20);
  EXPECT_EQ(b[0].init, "random");
  EXPECT_EQ(b[0].access, "read");
  EXPECT_EQ(b[1].bytes, 1024);
  EXPECT_EQ(b[1].access, "read_write");
  EXPECT_EQ(b[2].init, "sequence_int");
  EXPECT_EQ(b[3].init, "file");
  EXPECT_EQ(b[3].file, "data/lut.bin");
  EXPECT_EQ(b[3].bytes, 0);
  EXPECT_TRUE(parse_buffers("  ").empty());
}

TEST(CustomSpec, BufferErrorsNameTheEntry) {
  EXPECT_EQ(error_of([] { parse_buffers("x:4MiB"); }),
            "buffer 'x:4MiB': expected NAME:SIZE:INIT[:ACCESS], e.g. x:4MiB:random:read");
  EXPECT_THAT(error_of([] { parse_buffers("x:4MiB:rand"); }), HasSubstr("INIT must be zero"));
  EXPECT_THAT(error_of([] { parse_buffers("x:4MB:zero"); }), HasSubstr("bad size '4MB'"));
  EXPECT_THAT(error_of([] { parse_buffers("x:auto:zero"); }), HasSubstr("only allowed with file="));
  EXPECT_THAT(error_of([] { parse_buffers("x:1K:zero:rw"); }), HasSubstr("ACCESS must be read"));
  EXPECT_THAT(error_of([] { parse_buffers("x:1K:zero, x:1K:zero"); }), HasSubstr("given twice"));
  EXPECT_THAT(error_of([] { parse_buffers("1x:1K:zero"); }), HasSubstr("identifier"));
}

TEST(CustomSpec, Args) {
  const auto a = parse_args("x, float:2.5, int:-3, uchar:255, local:4KiB, ulong:18446744073709551615");
  ASSERT_EQ(a.size(), 6u);
  EXPECT_EQ(a[0].kind, ArgSpec::Kind::buffer);
  EXPECT_EQ(a[0].name, "x");
  EXPECT_EQ(a[1].kind, ArgSpec::Kind::scalar);
  EXPECT_EQ(a[1].type, "float");
  EXPECT_DOUBLE_EQ(std::get<double>(a[1].value), 2.5);
  EXPECT_EQ(std::get<std::int64_t>(a[2].value), -3);
  EXPECT_EQ(std::get<std::uint64_t>(a[3].value), 255u);
  EXPECT_EQ(a[4].kind, ArgSpec::Kind::local);
  EXPECT_EQ(a[4].local_bytes, 4096);
  EXPECT_EQ(std::get<std::uint64_t>(a[5].value), 18446744073709551615ull);
  EXPECT_EQ(scalar_type_bytes("short"), 2u);
  EXPECT_EQ(scalar_type_bytes("float4"), 0u);
}

TEST(CustomSpec, ArgErrorsNameTheArgument) {
  EXPECT_THAT(error_of([] { parse_args("x, flot:2"); }),
              StartsWith("argument 1 'flot:2': unknown type 'flot'"));
  EXPECT_THAT(error_of([] { parse_args("uchar:256"); }),
              StartsWith("argument 0 'uchar:256': '256' is not a valid uchar (range 0 .. 255)"));
  EXPECT_THAT(error_of([] { parse_args("int:1.5"); }), HasSubstr("is not a valid int"));
  EXPECT_THAT(error_of([] { parse_args("uint:-1"); }), HasSubstr("is not a valid uint"));
  EXPECT_THAT(error_of([] { parse_args("float:1e40"); }), HasSubstr("out of range"));
  EXPECT_THAT(error_of([] { parse_args("x, , y"); }), StartsWith("argument 1 '': "));
}

TEST(CustomSpec, Dims) {
  EXPECT_EQ(parse_dims("1024", false), (std::vector<std::uint64_t>{1024}));
  EXPECT_EQ(parse_dims("64, 32,2", false), (std::vector<std::uint64_t>{64, 32, 2}));
  EXPECT_TRUE(parse_dims("", true).empty());
  EXPECT_THAT(error_of([] { parse_dims("", false); }), HasSubstr("got nothing"));
  EXPECT_THAT(error_of([] { parse_dims("1,2,3,4", false); }), HasSubstr("at most 3"));
  EXPECT_THAT(error_of([] { parse_dims("0", false); }), HasSubstr("positive"));
}

TEST(CustomSpec, LoaderChecksTheStringsWithPositions) {
  EXPECT_THAT(load_error("[[workload]]\nkind = \"custom\"\nargs = \"x, flot:1\"\n"),
              StartsWith("t.toml:3:8: key 'args' in [[workload]] kind 'custom': argument 1 "
                         "'flot:1': unknown type 'flot'"));
  EXPECT_THAT(load_error("[[workload]]\nkind = \"custom\"\nglobal = 1024\n"),
              StartsWith("t.toml:3:10: key 'global' in [[workload]] kind 'custom': expected a "
                         "string"));
  EXPECT_THAT(load_error("[[workload]]\nkind = \"custom\"\nbuffers = \"a:1K\"\n"),
              StartsWith("t.toml:3:11: key 'buffers'"));
}

TEST(NewKinds, DefaultsAndRanges) {
  const Scenario s = load_string(
      "[[workload]]\nkind = \"pipeline\"\n[[workload]]\nkind = \"gemm\"\n[[workload]]\n"
      "kind = \"custom\"\nfile = \"k.cl\"\nkernel = \"k\"\nglobal = \"64\"\n",
      "t.toml");
  ASSERT_EQ(s.workloads.size(), 3u);
  const auto& p = s.workloads[0];
  EXPECT_EQ(p.get_string("arrival"), "poisson");
  EXPECT_EQ(p.get_int("max_batch"), 8);
  EXPECT_EQ(p.get_number("p99_ms"), 0.0);
  EXPECT_EQ(p.get_number("start_after_s"), 0.0);
  EXPECT_EQ(s.workloads[1].get_int("tile"), 16);
  EXPECT_EQ(s.workloads[1].get_int("size"), 1024);
  EXPECT_EQ(s.workloads[2].get_string("metric"), "auto");
  EXPECT_THAT(spec_error("gemm:tile=12"), HasSubstr("must be one of 8, 16, 32, 64"));
  EXPECT_THAT(spec_error("pipeline:arrival=burst"), HasSubstr("must be one of constant"));
  EXPECT_THAT(spec_error("stream:start_after_s=-1"), HasSubstr("must be >= 0"));
  const auto w = parse_workload_spec("pipeline:rate_hz=50:p99_ms=20:queues=4");
  EXPECT_EQ(w.get_number("rate_hz"), 50.0);
  EXPECT_EQ(w.get_int("queues"), 4);
  EXPECT_EQ(w.origin, "--workload pipeline:rate_hz=50:p99_ms=20:queues=4");
}

TEST(NewKinds, RelativePathsStartAtTheScenarioFolder) {
  WorkloadConfig wc = parse_workload_spec("custom:file=kernels/k.cl");
  EXPECT_EQ(wc.resolve_path("file"), "kernels/k.cl");  // no scenario file: the current directory
  wc.base_dir = "conf";
  EXPECT_EQ(wc.resolve_path("file"), "conf/kernels/k.cl");
  wc.params["file"] = std::string("/abs/k.cl");
  EXPECT_EQ(wc.resolve_path("file"), "/abs/k.cl");
  // load_file records the scenario's folder.
  const Scenario s = load_file(std::string(CLSCOPE_SOURCE_DIR) + "/config/custom-example.toml");
  EXPECT_EQ(s.workloads[0].base_dir, std::string(CLSCOPE_SOURCE_DIR) + "/config");
  EXPECT_EQ(s.workloads[0].resolve_path("file"),
            std::string(CLSCOPE_SOURCE_DIR) + "/config/kernels/saxpy.cl");
}

TEST(NewKinds, ShippedRequestScenariosLoad) {
  for (const char* name : {"inference.toml", "interference.toml", "custom-example.toml"}) {
    const Scenario s = load_file(std::string(CLSCOPE_SOURCE_DIR) + "/config/" + name);
    EXPECT_FALSE(s.workloads.empty()) << name;
  }
  const Scenario inf = load_file(std::string(CLSCOPE_SOURCE_DIR) + "/config/inference.toml");
  EXPECT_EQ(inf.workloads[0].kind, "pipeline");
  EXPECT_EQ(inf.workloads[0].get_string("arrival"), "poisson");
  EXPECT_EQ(inf.workloads[0].get_string("size"), "lognormal");
  EXPECT_GT(inf.workloads[0].get_number("p99_ms"), 0.0);
  const Scenario itf = load_file(std::string(CLSCOPE_SOURCE_DIR) + "/config/interference.toml");
  ASSERT_EQ(itf.workloads.size(), 2u);
  EXPECT_GT(itf.workloads[1].get_number("start_after_s"), 0.0);
}
