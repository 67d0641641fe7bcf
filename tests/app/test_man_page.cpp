// The man page documents every option --help lists, and renders cleanly.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "app/cli/Cli.hpp"

namespace {
std::string man_text() {
  std::ifstream in(std::string(CLSCOPE_SOURCE_DIR) + "/man/clscope.1");
  std::stringstream ss;
  ss << in.rdbuf();
  // roff escapes "-" as "\-".
  return std::regex_replace(ss.str(), std::regex(R"(\\-)"), "-");
}
}  // namespace

TEST(ManPage, EveryHelpOptionIsDocumented) {
  const std::string man = man_text();
  ASSERT_FALSE(man.empty());
  for (const auto& d : clscope::app::option_docs())
    EXPECT_TRUE(man.find(".B " + d.name) != std::string::npos ||
                man.find(".BI " + d.name) != std::string::npos)
        << d.name << " is not in man/clscope.1";
}

TEST(ManPage, EveryCommandIsDocumented) {
  const std::string man = man_text();
  for (const auto& c : clscope::app::command_docs())
    EXPECT_NE(man.find(".B " + c.name), std::string::npos) << c.name;
}

TEST(ManPage, GroffRendersWithoutWarnings) {
  const std::string cmd = "groff -man -ww -z " + std::string(CLSCOPE_SOURCE_DIR) +
                          "/man/clscope.1 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  const int rc = pclose(p);
  if (rc != 0 && out.find("not found") != std::string::npos) GTEST_SKIP() << "groff missing";
  EXPECT_EQ(out, "");
}
