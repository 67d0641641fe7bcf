#include "app/cli/Cli.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace clscope::app {

const std::vector<CommandDoc>& command_docs() {
  static const std::vector<CommandDoc> docs{
      {"run", "clscope [run] [OPTIONS]",
       "run the workloads on a device: the live dashboard, or --headless lines"},
      {"run", "clscope run [--headless] [--json] [--duration SEC] [--record FILE] [--output FILE] [--metrics-file PATH] [--listen [ADDR:]PORT] [--config FILE] [--device SPEC] -- CMD [ARGS...]",
       "observe an unmodified OpenCL program through the loader layer; exits with its status ([app.kernel] of --config declares its kernels' work)"},
      {"check", "clscope check [--config FILE] [--quick] [--json] [--baseline FILE] [--output PATTERN] [--metrics-file PATH] [--nagios]",
       "node sanity check: runs the sanity scenario and judges each item (exit 1 when one fails)"},
      {"compare", "clscope compare A.jsonl B.jsonl [--json] [--force]",
       "two recordings side by side, after a comparability verdict"},
      {"report", "clscope report FILE.jsonl [--json]",
       "analysis of a recording, recomputed from its raw windows"},
      {"replay", "clscope replay FILE.jsonl",
       "the dashboard over a recording (space pause, . step, < > speed)"},
      {"probe", "clscope probe [--json]",
       "one snapshot of every probe: host, device telemetry, topology (works without OpenCL)"},
      {"list", "clscope list [--json]",
       "OpenCL platforms and devices, the workloads and probes clscope can run"},
      {"watch", "clscope watch [--pid PID]... [--device SPEC] [--duration SEC] [--headless] [--json] [--record FILE] [--metrics-file PATH] [--listen [ADDR:]PORT]",
       "passive: the processes using a device (or the --pid ones), a verdict per process each second"},
      {"calibrate", "clscope calibrate [--device SPEC] [--budget SEC] [--json]",
       "measure the device's ceilings now (trials until stable, within a time budget) and cache them when trusted"},
      {"fleet", "clscope fleet report FILES|DIR [--json] [--mad-k K] [--min-ratio R] [--mad-floor F]",
       "outliers across many nodes' check --json results (exit 1 when a node is flagged)"},
  };
  return docs;
}

const std::vector<OptionDoc>& option_docs() {
  static const std::vector<OptionDoc> docs{
      {"--config", "FILE", "run check", "scenario file (TOML); default: the built-in default scenario"},
      {"--workload", "SPEC", "run",
       "KIND[:key=value...]; repeatable; replaces the scenario's workloads"},
      {"--device", "SPEC", "run check watch calibrate", "auto | INDEX | PLATFORM:DEVICE | PCI-ADDRESS | NAME-SUBSTRING"},
      {"--duration", "SEC", "run watch",
       "stop after SEC seconds of workload time (watch: of watching; 0 = until interrupted)"},
      {"--record", "FILE", "run watch", "record the run to FILE (JSON Lines, clscope.record/1)"},
      {"--pid", "PID", "watch", "watch this process (repeatable); default: every process using a device"},
      {"--recalibrate", "", "run", "measure the device's ceilings again instead of using the cache"},
      {"--budget", "SEC", "calibrate", "the calibration's trial time budget (default 8)"},
      {"--headless", "", "run watch",
       "no dashboard: print one line per workload (watch: per process) per window"},
      {"--quick", "", "check", "short check: each workload runs quick_workload_s (2.5 s in the sanity scenario)"},
      {"--baseline", "FILE", "check",
       "also judge each value against FILE, a check --json output from a known-good node"},
      {"--output", "PATTERN", "check run",
       "check: write the result (JSON with --json) atomically to PATTERN (%h short host, %t UTC "
       "time); run -- CMD: clscope's own lines go to this file instead of stderr"},
      {"--metrics-file", "PATH", "run check watch",
       "write Prometheus text to PATH, atomically (check: the result; run: every window)"},
      {"--listen", "[ADDR:]PORT", "run watch",
       "serve GET /metrics (Prometheus text, every window) on ADDR:PORT; ADDR defaults to 127.0.0.1"},
      {"--nagios", "", "check", "print one Nagios plugin status line; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN"},
      {"--mad-k", "K", "fleet", "flag a value beyond K x 1.4826 x MAD from the group median (default 3)"},
      {"--min-ratio", "R", "fleet", "flag a value below R x the group median (above median / R when lower is better; default 0.9)"},
      {"--mad-floor", "F", "fleet", "the MAD scale is at least F x |median| (default 0.01)"},
      {"--force", "", "compare", "compare even when the runs are not comparable"},
      {"--json", "", "run list report probe check compare fleet watch calibrate",
       "machine-readable output (JSON lines / one JSON object)"},
      {"--sysfs-root", "DIR", "*", "read sysfs from DIR instead of /sys"},
      {"--procfs-root", "DIR", "*", "read procfs from DIR instead of /proc"},
      {"--no-color", "", "*", "no colours (also when NO_COLOR is set)"},
      {"--ascii", "", "*", "ASCII characters only"},
      {"--help", "", "*", "this help"},
      {"--version", "", "*", "print the version"},
  };
  return docs;
}

