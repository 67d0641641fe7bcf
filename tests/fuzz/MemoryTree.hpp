#pragma once
// An in-memory /sys and /proc for the probe fuzzer: a FileSystem (probes/FsRoot.hpp)
// served from a text archive, so that every probe reads fuzzed files through
// its real code path without touching the disk.
//
// Archive: entries, each starting with a header line
//     @@ /sys/class/drm/card0/device -> ../../devices/pci0000:00/0000:03:00.0   (symlink)
//     @@ /proc/stat                                                             (file)
// A file's content is every line after its header up to the next header.
// tests/fuzz/make_probe_seeds.py writes the fixtures of tests/fixtures in this form.
#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "probes/FsRoot.hpp"

namespace clscope::fuzz {

class MemoryTree : public probes::FileSystem {
 public:
  explicit MemoryTree(std::string_view archive) {
    std::size_t pos = 0;
    std::string* content = nullptr;
    while (pos < archive.size()) {
      std::size_t end = archive.find('\n', pos);
      const std::size_t next = end == std::string_view::npos ? archive.size() : end + 1;
      const std::string_view line = archive.substr(pos, next - pos);
      if (line.starts_with("@@ ")) {
        std::string_view spec = line.substr(3);
        while (!spec.empty() && (spec.back() == '\n' || spec.back() == '\r')) spec.remove_suffix(1);
        const auto arrow = spec.find(" -> ");
        if (arrow != std::string_view::npos) {
          links_[key(spec.substr(0, arrow))] = std::string(spec.substr(arrow + 4));
          content = nullptr;
        } else {
          content = &files_[key(spec)];
          content->clear();
        }
      } else if (content) {
        content->append(line);
      }
      pos = next;
    }
    for (const std::map<std::string, std::string>* m : {&files_, &links_})
      for (const auto& [path, unused] : *m)
        for (auto slash = path.rfind('/'); slash != std::string::npos && slash > 0;
             slash = path.rfind('/', slash - 1))
          if (!dirs_.insert(path.substr(0, slash)).second) break;
    dirs_.insert("/");
  }

  std::unique_ptr<probes::OpenFile> open(const std::filesystem::path& path, int& error) const override {
    std::string unused;
    error = read(path, unused);
    if (error != 0) return nullptr;
    struct File : probes::OpenFile {
      const MemoryTree* tree;
      std::filesystem::path path;
      int read(std::string& out) override { return tree->read(path, out); }
    };
    auto f = std::make_unique<File>();
    f->tree = this;
    f->path = path;
    return f;
  }

  int read(const std::filesystem::path& path, std::string& out) const override {
    const auto r = resolve(path.string());
    if (!r) return ELOOP;
    if (auto it = files_.find(*r); it != files_.end()) {
      out = it->second;
      return 0;
    }
    return dirs_.count(*r) ? EISDIR : ENOENT;
  }

  int list_dir(const std::filesystem::path& dir, std::vector<std::string>& out) const override {
    std::set<std::string> names;
    out.clear();
    const auto r = resolve(dir.string());
    if (!r) return ELOOP;
    if (!dirs_.count(*r)) return files_.count(*r) ? ENOTDIR : ENOENT;
    const std::string prefix = *r == "/" ? "/" : *r + "/";
    auto add = [&](const std::string& p) {
      if (!p.starts_with(prefix) || p.size() == prefix.size()) return;
      names.insert(p.substr(prefix.size(), p.find('/', prefix.size()) - prefix.size()));
    };
    for (const auto& [p, unused] : files_) add(p);
    for (const auto& [p, unused] : links_) add(p);
    for (const auto& p : dirs_) add(p);
    out.assign(names.begin(), names.end());
    return 0;
  }

  std::optional<std::filesystem::path> canonical(const std::filesystem::path& path) const override {
    const auto r = resolve(path.string());
    if (!r || (!files_.count(*r) && !dirs_.count(*r))) return std::nullopt;
    return std::filesystem::path(*r);
  }

  bool exists(const std::filesystem::path& path) const override { return canonical(path).has_value(); }

  std::optional<std::filesystem::path> read_link(const std::filesystem::path& path) const override {
    const std::filesystem::path p(path);
    const auto parent = resolve(p.parent_path().string());
    if (!parent) return std::nullopt;
    auto it = links_.find(key((std::filesystem::path(*parent) / p.filename()).string()));
    if (it == links_.end()) return std::nullopt;
    return std::filesystem::path(it->second);
  }

 private:
  static std::string key(std::string_view path) {
    const bool plain = !path.empty() && path.front() == '/' && path.find("//") == std::string_view::npos &&
                       path.find("/.") == std::string_view::npos && (path.size() == 1 || path.back() != '/');
    if (plain) return std::string(path);
    std::string k = std::filesystem::path(std::string(path)).lexically_normal().string();
    while (k.size() > 1 && k.back() == '/') k.pop_back();
    if (k.empty() || k.front() != '/') k.insert(k.begin(), '/');
    return k;
  }

  static void split(std::string_view path, std::vector<std::string>& reversed_out) {
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i < path.size()) {
      const std::size_t j = std::min(path.find('/', i), path.size());
      if (j > i) parts.emplace_back(path.substr(i, j - i));
      i = j + 1;
    }
    reversed_out.insert(reversed_out.end(), parts.rbegin(), parts.rend());
  }

  /// `path` with every symlink among its components replaced; nullopt on a loop.
  /// Memoised (so one thread only: the fuzz target samples on one thread).
  std::optional<std::string> resolve(const std::string& path) const {
    if (auto it = resolved_.find(path); it != resolved_.end()) return it->second;
    std::vector<std::string> todo;  // components still to walk, last first
    split(path, todo);
    std::string done;  // "" = the root
    int hops = 0;
    std::optional<std::string> result;
    while (!todo.empty()) {
      const std::string c = std::move(todo.back());
      todo.pop_back();
      if (c == ".") continue;
      if (c == "..") {
        done.resize(done.rfind('/') == std::string::npos ? 0 : done.rfind('/'));
        continue;
      }
      std::string next = done + "/" + c;
      auto link = links_.find(next);
      if (link == links_.end()) {
        done = std::move(next);
        continue;
      }
      if (++hops > 40) {
        resolved_.emplace(path, std::nullopt);
        return std::nullopt;
      }
      if (!link->second.empty() && link->second.front() == '/') done.clear();
      split(link->second, todo);
    }
    result = done.empty() ? "/" : done;
    resolved_.emplace(path, result);
    return result;
  }

  mutable std::map<std::string, std::optional<std::string>> resolved_;
  std::map<std::string, std::string> files_;
  std::map<std::string, std::string> links_;
  std::set<std::string> dirs_;
};

}  // namespace clscope::fuzz
