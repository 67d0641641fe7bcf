#include "app/run/program/ThreadCpu.hpp"

#include <filesystem>
#include <fstream>

namespace clscope::app {

std::optional<ThreadCpuTimes> read_thread_cpu(const std::string& procfs_root, pid_t pid, pid_t tid) {
  std::ifstream in(procfs_root + "/" + std::to_string(pid) + "/task/" + std::to_string(tid) +
                   "/schedstat");
  ThreadCpuTimes t;
  if (!(in >> t.on_cpu_ns >> t.runqueue_ns)) return std::nullopt;
  return t;
}

std::map<pid_t, ThreadCpuTimes> read_process_threads(const std::string& procfs_root, pid_t pid) {
  std::map<pid_t, ThreadCpuTimes> out;
  std::error_code ec;
  const std::filesystem::path dir = procfs_root + "/" + std::to_string(pid) + "/task";
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto tid = static_cast<pid_t>(std::stol(name));
    if (auto t = read_thread_cpu(procfs_root, pid, tid)) out[tid] = *t;
  }
  return out;
}

}  // namespace clscope::app
