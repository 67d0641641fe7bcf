#pragma once
// The OpenCL C sources in kernels/*.cl, embedded at build time.
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace clscope::kernels {

/// Every embedded kernel file as {file name, source}.
const std::vector<std::pair<std::string_view, std::string_view>>& all();
/// Source of `file` ("stream.cl"), or nullopt if there is no such file.
std::optional<std::string_view> source(std::string_view file);

}  // namespace clscope::kernels
