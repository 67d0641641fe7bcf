#include "LayerLocation.hpp"

#ifndef CLSCOPE_LAYER_INSTALL_RELDIR
#error "CLSCOPE_LAYER_INSTALL_RELDIR: the install libdir/clscope relative to bindir (set by CMake)"
#endif

namespace clscope::layer {

std::vector<std::filesystem::path> layer_library_candidates(const std::filesystem::path& executable) {
  const std::filesystem::path dir = executable.parent_path();
  return {
      (dir / ".." / "layer" / kLayerLibraryName).lexically_normal(),
      (dir / CLSCOPE_LAYER_INSTALL_RELDIR / kLayerLibraryName).lexically_normal(),
  };
}

std::optional<std::filesystem::path> find_layer_library(const std::filesystem::path& executable) {
  for (const auto& candidate : layer_library_candidates(executable)) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

}  // namespace clscope::layer
