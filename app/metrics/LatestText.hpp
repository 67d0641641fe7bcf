#pragma once
// The latest rendered metrics text, shared between the run's thread (the
// sink sets it once per window) and the /metrics listener (reads it per
// request). Both hold the mutex only to swap or copy a shared pointer, so a
// scrape never blocks the measurement. Thread-safe.
#include <memory>
#include <mutex>
#include <string>

namespace clscope::metrics {

class LatestText {
 public:
  void set(std::string text) {
    auto next = std::make_shared<const std::string>(std::move(text));
    std::lock_guard lock(mu_);
    text_.swap(next);
  }
  /// Empty until the first set().
  std::shared_ptr<const std::string> get() const {
    std::lock_guard lock(mu_);
    return text_;
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const std::string> text_ = std::make_shared<const std::string>();
};

}  // namespace clscope::metrics
