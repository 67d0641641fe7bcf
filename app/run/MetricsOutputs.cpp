#include "app/run/MetricsOutputs.hpp"

#include <fmt/format.h>

namespace clscope::app {

MetricsOutputs open_metrics_outputs(const CliOptions& cli) {
  MetricsOutputs out;
  if (!cli.metrics_file && !cli.listen) return out;
  std::shared_ptr<metrics::LatestText> text;
  if (cli.listen) {
    text = std::make_shared<metrics::LatestText>();
    auto started = metrics::MetricsServer::start(*cli.listen, text);
    if (auto* why = std::get_if<std::string>(&started)) {
      out.error = *why;
      return out;
    }
    out.server = std::move(std::get<std::unique_ptr<metrics::MetricsServer>>(started));
  }
  out.sink = std::make_unique<metrics::MetricsSink>(cli.metrics_file, text);
  return out;
}

std::string metrics_outcome(const MetricsOutputs& outputs) {
  if (!outputs.sink || outputs.sink->failures() == 0) return "";
  return fmt::format("clscope: --metrics-file: {} of {} writes failed, the last: {}",
                     outputs.sink->failures(), outputs.sink->failures() + outputs.sink->writes(),
                     outputs.sink->error());
}

}  // namespace clscope::app
