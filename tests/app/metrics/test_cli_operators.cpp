// Parsing of the options for operators' tools: check --output,
// --metrics-file, --nagios and the fleet report thresholds.
#include <gtest/gtest.h>

#include "app/cli/Cli.hpp"

using namespace clscope::app;

TEST(CliOperators, CheckOutputs) {
  const auto o = parse_cli({"check", "--quick", "--json", "--output", "/shared/%h.json",
                            "--metrics-file=/var/lib/node_exporter/clscope.prom", "--nagios"});
  EXPECT_EQ(o.command, "check");
  EXPECT_EQ(o.output, "/shared/%h.json");
  EXPECT_EQ(o.metrics_file, "/var/lib/node_exporter/clscope.prom");
  EXPECT_TRUE(o.nagios);
  EXPECT_THROW(parse_cli({"run", "--nagios"}), UsageError);
  EXPECT_THROW(parse_cli({"run", "--output", "x"}), UsageError);
}

TEST(CliOperators, FleetReport) {
  const auto o = parse_cli({"fleet", "report", "a.json", "dir", "--json", "--mad-k", "2.5",
                            "--min-ratio=0.8", "--mad-floor", "0"});
  EXPECT_EQ(o.command, "fleet");
  EXPECT_EQ(o.args, (std::vector<std::string>{"report", "a.json", "dir"}));
  EXPECT_TRUE(o.json);
  EXPECT_EQ(o.mad_k, 2.5);
  EXPECT_EQ(o.min_ratio, 0.8);
  EXPECT_EQ(o.mad_floor, 0.0);
  EXPECT_THROW(parse_cli({"fleet", "report", "x", "--mad-k", "0"}), UsageError);
  EXPECT_THROW(parse_cli({"fleet", "report", "x", "--min-ratio", "abc"}), UsageError);
  EXPECT_THROW(parse_cli({"fleet", "report", "x", "--mad-floor", "-1"}), UsageError);
  EXPECT_THROW(parse_cli({"check", "--mad-k", "3"}), UsageError);
}

TEST(CliOperators, RunMetricsFileAndListen) {
  auto o = parse_cli({"run", "--headless", "--metrics-file", "/tmp/x.prom", "--listen", "9464"});
  EXPECT_EQ(o.metrics_file, "/tmp/x.prom");
  ASSERT_TRUE(o.listen);
  EXPECT_EQ(o.listen->host, "127.0.0.1");  // loopback unless an address is given
  EXPECT_EQ(o.listen->port, 9464);
  o = parse_cli({"run", "--listen=0.0.0.0:9464"});
  EXPECT_EQ(o.listen->host, "0.0.0.0");
  EXPECT_EQ(o.listen->text(), "0.0.0.0:9464");
  o = parse_cli({"run", "--listen", "[::1]:9100"});
  EXPECT_EQ(o.listen->host, "::1");
  EXPECT_EQ(o.listen->text(), "[::1]:9100");
  EXPECT_FALSE(parse_cli({"run"}).listen);
  for (const char* bad : {"0", "65536", "x", "host:", ":9464", "1:2:3", "[::1]", "9464 "})
    EXPECT_THROW(parse_cli({"run", "--listen", bad}), UsageError) << bad;
  EXPECT_THROW(parse_cli({"check", "--listen", "9464"}), UsageError);
}
