#pragma once
// Command-line parsing (pure; unit-tested). Grammar:
//   clscope [SUBCOMMAND] [OPTIONS] [ARGS]
// The first non-option word names the subcommand (default "run"). With
// "run", everything after "--" is the program to observe (CliOptions::program).
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/metrics/ListenAddress.hpp"

namespace clscope::app {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CliOptions {
  std::string command = "run";
  std::vector<std::string> args;  ///< positional arguments after the subcommand
  std::vector<std::string> program;  ///< run -- CMD ARGS...: the observed program (words after "--")
  std::string raw_command_line;   ///< argv joined, for recordings
  // global
  std::string sysfs_root = "/sys";
  std::string procfs_root = "/proc";
  bool no_color = false;
  bool ascii = false;
  bool help = false;
  bool version = false;
  // run / check
  std::optional<std::string> config;
  std::vector<std::string> workloads;
  std::optional<std::string> device;
  std::optional<double> duration_s;
  std::optional<std::string> record;
  bool headless = false;
  bool json = false;
  bool quick = false;
  bool force = false;
  bool recalibrate = false;
  std::optional<double> budget_s;  ///< calibrate --budget
  std::optional<std::string> baseline;
  // outputs for operators' tools (app/metrics)
  std::optional<std::string> output;        ///< check: --output PATTERN (%h host, %t time); run -- CMD: clscope's lines
  std::optional<std::string> metrics_file;  ///< --metrics-file PATH (Prometheus text; check, run)
  std::optional<metrics::ListenAddress> listen;  ///< run --listen [ADDR:]PORT (GET /metrics)
  bool nagios = false;
  // fleet report (app/fleet)
  std::optional<double> mad_k;
  std::optional<double> min_ratio;
  std::optional<double> mad_floor;
  // watch (app/watch)
  std::vector<std::int64_t> pids;  ///< --pid, repeatable
};

/// One option as documented in --help (and checked against the man page).
struct OptionDoc {
  std::string name;      ///< "--config"
  std::string value;     ///< "FILE", or empty for a flag
  std::string commands;  ///< subcommands it applies to ("run check"), "*" for all
  std::string help;
};

struct CommandDoc {
  std::string name;
  std::string synopsis;
  std::string help;
};

const std::vector<OptionDoc>& option_docs();
const std::vector<CommandDoc>& command_docs();

/// Parses argv (without argv[0]). Throws UsageError naming the offending word.
CliOptions parse_cli(const std::vector<std::string>& argv);

/// The --help text.
std::string help_text();

}  // namespace clscope::app
