#pragma once
// Recordings: JSON Lines, schema "clscope.record/1" (documented in clscope(1)).
// Line 1 is the manifest {"type":"manifest","schema":"clscope.record/1",...};
// every further line is one raw record with a "type" (window, probe, event,
// setup, binding; markers and errors are events). Only raw measurements are authoritative: reports
// recompute every derived figure from them.
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace clscope::core {

inline constexpr const char* kRecordSchema = "clscope.record/1";

class RecordingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Appends records to a recording. Thread-safe. Lines are buffered and
/// written by flush() (the session calls it every second) so that a crash
/// loses at most the last second and never leaves more than one torn line.
class Recorder {
 public:
  /// Creates (truncates) `path` and writes the manifest line. Throws
  /// RecordingError("cannot create PATH: reason").
  Recorder(const std::string& path, nlohmann::json manifest);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  void write(const nlohmann::json& record);
  /// Writes buffered lines and flushes them to the kernel (fflush + fdatasync).
  void flush();
  std::uint64_t bytes_written() const;
  const std::string& path() const { return path_; }

 private:
  mutable std::mutex mu_;
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  std::uint64_t bytes_ = 0;
};

struct Recording {
  nlohmann::json manifest;
  std::vector<nlohmann::json> records;  ///< in file order, manifest excluded
  std::vector<std::string> warnings;    ///< e.g. "FILE:LINE: torn last line skipped"
};

/// Reads a recording. A torn (unparseable) last line is skipped with a
/// warning; any other unparseable line, a missing manifest or another schema
/// throws RecordingError("FILE:LINE: ...").
Recording read_recording(const std::string& path);

}  // namespace clscope::core
