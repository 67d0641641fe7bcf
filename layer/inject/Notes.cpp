#include "Notes.hpp"

#include <unistd.h>

namespace clscope::layer {
namespace {

void write_line(const std::string& text) {
  const std::string line = "clscope-layer: " + text + "\n";
  // One write so lines of concurrent threads do not interleave; a failed
  // write to stderr is nothing the program should hear about.
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace

void Notes::say_once(Note note, const char* text) {
  if (said_[static_cast<unsigned>(note)].exchange(true, std::memory_order_relaxed)) return;
  write_line(text);
}

void Notes::say_once_per_key(const std::string& key, const std::string& text) {
  {
    std::lock_guard lock(keys_mutex_);
    if (keys_.size() >= 256 || !keys_.insert(key).second) return;
  }
  write_line(text);
}

}  // namespace clscope::layer
