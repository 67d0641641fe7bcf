#pragma once
// The recording writer: a RunSink that appends every update of a run to a
// clscope.record/1 file and flushes it once per window, so that a crash or a
// signal loses at most the last window and leaves at most one torn line.
#include <memory>
#include <string>

#include "app/run/RunSink.hpp"
#include "core/Recording.hpp"

namespace clscope::app {

class RecordingSink : public RunSink {
 public:
  /// Nothing is created until on_start (a run stopped before its workloads
  /// started records nothing).
  explicit RecordingSink(std::string path) : path_(std::move(path)) {}

  /// Creates the file and writes the manifest. Throws core::RecordingError.
  void on_start(const nlohmann::json& manifest) override;
  void on_update(const RunUpdate& update) override;
  void on_event(const core::Event& event) override;
  void on_end() override;

  const std::string& path() const { return path_; }
  /// Whether the file was created (the run got as far as its workloads).
  bool opened() const { return recorder_ != nullptr; }

 private:
  std::string path_;
  std::unique_ptr<core::Recorder> recorder_;
};

/// "clscope: recorded FILE", or that nothing was recorded because the run
/// stopped before its workloads started.
std::string recording_outcome(const RecordingSink& sink);

}  // namespace clscope::app
