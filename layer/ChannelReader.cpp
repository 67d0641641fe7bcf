#include "ChannelReader.hpp"

#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace clscope::layer {
namespace {

std::string errno_text(const char* call) { return std::string(call) + ": " + std::strerror(errno); }

uint64_t round_up_pow2(uint64_t n) {
  uint64_t p = 1;
  while (p < n && p < kMaxCapacity) p <<= 1;
  return p;
}

}  // namespace

ChannelOpen LayerChannel::create(uint64_t capacity) {
  ChannelOpen result;
  const uint64_t slots = round_up_pow2(capacity == 0 ? 1 : capacity);
  const size_t bytes = channel_bytes(slots);
  uint64_t token = 0;
  if (::getrandom(&token, sizeof(token), 0) != static_cast<ssize_t>(sizeof(token))) {
    result.error = errno_text("getrandom");
    return result;
  }
  const int fd = ::memfd_create("clscope-layer-channel", MFD_CLOEXEC);
  if (fd < 0) {
    result.error = errno_text("memfd_create");
    return result;
  }
  if (::ftruncate(fd, static_cast<off_t>(bytes)) != 0) {
    result.error = errno_text("ftruncate");
    ::close(fd);
    return result;
  }
  void* base = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (base == MAP_FAILED) {
    result.error = errno_text("mmap");
    ::close(fd);
    return result;
  }
  ChannelRing(base).initialise(slots, token);
  result.channel.emplace(LayerChannel(fd, base, bytes, token));
  return result;
}

LayerChannel::LayerChannel(int fd, void* base, size_t bytes, uint64_t token)
    : fd_(fd), base_(base), bytes_(bytes), token_(token), ring_(base) {
  ring_.adopt(bytes_, token_);
}

LayerChannel::LayerChannel(LayerChannel&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      base_(std::exchange(other.base_, nullptr)),
      bytes_(std::exchange(other.bytes_, 0)),
      token_(other.token_),
      ring_(std::exchange(other.ring_, ChannelRing{})) {}

LayerChannel& LayerChannel::operator=(LayerChannel&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    base_ = std::exchange(other.base_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
    token_ = other.token_;
    ring_ = std::exchange(other.ring_, ChannelRing{});
  }
  return *this;
}

LayerChannel::~LayerChannel() { close(); }

void LayerChannel::close() {
  if (base_) ::munmap(base_, bytes_);
  if (fd_ >= 0) ::close(fd_);
  base_ = nullptr;
  fd_ = -1;
}

std::string LayerChannel::environment_value() const {
  char text[64];
  std::snprintf(text, sizeof(text), "fd:%d:%016llx", fd_, static_cast<unsigned long long>(token_));
  return text;
}

size_t LayerChannel::drain(std::vector<clscope_layer_record>& out, size_t max_records) {
  size_t n = 0;
  clscope_layer_record record;
  while (n < max_records && ring_.try_pop(record)) {
    record.name[sizeof(record.name) - 1] = '\0';  // the program's memory: never trust a terminator
    out.push_back(record);
    ++n;
  }
  return n;
}

ChannelCounters LayerChannel::counters() const {
  auto& h = *ring_.header();
  ChannelCounters c;
  c.attached = read_counter(h.attached);
  c.records_written = read_counter(h.records_written);
  c.records_dropped = read_counter(h.records_dropped);
  c.events_created = read_counter(h.events_created);
  c.events_retained = read_counter(h.events_retained);
  c.events_released = read_counter(h.events_released);
  c.queues_forced = read_counter(h.queues_forced);
  c.queues_refused = read_counter(h.queues_refused);
  c.calls_unobserved = read_counter(h.calls_unobserved);
  return c;
}

const char* kind_name(uint16_t kind) {
  switch (kind) {
    case CLSCOPE_KIND_KERNEL: return "kernel";
    case CLSCOPE_KIND_READ: return "read";
    case CLSCOPE_KIND_WRITE: return "write";
    case CLSCOPE_KIND_COPY: return "copy";
    case CLSCOPE_KIND_FILL: return "fill";
    case CLSCOPE_KIND_MAP: return "map";
    case CLSCOPE_KIND_UNMAP: return "unmap";
    case CLSCOPE_KIND_MARKER: return "marker";
    case CLSCOPE_KIND_BARRIER: return "barrier";
    case CLSCOPE_KIND_FINISH: return "finish";
    case CLSCOPE_KIND_WAIT_EVENTS: return "wait-events";
    default: return "unknown";
  }
}

const char* direction_name(uint32_t direction) {
  switch (direction) {
    case CLSCOPE_DIR_HOST_TO_DEVICE: return "h2d";
    case CLSCOPE_DIR_DEVICE_TO_HOST: return "d2h";
    case CLSCOPE_DIR_DEVICE_TO_DEVICE: return "d2d";
    default: return "";
  }
}

}  // namespace clscope::layer
