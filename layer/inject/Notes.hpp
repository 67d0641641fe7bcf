// Says things once on the program's stderr ("clscope-layer: ..."), so a
// program observed for hours never gets its error stream flooded.
// Thread-safety: say() may be called from any thread; one write(2) per note.
#pragma once

#include <atomic>
#include <mutex>
#include <set>
#include <string>

namespace clscope::layer {

enum class Note : unsigned {
  kNoChannel,         // no (usable) channel or loader table: everything passes through
  kProfilingRefused,  // a queue kept as the program asked, without device times
  kCallbackRefused,   // a command's event took no callback: not timed
  kCount
};

class Notes {
 public:
  // Writes "clscope-layer: <text>\n" the first time `note` is said.
  void say_once(Note note, const char* text);
  // Writes the text the first time `key` is seen (e.g. an extension name).
  void say_once_per_key(const std::string& key, const std::string& text);

 private:
  std::atomic<bool> said_[static_cast<unsigned>(Note::kCount)] = {};
  std::mutex keys_mutex_;
  std::set<std::string> keys_;
};

}  // namespace clscope::layer
