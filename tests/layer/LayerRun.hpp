// Test support: runs a command as a child with libclscope-layer.so loaded
// (OPENCL_LAYERS) and a fresh channel (CLSCOPE_LAYER_CHANNEL), the way
// `clscope run -- CMD` will, and collects what the layer handed over.
// Used by test_layer.cpp and by the layer_capture tool of bench/layer_overhead.sh.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ChannelReader.hpp"

namespace clscope::layer::testing {

struct LayerRunOptions {
  std::vector<std::string> argv;           // the command (argv[0] searched in PATH)
  std::filesystem::path layer_library;     // empty: run without the layer (no channel either)
  std::vector<std::filesystem::path> layers_below;  // between the layer and the driver (ocl-icd:
                                                    // OPENCL_LAYERS lists the driver's side first)
  bool provide_channel = true;             // false: the layer is loaded but finds no channel
  bool wrong_token = false;                // the child gets the channel with a wrong token
  uint64_t capacity = LayerChannel::kDefaultCapacity;
  bool drain_while_running = true;         // false: the reader sleeps until the child exits
  std::optional<std::filesystem::path> stderr_file;  // child's stderr goes here
  std::optional<std::filesystem::path> stdout_file;  // child's stdout goes here
};

struct LayerRunResult {
  int exit_code = -1;  // 128 + signal when killed
  std::vector<clscope_layer_record> records;  // everything drained, before and after exit
  ChannelCounters counters;                   // read after the child exited
  std::string error;                          // set when the child could not be started
};

LayerRunResult run_under_layer(const LayerRunOptions& options);

}  // namespace clscope::layer::testing
