#include "ChannelWriter.hpp"

#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace clscope::layer {
namespace {

// "fd:<N>:<hex token>" -> fd, token.
bool parse_channel(const char* text, int& fd, uint64_t& token) {
  if (std::strncmp(text, "fd:", 3) != 0) return false;
  char* end = nullptr;
  errno = 0;
  const long n = std::strtol(text + 3, &end, 10);
  if (errno || end == text + 3 || *end != ':' || n < 0 || n > 1 << 20) return false;
  const char* hex = end + 1;
  const unsigned long long t = std::strtoull(hex, &end, 16);
  if (errno || end == hex || *end != '\0') return false;
  fd = static_cast<int>(n);
  token = t;
  return true;
}

}  // namespace

bool ChannelWriter::attach(std::string& why) {
  const char* env = std::getenv(CLSCOPE_LAYER_CHANNEL_ENV);
  if (!env || !*env) {
    why = CLSCOPE_LAYER_CHANNEL_ENV " is not set";
    return false;
  }
  int fd = -1;
  uint64_t token = 0;
  if (!parse_channel(env, fd, token)) {
    why = std::string(CLSCOPE_LAYER_CHANNEL_ENV "='") + env + "' is not fd:<N>:<token>";
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
    why = "channel fd " + std::to_string(fd) + " is not an open shared-memory file";
    return false;
  }
  const auto bytes = static_cast<size_t>(st.st_size);
  // MAP_POPULATE: the ring's pages are faulted in here, once, not one by one on the
  // program's enqueue path during its first pass through the ring.
  void* base = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
  if (base == MAP_FAILED) {
    why = std::string("cannot map the channel: ") + std::strerror(errno);
    return false;
  }
  ChannelRing ring(base);
  // The token tells a reused fd number (the program closed ours) from the channel.
  if (!ring.adopt(bytes, token)) {
    ::munmap(base, bytes);
    why = "channel fd " + std::to_string(fd) + " is not a clscope channel of this version";
    return false;
  }
  ring_ = ring;
  active_ = true;
  count(ring_.header()->attached);
  return true;
}

void ChannelWriter::publish(const clscope_layer_record& record) {
  if (ring_.try_push(record)) {
    count(ring_.header()->records_written);
  } else {
    count(ring_.header()->records_dropped);
  }
}

}  // namespace clscope::layer
