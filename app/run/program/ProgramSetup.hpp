#pragma once
// What `clscope run [--config FILE] [--device SPEC] -- CMD` hands AppSource:
// the program, and with --config its kernels' declared work ([app.kernel];
// the file's other tables do not apply to a program) and the cached
// ceilings (clscope calibrate) that place them: those of --device, else of
// the node's only OpenCL device. Ceilings are never measured here (that would
// compete with the program): without a usable cache entry the declared work
// is shown, not placed, and `note` says why.
#include <string>
#include <variant>

#include "app/cli/Cli.hpp"
#include "app/cli/ExitCode.hpp"
#include "app/run/program/AppSource.hpp"

namespace clscope::app {

struct ProgramSetup {
  AppSourceOptions options;
  std::string note;  ///< "" or one line on how the declared kernels are placed
};

/// Prints what is wrong (a config error at file:line:column, an unknown
/// device) and returns the exit code instead.
std::variant<ProgramSetup, ExitCode> program_setup(const CliOptions& cli);

}  // namespace clscope::app
