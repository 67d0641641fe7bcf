#include "probes/FsRoot.hpp"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <fcntl.h>
#include <unistd.h>

namespace clscope::probes {
namespace {

class PosixOpenFile final : public OpenFile {
 public:
  explicit PosixOpenFile(int fd) : fd_(fd) {}
  ~PosixOpenFile() override { ::close(fd_); }
  PosixOpenFile(const PosixOpenFile&) = delete;
  PosixOpenFile& operator=(const PosixOpenFile&) = delete;

  int read(std::string& out) override {
    out.clear();
    char buf[4096];
    off_t offset = 0;
    for (;;) {
      const ssize_t n = ::pread(fd_, buf, sizeof buf, offset);
      if (n < 0) {
        if (errno == EINTR) continue;
        return errno;
      }
      if (n == 0) return 0;
      out.append(buf, static_cast<std::size_t>(n));
      offset += n;
    }
  }

 private:
  int fd_;
};

}  // namespace

std::unique_ptr<OpenFile> FileSystem::open(const std::filesystem::path& path, int& error) const {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = errno;
    return nullptr;
  }
  error = 0;
  return std::make_unique<PosixOpenFile>(fd);
}

int FileSystem::read(const std::filesystem::path& path, std::string& out) const {
  int error = 0;
  auto f = open(path, error);
  if (!f) return error;
  return f->read(out);
}

std::vector<std::string> FileSystem::list(const std::filesystem::path& dir) const {
  std::vector<std::string> names;
  if (list_dir(dir, names) != 0) names.clear();
  return names;
}

int FileSystem::list_dir(const std::filesystem::path& dir, std::vector<std::string>& names) const {
  names.clear();
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  for (std::filesystem::directory_iterator end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  // A listing cut short (the directory vanished, as /proc/<pid> does) keeps
  // what was read; only a directory that could not be opened is an error.
  if (ec && names.empty()) return ec.value() != 0 ? ec.value() : EIO;
  return 0;
}

std::optional<std::filesystem::path> FileSystem::canonical(const std::filesystem::path& path) const {
  std::error_code ec;
  auto p = std::filesystem::canonical(path, ec);
  if (ec) return std::nullopt;
  return p;
}

bool FileSystem::exists(const std::filesystem::path& path) const {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

std::optional<std::filesystem::path> FileSystem::read_link(const std::filesystem::path& path) const {
  std::error_code ec;
  auto p = std::filesystem::read_symlink(path, ec);
  if (ec) return std::nullopt;
  return p;
}

std::shared_ptr<const FileSystem> posix_file_system() {
  // Stateless and const: sharing one instance is not shared mutable state.
  static const auto instance = std::make_shared<const FileSystem>();
  return instance;
}

int CachedFile::read(std::string& out) {
  if (!keep_open_) return fs_->read(path_, out);
  if (!file_) {
    int error = 0;
    file_ = fs_->open(path_, error);
    if (!file_) return error;
  }
  const int error = file_->read(out);
  if (error != 0) file_.reset();
  return error;
}

std::string describe_error(const std::filesystem::path& path, int error) {
  if (error == EINVAL) return path.string() + ": unexpected content";
  return path.string() + ": " + std::strerror(error);
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

FileValue read_trimmed(const FsRoot& root, const std::filesystem::path& path) {
  FileValue v;
  std::string raw;
  v.error = root.fs->read(path, raw);
  if (v.error == 0) v.text = std::string(trim(raw));
  return v;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  text = trim(text);
  std::int64_t v = 0;
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, v);
  if (text.empty() || r.ec != std::errc{} || r.ptr != end) return std::nullopt;
  return v;
}

std::optional<double> parse_double(std::string_view text) {
  text = trim(text);
  double v = 0;
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, v);
  if (text.empty() || r.ec != std::errc{} || r.ptr != end) return std::nullopt;
  return v;
}

std::optional<double> parse_leading_double(std::string_view text) {
  text = trim(text);
  double v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc{} || r.ptr == text.data()) return std::nullopt;
  return v;
}

std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    const std::size_t b = i;
    while (i < s.size() && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

}  // namespace clscope::probes
