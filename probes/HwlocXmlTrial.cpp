#include "probes/HwlocXmlTrial.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>

namespace clscope::probes {
namespace {

using Configure = void (*)(hwloc_topology_t);

// What became of one trial child; the verdict is worded from it by the caller.
struct Outcome {
  std::int32_t fork_errno = 0;  // the child could not be forked
  std::int32_t timed_out = 0;   // killed after the time limit
  std::int32_t status = 0;      // waitpid's status otherwise
};

// The child's exit status: how far hwloc got, and its errno when it refused.
constexpr int kLoaded = 0;          // also: hwloc_topology_init failed, nothing learnt
constexpr int kIndexBeyond = 2;     // a PU or NUMA node numbered beyond any machine, or not at all
constexpr int kSetXmlRefused = 64;  // + errno (below 64)
constexpr int kLoadRefused = 128;   // + errno (below 64)

// hwloc keeps a PU's or NUMA node's number as a bit of a bitmap: a node without
// os_index (hwloc's "unknown", 2^32-1) costs it a 512 MB bitmap, and a PU
// numbered a million 128 KB in every cpuset. Linux numbers CPUs below 8192
// (NR_CPUS) and nodes below 1024; 2^16 leaves room and keeps a bitmap at 8 KB.
constexpr unsigned kMaxOsIndex = 1u << 16;
// What the child may allocate beyond what it holds when it starts: a real
// topology takes a few MB; the rest fails (hwloc gets NULL and goes on).
constexpr unsigned long kMemoryBudget = 256ul << 20;

[[noreturn]] void exit_refused(int step) { _exit(step + (errno > 0 && errno < 64 ? errno : 0)); }

// RLIMIT_DATA at what the child maps now (VmData, huge under ASan) plus the budget.
void limit_memory(unsigned long budget) {
  char text[8192];
  const int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  const ssize_t n = ::read(fd, text, sizeof text - 1);
  ::close(fd);
  if (n <= 0) return;
  text[n] = '\0';
  const char* line = std::strstr(text, "\nVmData:");
  if (!line) return;
  const unsigned long data_kb = std::strtoul(line + 8, nullptr, 10);
  const rlimit limit{data_kb * 1024 + budget, data_kb * 1024 + budget};
  ::setrlimit(RLIMIT_DATA, &limit);
}

bool numbers_beyond_any_machine(hwloc_topology_t topo) {
  for (const hwloc_obj_type_t type : {HWLOC_OBJ_PU, HWLOC_OBJ_NUMANODE})
    for (hwloc_obj_t obj = nullptr; (obj = hwloc_get_next_obj_by_type(topo, type, obj));)
      if (obj->os_index >= kMaxOsIndex) return true;
  return false;
}

[[noreturn]] void child_loads(const char* xml_path, Configure configure) {
  // Whatever handler the parent has (a sanitizer's, a fuzzer's) must not run here.
  for (const int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) std::signal(sig, SIG_DFL);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a hang outlives no one
  // hwloc's complaints about the file are the parent's to print, if it loads it.
  if (const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC); null >= 0) {
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
  }
  limit_memory(kMemoryBudget);
  hwloc_topology_t topo = nullptr;
  if (hwloc_topology_init(&topo) != 0) _exit(kLoaded);
  configure(topo);
  if (xml_path && hwloc_topology_set_xml(topo, xml_path) != 0) exit_refused(kSetXmlRefused);
  if (hwloc_topology_load(topo) != 0) exit_refused(kLoadRefused);
  _exit(numbers_beyond_any_machine(topo) ? kIndexBeyond : kLoaded);
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

Outcome run_trial(const char* xml_path, Configure configure, double timeout_s) {
  Outcome out;
  const pid_t pid = ::fork();
  if (pid < 0) {
    out.fork_errno = errno;
    return out;
  }
  if (pid == 0) child_loads(xml_path, configure);
  int status = 0;
  if (!wait_for_child(pid, timeout_s, status)) {
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    out.timed_out = 1;
    return out;
  }
  out.status = status;
  return out;
}

std::string verdict(const Outcome& out, double timeout_s) {
  if (out.fork_errno != 0) return std::string("cannot fork to try it first: ") + std::strerror(out.fork_errno);
  if (out.timed_out != 0) {
    char limit[32];
    std::snprintf(limit, sizeof limit, "%g", timeout_s);
    return std::string("hwloc took more than ") + limit + " s reading it";
  }
  if (WIFSIGNALED(out.status)) {
    const int sig = WTERMSIG(out.status);
    const char* name = sigabbrev_np(sig);
    return std::string("hwloc crashed (") + (name ? std::string("SIG") + name : "signal " + std::to_string(sig)) +
           ") reading it";
  }
  const int code = WIFEXITED(out.status) ? WEXITSTATUS(out.status) : kLoaded;
  const auto reason = [](int err) { return err ? std::string(std::strerror(err)) : std::string("no reason given"); };
  if (code >= kLoadRefused && code < kLoadRefused + 64)
    return "hwloc_topology_load refused it: " + reason(code - kLoadRefused) + " (not an hwloc 2.x XML topology?)";
  if (code >= kSetXmlRefused && code < kSetXmlRefused + 64)
    return "hwloc_topology_set_xml refused it: " + reason(code - kSetXmlRefused);
  if (code == kIndexBeyond)
    return "it numbers a PU or NUMA node " + std::to_string(kMaxOsIndex) +
           " or beyond, or not at all (hwloc would hold a bitmap of up to 512 MB for it)";
  if (code != kLoaded) return "hwloc failed reading it (its trial exited " + std::to_string(code) + ")";
  return "";
}

// --- the forker: a process forked early that forks each trial child ---------

struct Request {
  Configure configure;  // the same address in the forker: it is a fork of this image
  double timeout_s;
  std::uint32_t path_len;
};

bool send_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::send(fd, p, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool recv_all(int fd, void* data, std::size_t size) {
  auto* p = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::recv(fd, p, size, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

[[noreturn]] void forker_serves(int sock, pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) _exit(0);
  // The parent's handlers (a fuzzer's ^C report) are not this process's business.
  for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM}) std::signal(sig, SIG_DFL);
  // Hold none of the parent's files open: a pipe it waits to see closed, a lock.
  if (sock > 3) ::syscall(SYS_close_range, 3u, static_cast<unsigned>(sock - 1), 0u);
  ::syscall(SYS_close_range, static_cast<unsigned>(sock + 1), ~0u, 0u);
  char path[PATH_MAX + 1];
  for (;;) {
    Request request{};
    if (!recv_all(sock, &request, sizeof request) || request.path_len > PATH_MAX) _exit(0);
    if (!recv_all(sock, path, request.path_len)) _exit(0);
    path[request.path_len] = '\0';
    const Outcome out = run_trial(path, request.configure, request.timeout_s);
    if (!send_all(sock, &out, sizeof out)) _exit(0);
  }
}

struct Forker {
  std::mutex mutex;
  pid_t pid = -1;
  int sock = -1;

