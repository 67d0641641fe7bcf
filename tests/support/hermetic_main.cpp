// The main() of every clscope test program: before any test runs it gives the
// process a home of its own, so no test reads or writes the real $HOME.
//   HOME, XDG_CONFIG_HOME, TMPDIR  a fresh directory per test process, removed
//                                  afterwards (kept when CLSCOPE_KEEP_TEST_DIRS is set)
//   XDG_CACHE_HOME                 the build tree's test cache, shared by the suite so
//                                  ceilings and POCL kernel builds are measured once
//   HWLOC_LIBXML=0                 hwloc's minimalistic XML parser, as on a machine
//                                  without libhwloc-plugins
//   CLSCOPE_CALIBRATION_*          busy-host guard off, 4 s budget: tests run two at a
//                                  time, so every calibration sees a busy host
// gtest_discover_tests runs each test in its own process, so "per process" is
// "per test".
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>

#ifndef CLSCOPE_TEST_ROOT
#error "CLSCOPE_TEST_ROOT must name the build tree's test area"
#endif

namespace {

class HermeticEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    namespace fs = std::filesystem;
    const fs::path root = CLSCOPE_TEST_ROOT;
    fs::create_directories(root / "cache");
    std::string tmpl = (root / "home-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) {
      std::perror("clscope tests: mkdtemp");
      std::abort();
    }
    dir_ = tmpl;
    fs::create_directories(dir_ / "config");
    fs::create_directories(dir_ / "tmp");
    ::setenv("HOME", dir_.c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (dir_ / "config").c_str(), 1);
    ::setenv("TMPDIR", (dir_ / "tmp").c_str(), 1);
    ::setenv("XDG_CACHE_HOME", (root / "cache").c_str(), 1);
    ::setenv("HWLOC_LIBXML", "0", 1);
    ::setenv("CLSCOPE_CALIBRATION_BUSY_MAX", "1", 1);
    ::setenv("CLSCOPE_CALIBRATION_STEAL_MAX", "1", 1);
    ::setenv("CLSCOPE_CALIBRATION_BUDGET_S", "4", 1);
  }
  void TearDown() override {
    if (std::getenv("CLSCOPE_KEEP_TEST_DIRS") || dir_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new HermeticEnvironment);
  return RUN_ALL_TESTS();
}
