#include "app/run/program/ChildProcess.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

extern char** environ;

namespace clscope::app {
namespace {

std::vector<std::string> child_environment(const std::vector<std::string>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    bool replaced = false;
    for (const auto& o : overrides) {
      const auto name = o.substr(0, o.find('=') + 1);
      if (entry.compare(0, name.size(), name) == 0) replaced = true;
    }
    if (!replaced) env.push_back(entry);
  }
  env.insert(env.end(), overrides.begin(), overrides.end());
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::string append_layer(const std::string& existing, const std::string& layer) {
  if (existing.empty()) return layer;
  return existing.back() == ':' ? existing + layer : existing + ":" + layer;
}

ChildProcess::~ChildProcess() {
  if (running()) {
    ::kill(pid_, SIGKILL);
    int st = 0;
    ::waitpid(pid_, &st, 0);
  }
}

std::string ChildProcess::start(const ChildSpec& spec) {
  if (spec.argv.empty()) return "no program to start";
  auto env_strings = child_environment(spec.env_overrides);
  auto env = pointers(env_strings);
  auto argv_strings = spec.argv;
  auto argv = pointers(argv_strings);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // dup2 onto itself clears close-on-exec in the child only (POSIX 2024, glibc >= 2.29).
  if (spec.inherit_fd >= 0) posix_spawn_file_actions_adddup2(&actions, spec.inherit_fd, spec.inherit_fd);
  constexpr int kCreate = O_WRONLY | O_CREAT | O_TRUNC;
  if (spec.output_log) {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, spec.output_log->c_str(), kCreate, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  } else {
    if (spec.stdout_file)
      posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, spec.stdout_file->c_str(), kCreate, 0600);
    if (spec.stderr_file)
      posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, spec.stderr_file->c_str(), kCreate, 0600);
  }
  // The child starts with default signal handling, whatever clscope installed.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = -1;
  const int err = ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (err != 0) return "cannot start '" + spec.argv[0] + "': " + std::strerror(err);
  pid_ = pid;
  return {};
}

bool ChildProcess::poll() {
  if (status_) return true;
  if (pid_ <= 0) return false;
  int st = 0;
  const pid_t done = ::waitpid(pid_, &st, WNOHANG);
  if (done != pid_) return false;
  status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  return true;
}

void ChildProcess::signal(int sig) const {
  if (pid_ > 0 && !status_) ::kill(pid_, sig);
}

}  // namespace clscope::app
