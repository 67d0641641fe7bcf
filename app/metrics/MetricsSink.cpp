#include "app/metrics/MetricsSink.hpp"

#include "app/metrics/AtomicFile.hpp"
#include "core/Recording.hpp"

namespace clscope::metrics {

MetricsSink::MetricsSink(std::optional<std::string> file, std::shared_ptr<LatestText> text)
    : file_(std::move(file)), text_(std::move(text)) {}

void MetricsSink::on_start(const nlohmann::json& manifest) {
  context_ = run_metrics_context(manifest);
  started_ = true;
  publish(app::RunUpdate{});
  if (failures_ > 0) {
    // Said once, by the run's error; the sink stays silent from now on.
    const std::string why = "--metrics-file " + error_;
    started_ = false;
    failures_ = 0;
    error_.clear();
    throw core::RecordingError(why);
  }
}

void MetricsSink::on_update(const app::RunUpdate& update) {
  if (started_) publish(update);
}

void MetricsSink::publish(const app::RunUpdate& update) {
  std::string text = render(run_metric_families(update, context_));
  if (file_) {
    try {
      write_file_atomically(*file_, text);
      ++writes_;
    } catch (const FileWriteError& e) {
      error_ = e.what();
      ++failures_;
    }
  }
  if (text_) text_->set(std::move(text));
}

}  // namespace clscope::metrics
