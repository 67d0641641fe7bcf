#include "Capture.hpp"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <memory>
#include <new>
#include <string>

#include "LayerState.hpp"

namespace clscope::layer {
uint64_t monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

namespace {

// Bumped in the child after fork(): thread ids and the pid cached before it are stale.
std::atomic<uint32_t> g_fork_generation{0};
std::atomic<uint32_t> g_pid{0};

void after_fork_in_child() {
  g_pid.store(static_cast<uint32_t>(::getpid()), std::memory_order_relaxed);
  g_fork_generation.fetch_add(1, std::memory_order_relaxed);
  state().completions.forget_after_fork();
}

// Bumped before every clReleaseCommandQueue and clReleaseKernel the program
// makes: a handle seen before a release may name another object after it.
std::atomic<uint64_t> g_release_generation{0};

// What the calling thread looked up last: a loop that launches the same kernel
// on the same queue asks the driver once, not on every command.
struct LastHandles {
  uint64_t generation = UINT64_MAX;
  cl_command_queue queue = nullptr;
  cl_device_id device = nullptr;
  cl_kernel kernel = nullptr;
  uint16_t name_flags = 0;
  char name[sizeof(clscope_layer_record::name)] = {};
};

LastHandles& last_handles() {
  thread_local LastHandles last;
  const uint64_t generation = g_release_generation.load(std::memory_order_relaxed);
  if (last.generation != generation) {
    last = LastHandles{};
    last.generation = generation;
  }
  return last;
}

}  // namespace

void note_handle_release() { g_release_generation.fetch_add(1, std::memory_order_relaxed); }

void init_process_ids() {
  g_pid.store(static_cast<uint32_t>(::getpid()), std::memory_order_relaxed);
  ::pthread_atfork(nullptr, nullptr, after_fork_in_child);
}

uint32_t current_tid() {
  struct Cached {
    uint32_t tid = 0;
    uint32_t generation = UINT32_MAX;
  };
  thread_local Cached cached;
  const uint32_t generation = g_fork_generation.load(std::memory_order_relaxed);
  if (cached.generation != generation) {
    cached.tid = static_cast<uint32_t>(::syscall(SYS_gettid));
    cached.generation = generation;
  }
  return cached.tid;
}

Capture::Capture(clscope_layer_kind kind, cl_command_queue queue, cl_uint wait_list_len) {
  LayerState& s = state();
  active_ = s.channel.active();
  if (!active_) return;
  record_.record_version = CLSCOPE_LAYER_LAYOUT_VERSION;
  record_.kind = static_cast<uint16_t>(kind);
  record_.seq = s.next_seq.fetch_add(1, std::memory_order_relaxed);
  record_.pid = g_pid.load(std::memory_order_relaxed);
  record_.tid = current_tid();
  record_.queue = reinterpret_cast<uint64_t>(queue);
  record_.wait_list_len = wait_list_len;
  if (!queue) return;
  LastHandles& last = last_handles();
  if (queue != last.queue) {
    cl_device_id device = nullptr;
    if (target().clGetCommandQueueInfo(queue, CL_QUEUE_DEVICE, sizeof(device), &device, nullptr) != CL_SUCCESS)
      return;
    last.queue = queue;
    last.device = device;
  }
  record_.device = reinterpret_cast<uint64_t>(last.device);
}

cl_event* Capture::event_slot(cl_event* program_event) {
  if (program_event) {
    record_.flags |= CLSCOPE_FLAG_PROGRAM_EVENT;
    return program_event;
  }
  return &own_event_;
}

cl_int Capture::finish(cl_int result, cl_event* program_event) {
  record_.host_call_ns = monotonic_ns() - record_.host_enter_ns;
  if (record_.flags & CLSCOPE_FLAG_BLOCKING) record_.host_wait_ns = record_.host_call_ns;
  LayerState& s = state();
  clscope_layer_channel_header& h = s.channel.header();
  if (result != CL_SUCCESS) {
    // No event was made (the spec leaves *event untouched on error).
    record_.flags |= CLSCOPE_FLAG_CALL_FAILED;
    record_.status = result;
    s.channel.publish(record_);
    return result;
  }
  cl_event event = program_event ? *program_event : own_event_;
  if (!event) {
    count(h.records_dropped);
    return result;
  }
  if (program_event) {
    target().clRetainEvent(event);
    count(h.events_retained);
  } else {
    count(h.events_created);
  }
  Pending* pending = s.completions.take_pending();
  if (pending) {
    pending->record = record_;
    pending->event = nullptr;
    pending->status = CL_COMPLETE;
    pending->direct = !s.completions.ensure_running(g_pid.load(std::memory_order_relaxed));
  }
  if (!pending ||
      target().clSetEventCallback(event, CL_COMPLETE, on_command_complete, pending) != CL_SUCCESS) {
    if (pending) s.completions.recycle(pending);
    target().clReleaseEvent(event);
    count(h.events_released);
    count(h.records_dropped);
    s.notes.say_once(Note::kCallbackRefused,
                     "clSetEventCallback failed on a command's event: that command is not timed "
                     "(counted as dropped)");
  }
  return result;
}

cl_int Capture::finish_host_only(cl_int result) {
  record_.host_call_ns = monotonic_ns() - record_.host_enter_ns;
  if (record_.flags & CLSCOPE_FLAG_BLOCKING) record_.host_wait_ns = record_.host_call_ns;
  if (result != CL_SUCCESS) {
    record_.flags |= CLSCOPE_FLAG_CALL_FAILED;
    record_.status = result;
  }
  state().channel.publish(record_);
  return result;
}

namespace {

// The kernel's name from the driver (the start of it, flagged, when longer).
void read_kernel_name(cl_kernel kernel, clscope_layer_record& record) {
  size_t size = 0;
  if (target().clGetKernelInfo(kernel, CL_KERNEL_FUNCTION_NAME, sizeof(record.name), record.name, &size) ==
      CL_SUCCESS) {
    record.name[sizeof(record.name) - 1] = '\0';
    return;
  }
  // Longer than the record holds (or an error): fetch it whole, keep the start.
  if (target().clGetKernelInfo(kernel, CL_KERNEL_FUNCTION_NAME, 0, nullptr, &size) != CL_SUCCESS || size == 0) {
    record.name[0] = '\0';
    return;
  }
  std::string name(size, '\0');
  if (target().clGetKernelInfo(kernel, CL_KERNEL_FUNCTION_NAME, size, name.data(), nullptr) != CL_SUCCESS) {
    record.name[0] = '\0';
    return;
  }
  std::strncpy(record.name, name.c_str(), sizeof(record.name) - 1);
  record.name[sizeof(record.name) - 1] = '\0';
  record.flags |= CLSCOPE_FLAG_NAME_TRUNCATED;
}

}  // namespace

void fill_kernel_name(cl_kernel kernel, clscope_layer_record& record) {
  LastHandles& last = last_handles();
  if (kernel && kernel == last.kernel) {
    std::memcpy(record.name, last.name, sizeof(record.name));
    record.flags |= last.name_flags;
    return;
  }
  read_kernel_name(kernel, record);
  last.kernel = kernel;
  std::memcpy(last.name, record.name, sizeof(record.name));
  last.name_flags = record.flags & CLSCOPE_FLAG_NAME_TRUNCATED;
}

void describe_unmapped(clscope_layer_record& record, const void* mapped) {
  const auto region = state().maps.unmapped(mapped);
  if (!region) return;
  record.bytes = region->bytes;
  record.map_flags = region->flags;
  // Unmapping a region mapped for writing hands the host's bytes back to the device.
  if (region->flags & (CL_MAP_WRITE | CL_MAP_WRITE_INVALIDATE_REGION)) record.direction = CLSCOPE_DIR_HOST_TO_DEVICE;
}

uint16_t pinned_flag(cl_mem buffer) {
  cl_mem_flags flags = 0;
  if (target().clGetMemObjectInfo(buffer, CL_MEM_FLAGS, sizeof(flags), &flags, nullptr) != CL_SUCCESS) return 0;
  return (flags & (CL_MEM_ALLOC_HOST_PTR | CL_MEM_USE_HOST_PTR)) ? CLSCOPE_FLAG_PINNED : 0;
}

}  // namespace clscope::layer
