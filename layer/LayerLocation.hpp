// Where clscope finds libclscope-layer.so, relative to its own executable
// (never an absolute path of the build machine):
//   1. build tree:  <dir of clscope>/../layer/libclscope-layer.so
//                   (build/app/clscope -> build/layer/libclscope-layer.so)
//   2. installed:   <dir of clscope>/<bindir->libdir>/clscope/libclscope-layer.so
//                   (bin/clscope -> lib/<multiarch>/clscope/libclscope-layer.so,
//                   the relative path fixed at configure time from GNUInstallDirs)
// The first candidate that exists wins; the caller puts it in OPENCL_LAYERS.
// Pure path arithmetic plus an existence check; thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

namespace clscope::layer {

inline constexpr const char* kLayerLibraryName = "libclscope-layer.so";

// The candidates, in the order above.
std::vector<std::filesystem::path> layer_library_candidates(const std::filesystem::path& executable);
// The first candidate that exists, if any.
std::optional<std::filesystem::path> find_layer_library(const std::filesystem::path& executable);

}  // namespace clscope::layer
