// What the layer changed on each command queue, so the program never sees it:
// the properties the program asked for (CL_QUEUE_PROPERTIES without the
// forced CL_QUEUE_PROFILING_ENABLE, its own CL_QUEUE_PROPERTIES_ARRAY).
// Entries are added at creation (replacing a dead queue's entry at a reused
// address) and removed when the program's last reference goes.
// Thread-safety: every member may be called from any thread (one mutex;
// taken on queue creation/release and on the info calls it masks, never on
// an enqueue).
#pragma once

#include <CL/cl.h>

#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace clscope::layer {

struct QueueEntry {
  cl_command_queue_properties asked = 0;    // properties the program asked for
  bool forced = false;                      // profiling added by the layer
  std::optional<std::vector<cl_queue_properties>> asked_array;  // WithProperties' list, as given
};

class QueueTable {
 public:
  void add(cl_command_queue queue, QueueEntry entry);
  void remove(cl_command_queue queue);
  // The entry of a queue the layer forced, if any.
  std::optional<QueueEntry> forced(cl_command_queue queue) const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<cl_command_queue, QueueEntry> entries_;
};

}  // namespace clscope::layer
