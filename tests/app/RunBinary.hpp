#pragma once
// Runs the built clscope binary and captures stdout and the exit code.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

struct BinaryResult {
  int exit_code = -1;
  std::string out;
};

/// Runs a shell command line: its standard output and exit code.
inline BinaryResult run_shell(const std::string& cmd) {
  BinaryResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline BinaryResult run_clscope(const std::string& args, bool merge_stderr = false) {
  return run_shell(std::string(CLSCOPE_BINARY) + " " + args +
                   (merge_stderr ? " 2>&1" : " 2>/dev/null"));
}
