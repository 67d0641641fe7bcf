#include "LayerRun.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

extern char** environ;

namespace clscope::layer::testing {
namespace {

// The parent's environment with `overrides` ("NAME=value") replacing or adding.
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

LayerRunResult run_under_layer(const LayerRunOptions& options) {
  LayerRunResult result;
  std::optional<LayerChannel> channel;
  std::vector<std::string> overrides;
  if (!options.layer_library.empty()) {
    std::string layers;
    for (const auto& below : options.layers_below) layers += below.string() + ":";
    overrides.push_back("OPENCL_LAYERS=" + layers + options.layer_library.string());
  }
  if (!options.layer_library.empty() && options.provide_channel) {
    auto open = LayerChannel::create(options.capacity);
    if (!open.channel) {
      result.error = open.error;
      return result;
    }
    channel = std::move(open.channel);
    std::string value = channel->environment_value();
    if (options.wrong_token) value.back() = value.back() == '0' ? '1' : '0';
    overrides.push_back(std::string(CLSCOPE_LAYER_CHANNEL_ENV) + "=" + value);
  }
  auto env_strings = child_environment(overrides);
  auto env = pointers(env_strings);
  auto argv_strings = options.argv;
  auto argv = pointers(argv_strings);
  const int out_fd = options.stdout_file
                         ? ::open(options.stdout_file->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)
                         : -1;
  const int err_fd = options.stderr_file
                         ? ::open(options.stderr_file->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)
                         : -1;
  const pid_t pid = ::fork();
  if (pid < 0) {
    result.error = std::string("fork: ") + std::strerror(errno);
    return result;
  }
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    if (channel) ::fcntl(channel->fd(), F_SETFD, 0);  // inherited by this child only
    if (out_fd >= 0) ::dup2(out_fd, STDOUT_FILENO);
    if (err_fd >= 0) ::dup2(err_fd, STDERR_FILENO);
    ::execvpe(argv[0], argv.data(), env.data());
    ::_exit(127);
  }
  if (out_fd >= 0) ::close(out_fd);
  if (err_fd >= 0) ::close(err_fd);
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (channel && options.drain_while_running) channel->drain(result.records);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (channel) {
    channel->drain(result.records);
    result.counters = channel->counters();
  }
  return result;
}

}  // namespace clscope::layer::testing
