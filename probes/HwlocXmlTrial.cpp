#include "probes/HwlocXmlTrial.hpp"

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

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

}  // namespace

std::string trial_load_xml(const char* xml_path, void (*configure)(hwloc_topology_t), double timeout_s) {
  const pid_t pid = ::fork();
  if (pid < 0) return std::string("cannot fork to try it first: ") + std::strerror(errno);
  if (pid == 0) child_loads(xml_path, configure);
  const timespec tick{0, 5'000'000};
  int status = 0;
  for (double waited = 0;; waited += 0.005) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return std::string("cannot wait for the trial load: ") + std::strerror(errno);
    if (waited >= timeout_s) {
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      char limit[32];
      std::snprintf(limit, sizeof limit, "%g", timeout_s);
      return std::string("hwloc took more than ") + limit + " s reading it";
    }
    ::nanosleep(&tick, nullptr);
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
