#include "CompletionDrain.hpp"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <new>

#include "Capture.hpp"
#include "LayerState.hpp"

namespace clscope::layer {
namespace {

constexpr unsigned kBusyPeriodMs = 1;  // while commands complete
constexpr unsigned kIdlePeriodMs = 8;  // the longest sleep once none do

void read_device_times(cl_event event, clscope_layer_record& record) {
  const cl_profiling_info names[4] = {CL_PROFILING_COMMAND_QUEUED, CL_PROFILING_COMMAND_SUBMIT,
                                      CL_PROFILING_COMMAND_START, CL_PROFILING_COMMAND_END};
  cl_ulong values[4] = {};
  for (int i = 0; i < 4; ++i) {
    if (target().clGetEventProfilingInfo(event, names[i], sizeof(cl_ulong), &values[i], nullptr) !=
        CL_SUCCESS) {
      // Profiling refused for this queue (already said), or a driver that times
      // only some commands: the record goes out without device times.
      return;
    }
  }
  record.queued_ns = values[0];
  record.submit_ns = values[1];
  record.start_ns = values[2];
  record.end_ns = values[3];
  record.flags |= CLSCOPE_FLAG_DEVICE_TIMES;
}

void publish_completed(Pending& pending) {
  pending.record.status = pending.status;
  if (pending.status == CL_COMPLETE) read_device_times(pending.event, pending.record);
  LayerState& s = state();
  s.channel.publish(pending.record);
  target().clReleaseEvent(pending.event);
  count(s.channel.header().events_released);
}

void* drain_thread_entry(void* self) {
  static_cast<CompletionDrain*>(self)->run_thread();
  return nullptr;
}

void stop_at_exit() { state().completions.stop(); }

}  // namespace

// A program thread's own free Pendings; given back to the pool when it ends.
struct LocalPendings {
  Pending* head = nullptr;
  ~LocalPendings() {
    if (!head) return;
    Pending* last = head;
    while (last->next) last = last->next;
    state().completions.recycle_list(head, last);
  }
};

namespace {
thread_local LocalPendings t_local_pendings;
}  // namespace

void CL_CALLBACK on_command_complete(cl_event event, cl_int status, void* user_data) {
  auto* pending = static_cast<Pending*>(user_data);
  pending->event = event;
  pending->status = status;
  // No drain thread in this process; or a driver that completed the command
  // on the very thread that enqueued it (inside its clFinish, say), where no
  // other thread waits on this one and the record is still in its cache:
  // publish here.
  if (pending->direct || current_tid() == pending->record.tid) {
    publish_completed(*pending);
    state().completions.recycle(pending);
    return;
  }
  state().completions.push(pending);
}

bool CompletionDrain::ensure_running(uint32_t pid) {
  if (running_pid_.load(std::memory_order_acquire) == pid) return true;
  std::lock_guard lock(start_mutex_);
  if (running_pid_.load(std::memory_order_relaxed) == pid) return true;
  {
    std::lock_guard drain_lock(drain_mutex_);
    if (stopped_) return false;  // the process is exiting
  }
  // The thread takes no signal: the program's handlers and sigwait() keep theirs.
  sigset_t all{}, old{};
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_t thread{};
  const int rc = pthread_create(&thread, nullptr, drain_thread_entry, this);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (rc != 0) return false;
  pthread_setname_np(thread, "clscope-layer");
  pthread_detach(thread);
  // Registered once: a forked child inherits it with the rest of the process.
  static const bool registered = std::atexit(stop_at_exit) == 0;
  (void)registered;
  running_pid_.store(pid, std::memory_order_release);
  return true;
}

Pending* CompletionDrain::take_pending() {
  Pending*& local = t_local_pendings.head;
  if (!local) local = recycled_.exchange(nullptr, std::memory_order_acquire);
  if (!local) return new (std::nothrow) Pending;
  Pending* pending = local;
  local = pending->next;
  pending->next = nullptr;
  return pending;
}

void CompletionDrain::recycle_list(Pending* first, Pending* last) {
  Pending* head = recycled_.load(std::memory_order_relaxed);
  do {
    last->next = head;
  } while (!recycled_.compare_exchange_weak(head, first, std::memory_order_release, std::memory_order_relaxed));
}

void CompletionDrain::push(Pending* pending) {
  Pending* head = completed_.load(std::memory_order_relaxed);
  do {
    pending->next = head;
  } while (!completed_.compare_exchange_weak(head, pending, std::memory_order_release, std::memory_order_relaxed));
}

unsigned CompletionDrain::drain_locked() {
  Pending* newest_first = completed_.exchange(nullptr, std::memory_order_acquire);
  Pending* oldest_first = nullptr;
  while (newest_first) {
    Pending* next = newest_first->next;
    newest_first->next = oldest_first;
    oldest_first = newest_first;
    newest_first = next;
  }
  unsigned published = 0;
  Pending* first = oldest_first;
  Pending* last = nullptr;
  for (Pending* pending = first; pending; pending = pending->next) {
    publish_completed(*pending);
    last = pending;
    ++published;
  }
  if (first) recycle_list(first, last);
  return published;
}

void CompletionDrain::run_thread() {
  unsigned period_ms = kBusyPeriodMs;
  for (;;) {
    const timespec nap{0, static_cast<long>(period_ms) * 1000000L};
    ::nanosleep(&nap, nullptr);
    unsigned published = 0;
    {
      std::lock_guard lock(drain_mutex_);
      if (stopped_) return;
      published = drain_locked();
    }
    period_ms = published ? kBusyPeriodMs : std::min(period_ms * 2, kIdlePeriodMs);
  }
}

void CompletionDrain::forget_after_fork() {
  // The parent's threads are gone and may have held these mutexes: fresh ones.
  // The parent's pending commands are leaked on purpose (their events belong
  // to the parent's driver state).
  new (&drain_mutex_) std::mutex;
  new (&start_mutex_) std::mutex;
  completed_.store(nullptr, std::memory_order_relaxed);
  running_pid_.store(0, std::memory_order_relaxed);
  stopped_ = false;
}

void CompletionDrain::stop() {
  std::lock_guard lock(drain_mutex_);
  drain_locked();
  stopped_ = true;
}

}  // namespace clscope::layer
