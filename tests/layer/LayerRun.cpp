#include "LayerRun.hpp"

#include <chrono>
#include <thread>

#include "app/run/program/ChildProcess.hpp"

namespace clscope::layer::testing {

LayerRunResult run_under_layer(const LayerRunOptions& options) {
  LayerRunResult result;
  std::optional<LayerChannel> channel;
  std::vector<std::string> overrides;
  if (!options.layer_library.empty()) {
    std::string layers;
    for (const auto& below : options.layers_below) layers += below.string() + ":";
    overrides.push_back("OPENCL_LAYERS=" + layers + options.layer_library.string());
  }
  if (!options.layer_library.empty() && options.provide_channel) {
    auto open = LayerChannel::create(options.capacity);
    if (!open.channel) {
      result.error = open.error;
      return result;
    }
    channel = std::move(open.channel);
    std::string value = channel->environment_value();
    if (options.wrong_token) value.back() = value.back() == '0' ? '1' : '0';
    overrides.push_back(std::string(CLSCOPE_LAYER_CHANNEL_ENV) + "=" + value);
  }
  app::ChildSpec spec;
  spec.argv = options.argv;
  spec.env_overrides = overrides;
  if (channel) spec.inherit_fd = channel->fd();  // inherited by this child only
  if (options.stdout_file) spec.stdout_file = options.stdout_file->string();
  if (options.stderr_file) spec.stderr_file = options.stderr_file->string();
  app::ChildProcess child;
  if (const std::string why = child.start(spec); !why.empty()) {
    result.error = why;
    return result;
  }
  while (!child.poll()) {
    if (channel && options.drain_while_running) channel->drain(result.records);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  result.exit_code = *child.status();
  if (channel) {
    channel->drain(result.records);
    result.counters = channel->counters();
  }
  return result;
}

}  // namespace clscope::layer::testing