  void stop_locked() {
    if (pid < 0) return;
    ::close(sock);
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    pid = -1;
    sock = -1;
  }

  // False when there is no forker or it failed; then the caller forks itself.
  bool ask(const char* xml_path, Configure configure, double timeout_s, Outcome& out) {
    std::lock_guard lock(mutex);
    if (pid < 0) return false;
    const std::size_t len = std::strlen(xml_path);
    if (len > PATH_MAX) return false;
    const Request request{configure, timeout_s, static_cast<std::uint32_t>(len)};
    bool ok = send_all(sock, &request, sizeof request) && send_all(sock, xml_path, len);
    if (ok) {
      // The forker answers within the trial's limit; give it as long again.
      pollfd p{sock, POLLIN, 0};
      int ready = 0;
      do {
        ready = ::poll(&p, 1, static_cast<int>(timeout_s * 2000) + 1000);
      } while (ready < 0 && errno == EINTR);
      ok = ready > 0 && recv_all(sock, &out, sizeof out);
    }
    if (!ok) stop_locked();
    return ok;
  }
};

Forker& forker() {
  static Forker* instance = new Forker;  // never destroyed: trials may run from atexit
  return *instance;
}

}  // namespace

std::string trial_load_xml(const char* xml_path, Configure configure, double timeout_s) {
  Outcome out;
  if (!xml_path || !forker().ask(xml_path, configure, timeout_s, out)) out = run_trial(xml_path, configure, timeout_s);
  return verdict(out, timeout_s);
}

bool start_trial_forker() {
  Forker& f = forker();
  std::lock_guard lock(f.mutex);
  if (f.pid >= 0) return true;
  int socks[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, socks) != 0) return false;
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(socks[0]);
    ::close(socks[1]);
    return false;
  }
  if (pid == 0) {
    ::close(socks[0]);
    forker_serves(socks[1], parent);
  }
  ::close(socks[1]);
  f.pid = pid;
  f.sock = socks[0];
  return true;
}

void stop_trial_forker() {
  Forker& f = forker();
  std::lock_guard lock(f.mutex);
  f.stop_locked();
}

}  // namespace clscope::probes
