#pragma once
// The filesystem seam of the probes. Every read of sysfs and procfs goes through
// an FsRoot: its two roots (default "/sys" and "/proc"; `--sysfs-root` and
// `--procfs-root` change them, e.g. a host's /sys mounted at /host/sys) and a
// FileSystem object that tests can replace (to simulate EACCES as root, say).
//
// Thread safety: FsRoot and FileSystem are immutable after construction and may
// be shared between threads; an OpenFile belongs to one thread at a time.
// Failure: nothing here throws; errors come back as errno values.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clscope::probes {

/// A file kept open so that it can be re-read cheaply (pread from offset 0,
/// which sysfs attributes and procfs seq files both support).
class OpenFile {
 public:
  virtual ~OpenFile() = default;
  /// Replaces `out` with the whole content. Returns 0 or an errno value.
  virtual int read(std::string& out) = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  /// Opens `path` read-only. On failure returns nullptr and sets `error` (errno).
  virtual std::unique_ptr<OpenFile> open(const std::filesystem::path& path, int& error) const;
  /// Reads a whole (small) file. Returns 0 or an errno value.
  virtual int read(const std::filesystem::path& path, std::string& out) const;
  /// Entry names of a directory, sorted; empty when it cannot be listed.
  /// Implemented through list_dir(): override that one.
  virtual std::vector<std::string> list(const std::filesystem::path& dir) const;
  /// Entry names of a directory, sorted, into `names`. Returns 0 or an errno
  /// value (EACCES for another user's /proc/<pid>/fd, ENOENT when absent), so
  /// callers can tell "empty" from "may not look".
  virtual int list_dir(const std::filesystem::path& dir, std::vector<std::string>& names) const;
  /// Symlinks resolved (relative links stay inside a fixture root); nullopt if absent.
  virtual std::optional<std::filesystem::path> canonical(const std::filesystem::path& path) const;
  virtual bool exists(const std::filesystem::path& path) const;
  /// The target of a symlink as written (not resolved); nullopt if not a link.
  virtual std::optional<std::filesystem::path> read_link(const std::filesystem::path& path) const;
};

/// The process-wide POSIX implementation (stateless, immutable).
std::shared_ptr<const FileSystem> posix_file_system();

struct FsRoot {
  std::filesystem::path sysfs = "/sys";
  std::filesystem::path procfs = "/proc";
  std::shared_ptr<const FileSystem> fs = posix_file_system();

  /// `sysfs / rel` ("class/drm" → "/sys/class/drm"). `rel` must be relative.
  std::filesystem::path sys(std::string_view rel) const { return sysfs / rel; }
  std::filesystem::path proc(std::string_view rel) const { return procfs / rel; }
};

/// A file opened once and re-read on every sample (cheap: one pread). Re-opens
/// after a failed read. With keep_open = false it opens and closes on every
/// read instead (for files that come in unbounded numbers, such as per-thread
/// procfs files, so a process with many threads does not run out of file
/// descriptors). Not thread-safe.
class CachedFile {
 public:
  CachedFile(std::shared_ptr<const FileSystem> fs, std::filesystem::path path,
             bool keep_open = true)
      : fs_(std::move(fs)), path_(std::move(path)), keep_open_(keep_open) {}
  /// Replaces `out` with the content. Returns 0 or an errno value.
  int read(std::string& out);
  const std::filesystem::path& path() const { return path_; }

 private:
  std::shared_ptr<const FileSystem> fs_;
  std::filesystem::path path_;
  bool keep_open_;
  std::unique_ptr<OpenFile> file_;
};

/// "<path>: <strerror(error)>", the text used in unavailable reasons.
std::string describe_error(const std::filesystem::path& path, int error);

/// Result of reading one small value file.
struct FileValue {
  int error = 0;  ///< 0 on success, else errno (EINVAL for unparsable content)
  std::string text;  ///< trimmed content on success
};

/// Reads and trims (whitespace at both ends) one file.
FileValue read_trimmed(const FsRoot& root, const std::filesystem::path& path);
/// Parses a whole trimmed text as a signed 64-bit integer / a double.
std::optional<std::int64_t> parse_int(std::string_view text);
std::optional<double> parse_double(std::string_view text);
/// The leading number of a text such as "16.0 GT/s PCIe" or "1800Mhz".
std::optional<double> parse_leading_double(std::string_view text);
std::string_view trim(std::string_view s);

/// Splits on any whitespace, skipping empty fields.
std::vector<std::string_view> split_ws(std::string_view s);

}  // namespace clscope::probes
