#pragma once
// Shared helpers for the probe tests: fixture roots, writable copies of a
// fixture, and a FileSystem that denies chosen paths (EACCES) even to root.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "probes/FsRoot.hpp"

namespace clscope::probes::test {

inline std::filesystem::path fixture_dir(const std::string& name) {
  return std::filesystem::path(CLSCOPE_SOURCE_DIR) / "tests" / "fixtures" / name;
}

/// sysfs = <fixture>/sys, procfs = <fixture>/proc (absent dirs simply read as absent).
inline FsRoot fixture_root(const std::string& name) {
  FsRoot r;
  r.sysfs = fixture_dir(name) / "sys";
  r.procfs = fixture_dir(name) / "proc";
  return r;
}

/// A private, writable copy of a fixture tree (symlinks copied as links),
/// removed when destroyed.
class TempTree {
 public:
  explicit TempTree(const std::string& fixture) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "clscope-probes-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    std::filesystem::copy(fixture_dir(fixture), dir_,
                          std::filesystem::copy_options::recursive |
                              std::filesystem::copy_options::copy_symlinks);
  }
  ~TempTree() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  FsRoot root() const {
    FsRoot r;
    r.sysfs = dir_ / "sys";
    r.procfs = dir_ / "proc";
    return r;
  }
  /// Overwrites (or creates) a file relative to the tree.
  void write(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel, std::ios::trunc) << text;
  }
  void remove(const std::string& rel) const { std::filesystem::remove_all(dir_ / rel); }

 private:
  std::filesystem::path dir_;
};

/// Reads like the POSIX file system, except that paths whose string ends with
/// one of `denied_suffixes` fail with EACCES (open, list_dir; read_link
/// reads as no link) — what an unprivileged user sees
/// for a root-only file, reproducible while the tests run as root.
class DenyingFileSystem final : public FileSystem {
 public:
  explicit DenyingFileSystem(std::set<std::string> denied_suffixes)
      : denied_(std::move(denied_suffixes)) {}
  bool denied(const std::filesystem::path& path) const {
    const std::string p = path.string();
    for (const auto& d : denied_) {
      if (p.size() >= d.size() && p.compare(p.size() - d.size(), d.size(), d) == 0) return true;
    }
    return false;
  }
  std::unique_ptr<OpenFile> open(const std::filesystem::path& path, int& error) const override {
    if (denied(path)) {
      error = EACCES;
      return nullptr;
    }
    return FileSystem::open(path, error);
  }
  int list_dir(const std::filesystem::path& dir, std::vector<std::string>& names) const override {
    if (denied(dir)) {
      names.clear();
      return EACCES;
    }
    return FileSystem::list_dir(dir, names);
  }
  std::optional<std::filesystem::path> read_link(const std::filesystem::path& path) const override {
    if (denied(path)) return std::nullopt;
    return FileSystem::read_link(path);
  }

 private:
  std::set<std::string> denied_;
};

inline FsRoot with_denied(FsRoot root, std::set<std::string> denied_suffixes) {
  root.fs = std::make_shared<const DenyingFileSystem>(std::move(denied_suffixes));
  return root;
}

inline bool running_as_root() { return ::geteuid() == 0; }

}  // namespace clscope::probes::test