namespace {

bool applies(const OptionDoc& d, const std::string& cmd) {
  if (d.commands == "*") return true;
  std::istringstream in(d.commands);
  std::string c;
  while (in >> c)
    if (c == cmd) return true;
  return false;
}

double parse_seconds(const std::string& opt, const std::string& v) {
  double out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out < 0)
    throw UsageError(opt + " " + v + ": expected a number of seconds >= 0");
  return out;
}

std::int64_t parse_pid(const std::string& opt, const std::string& v) {
  std::int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out <= 0)
    throw UsageError(opt + " " + v + ": expected a process id (an integer > 0)");
  return out;
}

double parse_number(const std::string& opt, const std::string& v, bool allow_zero) {
  double out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || !(allow_zero ? out >= 0 : out > 0) ||
      out > 1e9)
    throw UsageError(opt + " " + v + ": expected a number " + (allow_zero ? ">= 0" : "> 0"));
  return out;
}

metrics::ListenAddress parse_listen(const std::string& v) {
  try {
    return metrics::parse_listen_address(v);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--listen ") + e.what());
  }
}

}  // namespace

CliOptions parse_cli(const std::vector<std::string>& argv) {
  CliOptions o;
  for (const auto& a : argv) o.raw_command_line += (o.raw_command_line.empty() ? "" : " ") + a;
  o.raw_command_line = "clscope" + (o.raw_command_line.empty() ? "" : " " + o.raw_command_line);
  std::size_t i = 0;
  bool command_seen = false;
  std::vector<std::pair<std::string, std::string>> opts;  // parsed later, once the command is known
  bool dashdash = false;
  for (; i < argv.size(); ++i) {
    std::string word = argv[i];
    if (word == "--") {
      dashdash = true;
      o.program.assign(argv.begin() + static_cast<std::ptrdiff_t>(i) + 1, argv.end());
      break;
    }
    if (word.rfind("--", 0) == 0 || word == "-h") {
      if (word == "-h") word = "--help";
      std::string value;
      bool has_inline = false;
      if (auto eq = word.find('='); eq != std::string::npos) {
        value = word.substr(eq + 1);
        word = word.substr(0, eq);
        has_inline = true;
      }
      auto it = std::find_if(option_docs().begin(), option_docs().end(),
                             [&](const OptionDoc& d) { return d.name == word; });
      if (it == option_docs().end()) throw UsageError("unknown option " + word + " (see --help)");
      if (!it->value.empty() && !has_inline) {
        if (i + 1 >= argv.size()) throw UsageError(word + " needs a value (" + it->value + ")");
        value = argv[++i];
      } else if (it->value.empty() && has_inline) {
        throw UsageError(word + " takes no value");
      }
      opts.emplace_back(word, value);
    } else if (!command_seen && o.args.empty()) {
      const bool known = std::any_of(command_docs().begin(), command_docs().end(),
                                     [&](const CommandDoc& c) { return c.name == word; });
      if (!known) throw UsageError("unknown command '" + word + "' (see --help)");
      o.command = word;
      command_seen = true;
    } else {
      o.args.push_back(word);
    }
  }
  if (dashdash && o.command != "run")
    throw UsageError("'-- CMD' applies to 'run' only (clscope run [OPTIONS] -- CMD [ARGS...])");
  if (dashdash && o.program.empty()) throw UsageError("'--' needs a program: clscope run [OPTIONS] -- CMD [ARGS...]");
  if (!o.program.empty() && !o.args.empty())
    throw UsageError("unexpected '" + o.args.front() + "' before '--'");
  for (const auto& [name, value] : opts) {
    if (!o.program.empty() && (name == "--workload" || name == "--recalibrate"))
      throw UsageError(name + " does not apply to 'run -- CMD' (the program chooses its work)");
    if (o.program.empty() && o.command == "run" && name == "--output")
      throw UsageError("--output applies to 'check' and to 'run -- CMD'");
    const auto& doc = *std::find_if(option_docs().begin(), option_docs().end(),
                                    [&](const OptionDoc& d) { return d.name == name; });
    if (!applies(doc, o.command))
      throw UsageError(name + " does not apply to '" + o.command + "'");
    if (name == "--config") o.config = value;
    else if (name == "--workload") o.workloads.push_back(value);
    else if (name == "--device") o.device = value;
    else if (name == "--duration") o.duration_s = parse_seconds(name, value);
    else if (name == "--record") o.record = value;
    else if (name == "--pid") o.pids.push_back(parse_pid(name, value));
    else if (name == "--baseline") o.baseline = value;
    else if (name == "--output") o.output = value;
    else if (name == "--metrics-file") o.metrics_file = value;
    else if (name == "--listen") o.listen = parse_listen(value);
    else if (name == "--nagios") o.nagios = true;
    else if (name == "--mad-k") o.mad_k = parse_number(name, value, false);
    else if (name == "--min-ratio") o.min_ratio = parse_number(name, value, false);
    else if (name == "--mad-floor") o.mad_floor = parse_number(name, value, true);
    else if (name == "--headless") o.headless = true;
    else if (name == "--json") o.json = true;
    else if (name == "--quick") o.quick = true;
    else if (name == "--force") o.force = true;
    else if (name == "--recalibrate") o.recalibrate = true;
    else if (name == "--budget") {
      o.budget_s = parse_number(name, value, false);
      if (*o.budget_s < 1 || *o.budget_s > 3600) throw UsageError("--budget " + value + ": expected 1 to 3600 seconds");
    }
    else if (name == "--sysfs-root") o.sysfs_root = value;
    else if (name == "--procfs-root") o.procfs_root = value;
    else if (name == "--no-color") o.no_color = true;
    else if (name == "--ascii") o.ascii = true;
    else if (name == "--help") o.help = true;
    else if (name == "--version") o.version = true;
  }
  return o;
}

std::string help_text() {
  std::ostringstream out;
  out << "clscope - live monitor and profiler for OpenCL devices\n\nUsage:\n";
  for (const auto& c : command_docs()) {
    out << "  " << c.synopsis << "\n      " << c.help << "\n";
  }
  out << "\nOptions:\n";
  for (const auto& d : option_docs()) {
    std::string left = d.name + (d.value.empty() ? "" : " " + d.value);
    out << "  " << left;
    for (std::size_t pad = left.size(); pad < 22; ++pad) out << ' ';
    out << " " << d.help;
    if (d.commands != "*") out << " [" << d.commands << "]";
    out << "\n";
  }
  out << "\nExit codes: 0 ok, 1 a check failed, 2 bad usage/config/input, 3 no OpenCL device,\n"
         "4 runtime failure, 130 interrupted (SIGINT),\n129/131/143 ended by SIGHUP/SIGQUIT/SIGTERM (128 + N).\n"
         "run -- CMD exits with the program's status (128 + N when signal N ended it).\nSee clscope(1).\n";
  return out.str();
}

}  // namespace clscope::app
