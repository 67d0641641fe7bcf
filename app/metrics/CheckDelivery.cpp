#include "app/metrics/CheckDelivery.hpp"

#include <iostream>
#include <sstream>

#include "app/fleet/CheckResult.hpp"
#include "app/metrics/AtomicFile.hpp"
#include "app/metrics/CheckExport.hpp"
#include "app/metrics/OutputPattern.hpp"

namespace clscope::metrics {
namespace {

constexpr int kExitRuntime = 4;

/// Restores a stream's buffer on scope exit (also on an exception).
class Redirect {
 public:
  Redirect(std::ostream& s, std::streambuf* to) : s_(s), old_(s.rdbuf(to)) {}
  ~Redirect() { s_.rdbuf(old_); }
  Redirect(const Redirect&) = delete;
  Redirect& operator=(const Redirect&) = delete;

 private:
  std::ostream& s_;
  std::streambuf* old_;
};

std::string last_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  if (last.rfind("clscope: ", 0) == 0) last = last.substr(9);
  return last;
}

}  // namespace

std::string check_output_pattern(const CheckDelivery& d) {
  if (!d.output_pattern) return {};
  try {
    (void)expand_output_pattern(*d.output_pattern, d.host, d.started);
  } catch (const PatternError& e) {
    return e.what();
  }
  return {};
}

int deliver_check_result(const nlohmann::json& result, const std::string& rendered,
                         int check_exit_code, const CheckDelivery& d,
                         std::chrono::system_clock::time_point ended, std::ostream& out,
                         std::ostream& err) {
  fleet::CheckResult r;
  try {
    r = fleet::parse_check_result(result, "check");
  } catch (const fleet::ResultInputError& e) {  // a bug: our own result must read back
    err << "clscope: " << e.what() << "\n";
    if (d.nagios) out << nagios_unknown(e.what()).line << "\n";
    return d.nagios ? 3 : kExitRuntime;
  }
  r.duration_s = std::chrono::duration<double>(ended - d.started).count();
  r.timestamp_s = std::chrono::duration<double>(ended.time_since_epoch()).count();
  std::string write_error;
  try {
    if (d.output_pattern)
      write_file_atomically(expand_output_pattern(*d.output_pattern, d.host, d.started), rendered);
    if (d.metrics_file) write_file_atomically(*d.metrics_file, render(check_metric_families(r)));
  } catch (const std::exception& e) {  // FileWriteError, PatternError, MetricsError
    write_error = e.what();
    err << "clscope: " << write_error << "\n";
  }
  if (d.nagios) {
    const auto status = write_error.empty() ? nagios_status(r) : nagios_unknown(write_error);
    out << status.line << "\n";
    return status.exit_code;
  }
  if (!d.output_pattern) out << rendered;
  return write_error.empty() ? check_exit_code : kExitRuntime;
}

int run_as_nagios_plugin(const std::function<int()>& command, std::ostream& out, std::ostream& err) {
  std::ostringstream captured_out, captured_err;
  int code = 3;
  std::string failure;
  {
    Redirect o(std::cout, captured_out.rdbuf());
    Redirect e(std::cerr, captured_err.rdbuf());
    try {
      code = command();
    } catch (const std::exception& ex) {
      failure = ex.what();
    }
  }
  err << captured_err.str();
  const std::string printed = captured_out.str();
  if (failure.empty() && printed.rfind("CLSCOPE ", 0) == 0) {
    out << printed;
    return code;
  }
  if (failure.empty()) failure = last_line(captured_err.str());
  if (failure.empty()) failure = "clscope exited with status " + std::to_string(code) + " and no result";
  out << nagios_unknown(failure).line << "\n";
  return 3;
}

}  // namespace clscope::metrics
