#pragma once
// The contract vocabulary as the dashboard shows it: verdicts, phases, their
// colours and short forms. Pure functions; thread-safe.
#include <array>
#include <string_view>

#include "tui/Canvas.hpp"

namespace clscope::tui {

inline constexpr std::array<std::string_view, 11> kVerdictNames = {
    "compute-bound", "memory-bound", "latency-bound", "throttled",    "transfer-bound",
    "launch-bound",  "host-bound",   "starved",       "device-bound", "contended",
    "unknown"};

inline constexpr std::array<std::string_view, 4> kPhaseNames = {"warming", "steady", "shifted",
                                                                "unsettled"};

/// True for the verdicts that put the limit off the GPU: transfer-bound,
/// launch-bound, host-bound, starved.
bool is_off_gpu_verdict(std::string_view verdict);

/// Style a verdict is drawn in. Off-GPU verdicts are bold + reverse so they
/// stand out without colour too; "unknown" and "" are dim.
Style verdict_style(std::string_view verdict);

/// Style of a phase: warming yellow, steady green, shifted magenta bold,
/// unsettled yellow bold, "" dim.
Style phase_style(std::string_view phase);

/// Short form for narrow cells: "compute", "memory", "latency", "throttled",
/// "transfer", "launch", "host", "starved", "device", "contended", "unknown"
/// (others unchanged).
std::string_view verdict_short(std::string_view verdict);

/// One-letter code used in the verdict band when nothing longer fits:
/// c m l t X L H S d o ? (upper case = off the GPU; o: contended, the
/// other workloads of the run).
char verdict_letter(std::string_view verdict);

}  // namespace clscope::tui
