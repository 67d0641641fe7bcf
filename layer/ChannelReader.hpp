// clscope's end of the layer channel (layout in LayerRecord.h): creates the
// shared-memory ring an observed program's libclscope-layer.so writes into,
// drains its records and reads its counters.
//
// Hand-over: the ring is an anonymous memfd, created close-on-exec. The code
// that starts the program makes fd() inheritable in that child only (e.g.
// posix_spawn_file_actions_adddup2(fd, fd), which clears close-on-exec, or
// fcntl(F_SETFD, 0) after fork) and sets CLSCOPE_LAYER_CHANNEL to
// environment_value() in the child's environment, with OPENCL_LAYERS naming
// the library (see LayerLocation.hpp). Nothing has a file system name, so no
// other process can write records.
//
// Thread-safety: one thread drains (single consumer); counters() may be read
// from any thread. The program's writers never wait for the reader: when the
// ring is full they drop and count (counters().records_dropped).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ChannelRing.hpp"
#include "LayerRecord.h"

namespace clscope::layer {

struct ChannelCounters {
  uint64_t attached = 0;          // processes whose layer attached
  uint64_t records_written = 0;
  uint64_t records_dropped = 0;   // ring full, or an event the layer could not time
  uint64_t events_created = 0;
  uint64_t events_retained = 0;
  uint64_t events_released = 0;
  uint64_t queues_forced = 0;     // profiling forced on
  uint64_t queues_refused = 0;    // forcing failed: created as asked, no device times
  uint64_t calls_unobserved = 0;  // passed through without a record

  // Events the layer still holds (0 once every command completed).
  int64_t events_in_flight() const {
    return static_cast<int64_t>(events_created + events_retained) - static_cast<int64_t>(events_released);
  }
};

struct ChannelOpen;

class LayerChannel {
 public:
  static constexpr uint64_t kDefaultCapacity = 16384;  // slots (5 MiB)

  // A fresh channel of at least `capacity` slots (rounded up to a power of
  // two, at most kMaxCapacity).
  static ChannelOpen create(uint64_t capacity = kDefaultCapacity);

  LayerChannel(LayerChannel&& other) noexcept;
  LayerChannel& operator=(LayerChannel&& other) noexcept;
  LayerChannel(const LayerChannel&) = delete;
  LayerChannel& operator=(const LayerChannel&) = delete;
  ~LayerChannel();

  int fd() const { return fd_; }
  uint64_t capacity() const { return ring_.capacity(); }
  // The value of CLSCOPE_LAYER_CHANNEL for the child: "fd:<N>:<token hex>".
  std::string environment_value() const;

  // Appends up to `max_records` ready records to `out`, oldest first; returns
  // how many. Never waits.
  size_t drain(std::vector<clscope_layer_record>& out, size_t max_records = SIZE_MAX);
  ChannelCounters counters() const;

 private:
  LayerChannel(int fd, void* base, size_t bytes, uint64_t token);
  void close();

  int fd_ = -1;
  void* base_ = nullptr;
  size_t bytes_ = 0;
  uint64_t token_ = 0;
  ChannelRing ring_;
};

struct ChannelOpen {
  std::optional<LayerChannel> channel;
  std::string error;  // why there is none, e.g. "memfd_create: Too many open files"
};

// Short names for logs and tests: "kernel", "read", ... / "h2d", "d2h", "d2d", "".
const char* kind_name(uint16_t kind);
const char* direction_name(uint32_t direction);

}  // namespace clscope::layer
