#pragma once
// Writing a file so that readers (a Prometheus textfile collector, a fleet
// report over a shared folder) never see it half-written: the text goes to a
// temporary file in the same folder (same file system), is flushed to disk,
// made readable (0644) and renamed over PATH.
#include <stdexcept>
#include <string>

namespace clscope::metrics {

class FileWriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Throws FileWriteError("PATH: what failed: strerror") and leaves no
/// temporary file behind.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace clscope::metrics
