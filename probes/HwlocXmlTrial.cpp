#include "probes/HwlocXmlTrial.hpp"

#include <poll.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace clscope::probes {
namespace {

[[noreturn]] void child_loads(const char* xml_path, void (*configure)(hwloc_topology_t)) {
  // Whatever handler the parent has (a sanitizer's, a fuzzer's) must not run here.
  for (const int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) std::signal(sig, SIG_DFL);
  hwloc_topology_t topo = nullptr;
  if (hwloc_topology_init(&topo) != 0) _exit(0);  // nothing tried, nothing learnt
  configure(topo);
  if (xml_path && hwloc_topology_set_xml(topo, xml_path) != 0) _exit(0);
  (void)hwloc_topology_load(topo);  // a clean refusal is the caller's to report
  _exit(0);
}

// Reaps `pid` within `timeout_s`: false when it is still running. A pidfd wakes
// the wait the moment the child ends; without one (old kernel), short naps.
bool wait_for_child(pid_t pid, double timeout_s, int& status) {
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0) {
    pollfd p{pidfd, POLLIN, 0};
    int ready = 0;
    do {
      ready = ::poll(&p, 1, static_cast<int>(timeout_s * 1000));
    } while (ready < 0 && errno == EINTR);
    ::close(pidfd);
    if (ready == 0) return false;
  }
  timespec nap{0, 100'000};
  for (double waited = 0;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return true;
    if (done < 0 && errno != EINTR) return true;  // not ours to wait for any more
    if (waited >= timeout_s) return false;
    ::nanosleep(&nap, nullptr);
    waited += static_cast<double>(nap.tv_nsec) / 1e9;
    nap.tv_nsec = std::min(nap.tv_nsec * 2, 5'000'000L);
  }
}

}  // namespace

std::string trial_load_xml(const char* xml_path, void (*configure)(hwloc_topology_t), double timeout_s) {
  const pid_t pid = ::fork();
  if (pid < 0) return std::string("cannot fork to try it first: ") + std::strerror(errno);
  if (pid == 0) child_loads(xml_path, configure);
  int status = 0;
  if (!wait_for_child(pid, timeout_s, status)) {
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    char limit[32];
    std::snprintf(limit, sizeof limit, "%g", timeout_s);
    return std::string("hwloc took more than ") + limit + " s reading it";
  }
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = sigabbrev_np(sig);
    return std::string("hwloc crashed (") + (name ? std::string("SIG") + name : "signal " + std::to_string(sig)) +
           ") reading it";
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
    return "hwloc failed reading it (its trial exited " + std::to_string(WEXITSTATUS(status)) + ")";
  return "";
}

}  // namespace clscope::probes
