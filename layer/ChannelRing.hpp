// The ring inside a clscope layer channel (layout in LayerRecord.h): the
// producer side used by libclscope-layer.so and the consumer side used by
// ChannelReader. Header-only so both sides share one implementation without
// the layer linking anything of clscope.
//
// Thread-safety: any number of producers (threads of any process mapping the
// channel) and exactly one consumer. try_push never blocks or waits: it fails
// when the ring is full. A producer that dies between claiming and publishing
// a slot stalls the consumer at that slot (the program crashed; the records
// after it are lost, the counters stay readable).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#if defined(__x86_64__) && defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "LayerRecord.h"

namespace clscope::layer {

static_assert(sizeof(clscope_layer_record) == 256, "record layout changed: bump the version");
static_assert(sizeof(clscope_layer_channel_header) == 320, "header layout changed");
static_assert(sizeof(clscope_layer_slot) == 320, "slot layout changed");
static_assert(std::atomic_ref<uint64_t>::is_always_lock_free, "shared-memory atomics must be lock-free");

constexpr uint64_t kMaxCapacity = uint64_t{1} << 20;  // slots (320 MiB)

// Bytes of a channel with `capacity` slots.
constexpr size_t channel_bytes(uint64_t capacity) {
  return sizeof(clscope_layer_channel_header) + capacity * sizeof(clscope_layer_slot);
}

inline std::atomic_ref<uint64_t> atomic_field(uint64_t& field) { return std::atomic_ref<uint64_t>(field); }

inline void count(uint64_t& counter, uint64_t n = 1) {
  atomic_field(counter).fetch_add(n, std::memory_order_relaxed);
}

inline uint64_t read_counter(uint64_t& counter) {
  return atomic_field(counter).load(std::memory_order_relaxed);
}

// A record into a ring slot. On x86-64 with streaming stores: the slot's
// lines were last read by the consumer on another core, and fetching them
// back before overwriting them (what ordinary stores do) was a third of what
// the layer cost a command (bench/layer_overhead.sh); the fence orders the
// streamed lines before the slot's release store.
inline void copy_record(clscope_layer_record* to, const clscope_layer_record* from) {
#if defined(__x86_64__) && defined(__SSE2__)
  static_assert(sizeof(clscope_layer_record) % 16 == 0, "whole 16-byte stores");
  // Slots are 64-byte aligned in a mapping; a ring over other memory may not be.
  if ((reinterpret_cast<uintptr_t>(to) & 15) == 0) {
    auto* dst = reinterpret_cast<__m128i*>(to);
    const auto* src = reinterpret_cast<const __m128i*>(from);
    for (size_t i = 0; i < sizeof(clscope_layer_record) / 16; ++i)
      _mm_stream_si128(dst + i, _mm_loadu_si128(src + i));
    _mm_sfence();
    return;
  }
#endif
  std::memcpy(to, from, sizeof(*to));
}

// A view of a mapped channel. Does not own the mapping.
class ChannelRing {
 public:
  ChannelRing() = default;
  explicit ChannelRing(void* base)
      : header_(static_cast<clscope_layer_channel_header*>(base)),
        slots_(reinterpret_cast<clscope_layer_slot*>(static_cast<char*>(base) +
                                                     sizeof(clscope_layer_channel_header))) {}

  clscope_layer_channel_header* header() const { return header_; }

  // Writes a fresh header and empty slots (the creator, before anyone maps it).
  void initialise(uint64_t capacity, uint64_t token) {
    std::memset(header_, 0, sizeof(*header_));
    header_->magic = CLSCOPE_LAYER_MAGIC;
    header_->layout_version = CLSCOPE_LAYER_LAYOUT_VERSION;
    header_->record_size = sizeof(clscope_layer_record);
    header_->capacity = capacity;
    header_->token = token;
    for (uint64_t i = 0; i < capacity; ++i) slots_[i].seq = i;
    capacity_ = capacity;
  }

  // Whether a mapped region of `bytes` holds a channel this code can use;
  // when it does, the ring keeps the capacity it read (later changes to the
  // shared header cannot make it index past the mapping).
  bool adopt(size_t bytes, uint64_t token) {
    if (bytes < sizeof(clscope_layer_channel_header)) return false;
    const auto& h = *header_;
    const uint64_t cap = h.capacity;
    const bool ok = h.magic == CLSCOPE_LAYER_MAGIC && h.layout_version == CLSCOPE_LAYER_LAYOUT_VERSION &&
                    h.record_size == sizeof(clscope_layer_record) && h.token == token && cap != 0 &&
                    (cap & (cap - 1)) == 0 && cap <= kMaxCapacity && channel_bytes(cap) <= bytes;
    if (ok) capacity_ = cap;
    return ok;
  }

  uint64_t capacity() const { return capacity_; }

  // Producer: copies `record` into the ring, or returns false at once when full.
  bool try_push(const clscope_layer_record& record) {
    const uint64_t mask = capacity_ - 1;
    auto head = atomic_field(header_->head);
    uint64_t pos = head.load(std::memory_order_relaxed);
    for (;;) {
      clscope_layer_slot& slot = slots_[pos & mask];
      const uint64_t seq = atomic_field(slot.seq).load(std::memory_order_acquire);
      const auto diff = static_cast<int64_t>(seq - pos);
      if (diff == 0) {
        if (head.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
          copy_record(&slot.record, &record);
          atomic_field(slot.seq).store(pos + 1, std::memory_order_release);
          return true;
        }
      } else if (diff < 0) {
        return false;  // the slot still holds a record the reader has not taken
      } else {
        pos = head.load(std::memory_order_relaxed);
      }
    }
  }

  // Consumer: moves the oldest record into `out`; false when none is ready.
  bool try_pop(clscope_layer_record& out) {
    auto tail = atomic_field(header_->tail);
    const uint64_t pos = tail.load(std::memory_order_relaxed);
    clscope_layer_slot& slot = slots_[pos & (capacity_ - 1)];
    if (atomic_field(slot.seq).load(std::memory_order_acquire) != pos + 1) return false;
    std::memcpy(&out, &slot.record, sizeof(out));
    atomic_field(slot.seq).store(pos + capacity_, std::memory_order_release);
    tail.store(pos + 1, std::memory_order_relaxed);
    return true;
  }

 private:
  clscope_layer_channel_header* header_ = nullptr;
  clscope_layer_slot* slots_ = nullptr;
  uint64_t capacity_ = 0;
};

}  // namespace clscope::layer
