#pragma once
// Phases of a throughput series (contract vocabulary: clscope(1), ANALYSIS).
#include <optional>
#include <string>

namespace clscope::core {

enum class Phase {
  warming,    ///< not settled yet
  steady,     ///< settled at a level (steady-state)
  shifted,    ///< was steady, then the level moved and stayed moved
  unsettled,  ///< never settled within the horizon (detection keeps trying)
};

/// Exact contract strings: "warming", "steady", "shifted", "unsettled".
const char* phase_name(Phase p);
std::optional<Phase> phase_from_name(const std::string& name);

}  // namespace clscope::core
