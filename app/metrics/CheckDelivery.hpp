#pragma once
// Where a finished check's result goes (check --output, --metrics-file,
// --nagios). Reads the result as clscope.check/1 JSON, nothing else of app/.
//  * --output PATTERN: the rendered result (JSON with --json, else the table)
//    is written atomically to the expanded pattern instead of stdout.
//  * --metrics-file PATH: Prometheus text (CheckExport.hpp), atomically.
//  * --nagios: stdout gets only the status line; the exit code is Nagios's.
// A file that cannot be written is reported on `err` and makes the exit code
// 4 (runtime failure; UNKNOWN with --nagios).
#include <chrono>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace clscope::metrics {

struct CheckDelivery {
  std::optional<std::string> output_pattern;
  std::optional<std::string> metrics_file;
  bool nagios = false;
  std::string host;  ///< for %h
  std::chrono::system_clock::time_point started;  ///< for %t and the duration
};

/// Validates the --output pattern before the check runs; "" when fine, else
/// the message.
std::string check_output_pattern(const CheckDelivery& d);

/// `check_exit_code`: the check's own exit code (0 / 1). Returns the
/// process's exit code.
int deliver_check_result(const nlohmann::json& result, const std::string& rendered,
                         int check_exit_code, const CheckDelivery& d,
                         std::chrono::system_clock::time_point ended, std::ostream& out,
                         std::ostream& err);

/// Runs `command` (which prints a "CLSCOPE ..." line itself when it judged)
/// with std::cout and std::cerr captured; when it printed no status line (bad
/// usage, no device, an exception) prints "CLSCOPE UNKNOWN - <its last error>"
/// and returns 3. What the command wrote to stderr is passed on to `err`.
int run_as_nagios_plugin(const std::function<int()>& command, std::ostream& out, std::ostream& err);

}  // namespace clscope::metrics
