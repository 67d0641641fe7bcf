#pragma once
// Shared by the fuzz targets: a private temporary folder for readers that only
// take a path, and the rule for exceptions. A reader may reject its input only
// with its documented error type (the contract's exit code 2); any other
// exception escapes LLVMFuzzerTestOneInput and is reported as a crash.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace clscope::fuzz {

/// A folder under $TMPDIR (or /tmp), made once per process, removed at exit.
inline const std::filesystem::path& temp_dir() {
  static const std::filesystem::path dir = [] {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/clscope-fuzz-XXXXXX";
    if (!::mkdtemp(tmpl.data())) {
      std::perror("clscope fuzz: mkdtemp");
      std::abort();
    }
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(temp_dir(), ec);
    });
    return std::filesystem::path(tmpl);
  }();
  return dir;
}

/// Writes `data` to `name` in temp_dir() (truncating) and returns its path.
inline std::string write_temp(const std::string& name, const std::uint8_t* data, std::size_t size) {
  const std::string path = (temp_dir() / name).string();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    std::perror("clscope fuzz: fopen");
    std::abort();
  }
  if (size && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return path;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Calls `f(line)` for every line of `text` (the last one may be unterminated).
template <typename F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    f(text.substr(begin, end - begin));
    begin = end + 1;
  }
}

}  // namespace clscope::fuzz
