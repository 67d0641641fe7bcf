#pragma once
// The run's outputs for operators' tools, from the command line: with
// --metrics-file or --listen a MetricsSink, and with --listen the /metrics
// server, bound before the run starts so that a taken port is an error at
// once (exit 2) rather than after the calibration. Nothing listens otherwise.
#include <memory>
#include <string>

#include "app/cli/Cli.hpp"
#include "app/metrics/LatestText.hpp"
#include "app/metrics/MetricsServer.hpp"
#include "app/metrics/MetricsSink.hpp"

namespace clscope::app {

struct MetricsOutputs {
  std::unique_ptr<metrics::MetricsSink> sink;      ///< null when not asked for
  std::unique_ptr<metrics::MetricsServer> server;  ///< null without --listen
  std::string error;  ///< why --listen failed (then nothing else is set)
};

MetricsOutputs open_metrics_outputs(const CliOptions& cli);

/// What to tell at the end of the run: "" when every write went well, else
/// "clscope: --metrics-file: N of M writes failed, the last: ...".
std::string metrics_outcome(const MetricsOutputs& outputs);

}  // namespace clscope::app
