// Completed commands travel from the driver's completion callback to the
// channel through the layer's own thread, so that the callback (which a
// driver such as POCL runs before it wakes the thread waiting in clFinish)
// costs one atomic exchange on the program's critical path.
//
//  - the callback (any driver thread) pushes the command's Pending onto a
//    lock-free stack;
//  - the drain thread ("clscope-layer", every signal blocked) wakes every
//    1 ms while commands complete, backing off to 8 ms when none do, takes
//    the whole stack, and for each command in completion order reads the
//    four profiling times, publishes the record and releases the event;
//  - at exit (atexit, registered when the thread starts) the exiting thread
//    drains what completed and stops the thread before the driver unloads;
//  - after fork() the child drops the parent's pending commands (the
//    driver's objects are not the child's) and starts its own thread on its
//    first command;
//  - a drained Pending goes back to a pool instead of the heap: a program
//    thread takes the whole pool at once into its own list (so no two takers
//    race, and a thread that ends gives its list back), which spares every
//    command a malloc on one thread and a free on another.
//
// Thread-safety: push() from any thread, including driver callback threads;
// ensure_running() from any thread (cheap after the first call in a process);
// stop() from the exiting thread (one mutex against the drain thread).
#pragma once

#include <CL/cl.h>

#include <atomic>
#include <cstdint>
#include <mutex>

#include "../LayerRecord.h"

namespace clscope::layer {

// One command waiting for its event to complete, then for the drain.
struct Pending {
  clscope_layer_record record;
  cl_event event = nullptr;
  cl_int status = CL_COMPLETE;
  bool direct = false;  // no drain thread: the callback publishes it itself
  Pending* next = nullptr;
};

// The completion callback the layer sets on every command's event; user_data
// is the command's Pending, which the drain (or the callback) recycles.
void CL_CALLBACK on_command_complete(cl_event event, cl_int status, void* user_data);

class CompletionDrain {
 public:
  // Starts the drain thread in this process if it does not run yet. False
  // when it cannot be started (the caller then drains at once).
  bool ensure_running(uint32_t pid);
  // A Pending for a new command (recycled, or new); nullptr when out of memory.
  Pending* take_pending();
  // A Pending that is done with (its callback was never set).
  void recycle(Pending* pending) { recycle_list(pending, pending); }
  // The event of `pending` completed with `status`: queue it for the drain.
  void push(Pending* pending);
  // In the child after fork(): forget the parent's commands and thread.
  void forget_after_fork();
  // At exit: last drain, then the thread stops for good.
  void stop();
  // The drain thread's loop (returns once stop() ran).
  void run_thread();

 private:
  // Takes the stack; returns how many commands were published.
  unsigned drain_locked();
  // Puts the list first..last (linked by next) back into the pool.
  void recycle_list(Pending* first, Pending* last);
  friend struct LocalPendings;

  std::atomic<Pending*> completed_{nullptr};
  std::atomic<Pending*> recycled_{nullptr};
  std::atomic<uint32_t> running_pid_{0};
  std::mutex drain_mutex_;  // one drain at a time; held while publishing
  std::mutex start_mutex_;
  bool stopped_ = false;    // under drain_mutex_
};

}  // namespace clscope::layer
