#include "core/Phase.hpp"

namespace clscope::core {

const char* phase_name(Phase p) {
  switch (p) {
    case Phase::warming:
      return "warming";
    case Phase::steady:
      return "steady";
    case Phase::shifted:
      return "shifted";
    case Phase::unsettled:
      return "unsettled";
  }
  return "?";
}

std::optional<Phase> phase_from_name(const std::string& name) {
  for (Phase p : {Phase::warming, Phase::steady, Phase::shifted, Phase::unsettled})
    if (name == phase_name(p)) return p;
  return std::nullopt;
}

}  // namespace clscope::core
