#pragma once
// A path in this test process's own temporary folder (TMPDIR is set per test
// by hermetic_main.cpp, so nothing lands outside the build tree).
#include <unistd.h>

#include <filesystem>
#include <string>

namespace clscope::test {

inline std::string temp_path(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("clscope-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

}  // namespace clscope::test
