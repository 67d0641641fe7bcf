#pragma once
// `clscope fleet report FILES|DIR [--json]`: exit 0 nobody flagged, 1 a node
// flagged, 2 bad usage or an unreadable input (each named on stderr).
#include "app/cli/Cli.hpp"
#include "app/cli/ExitCode.hpp"

namespace clscope::app {

ExitCode cmd_fleet(const CliOptions& cli);

}  // namespace clscope::app
