#include "kernels/Kernels.hpp"

namespace clscope::kernels {
namespace embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& all();
}

const std::vector<std::pair<std::string_view, std::string_view>>& all() {
  return embedded::all();
}

std::optional<std::string_view> source(std::string_view file) {
  for (const auto& [name, text] : all())
    if (name == file) return text;
  return std::nullopt;
}

}  // namespace clscope::kernels
