#include "QueueTable.hpp"

namespace clscope::layer {

void QueueTable::add(cl_command_queue queue, QueueEntry entry) {
  std::lock_guard lock(mutex_);
  entries_.insert_or_assign(queue, std::move(entry));
}

void QueueTable::remove(cl_command_queue queue) {
  std::lock_guard lock(mutex_);
  entries_.erase(queue);
}

std::optional<QueueEntry> QueueTable::forced(cl_command_queue queue) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(queue);
  if (it == entries_.end() || !it->second.forced) return std::nullopt;
  return it->second;
}

}  // namespace clscope::layer
