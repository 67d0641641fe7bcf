#pragma once
// The run's Prometheus sink (`run --metrics-file PATH`, `run --listen`):
// after every window it renders the run's metric families (RunMetrics) once,
// publishes the text to the /metrics listener (LatestText) and, with a path,
// rewrites the file atomically (a node exporter's textfile collector never
// reads half a file). Runs on the run's thread like every sink.
#include <memory>
#include <optional>
#include <string>

#include "app/metrics/LatestText.hpp"
#include "app/metrics/RunMetrics.hpp"
#include "app/run/RunSink.hpp"

namespace clscope::metrics {

class MetricsSink : public app::RunSink {
 public:
  /// `file`: where to write (none: the listener only); `text`: where the
  /// listener reads (may be null).
  MetricsSink(std::optional<std::string> file, std::shared_ptr<LatestText> text);

  /// Writes the run's info at once; a file that cannot be written is an
  /// input error (throws core::RecordingError, exit 2).
  void on_start(const nlohmann::json& manifest) override;
  /// A later write failure does not stop the run: it is kept (error()) and
  /// the next window tries again.
  void on_update(const app::RunUpdate& update) override;

  /// The latest write failure ("PATH: rename: ..."), empty when none.
  const std::string& error() const { return error_; }
  std::size_t writes() const { return writes_; }
  std::size_t failures() const { return failures_; }

 private:
  void publish(const app::RunUpdate& update);

  std::optional<std::string> file_;
  std::shared_ptr<LatestText> text_;
  RunMetricsContext context_;
  bool started_ = false;
  std::string error_;
  std::size_t writes_ = 0;
  std::size_t failures_ = 0;
};

}  // namespace clscope::metrics
