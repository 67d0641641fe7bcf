// The processes view (key p): a top-like table of the processes using the
// device, sorted by device use then host CPU. Width-aware: the command column
// takes what the fixed columns leave (16 to 40 columns); the columns after it
// (thread states, busiest thread, NUMA) are clipped on narrow screens.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tui/Format.hpp"
#include "tui/RenderParts.hpp"
#include "tui/Verdict.hpp"

namespace clscope::tui::detail {

namespace {

constexpr int kWhoW = 9;
constexpr int kPidW = 7;
constexpr int kDevW = 5;
constexpr int kMemW = 6;
constexpr int kCpuW = 5;
constexpr int kThrW = 4;
constexpr int kStateW = 9;
constexpr int kBusiestW = 20;
constexpr int kNumaW = 13;  // "0,1 != dev 0"
constexpr int kMinCommandW = 16;
constexpr int kMaxCommandW = 40;
constexpr int kDefaultWidth = 120;  // for counting lines without a screen

const Style kOther{Color::kYellow, true, false, false};
const Style kOtherTag{Color::kRed, true, false, true};
const Style kThisRun{Color::kGreen, true, false, false};

std::string bytes_text(double b) {
  static constexpr const char* kUnits[] = {"B", "K", "M", "G", "T"};
  int u = 0;
  while (b >= 1024 && u < 4) {
    b /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 || b >= 100 ? "%.0f%s" : b >= 10 ? "%.1f%s" : "%.2f%s", b,
                kUnits[u]);
  std::string s = buf;
  for (char& c : s)
    if (c == ',') c = '.';
  return s;
}

// Device use, then host CPU, both descending with unknowns last; then pid.
bool before(const ProcessEntry& a, const ProcessEntry& b) {
  auto key = [](const std::optional<double>& v) { return v ? *v : -1.0; };
  if (key(a.device_pct) != key(b.device_pct)) return key(a.device_pct) > key(b.device_pct);
  if (key(a.cpu_pct) != key(b.cpu_pct)) return key(a.cpu_pct) > key(b.cpu_pct);
  return a.pid < b.pid;
}

// format_pct, with a plain "0" for nothing at all.
std::string pct_text(double v) { return v < 0.005 ? "0" : format_pct(v); }

Span value_span(const std::optional<double>& v, const std::string& text, int w, Style st) {
  if (!v) return {pad_left("-", w), kDim};
  return {pad_left(text, w), st};
}

std::string numa_text(const ProcessEntry& e) {
  if (e.numa_nodes.empty() && !e.device_numa_node) return "";
  std::string s = e.numa_nodes.empty() ? "?" : e.numa_nodes;
  if (e.device_numa_node) s += (e.off_device_node ? " != dev " : " = dev ") + std::to_string(*e.device_numa_node);
  return s;
}

Line row_line(const ProcessEntry& e, const ProcessesInfo& info, int command_w) {
  const Style st = e.other_user ? kOther : kPlain;
  Line l;
  if (info.show_who) {
    if (e.this_run) {
      l.push_back({fit_right("this run", kWhoW - 1) + " ", kThisRun});
    } else if (e.other_user) {
      l.push_back({fit_right("OTHER", kWhoW - 1), kOtherTag});
      l.push_back({" ", kPlain});
    } else {
      l.push_back({std::string(kWhoW, ' '), kPlain});
    }
  }
  l.push_back({pad_left(std::to_string(e.pid), kPidW) + " ", st});
  l.push_back(value_span(e.device_pct,
                         e.device_pct ? (e.device_pct_estimate ? "~" : "") + pct_text(*e.device_pct) : "",
                         kDevW, e.other_user ? kOther : kBold));
  l.push_back({" ", kPlain});
  l.push_back(value_span(e.device_mem_bytes, e.device_mem_bytes ? bytes_text(*e.device_mem_bytes) : "", kMemW, st));
  l.push_back({" ", kPlain});
  l.push_back(value_span(e.cpu_pct, e.cpu_pct ? pct_text(*e.cpu_pct) : "", kCpuW, st));
  l.push_back({" ", kPlain});
  l.push_back(value_span(e.threads ? std::optional<double>(*e.threads) : std::nullopt,
                         e.threads ? std::to_string(*e.threads) : "", kThrW, st));
  l.push_back({" ", kPlain});
  l.push_back({fit_right(e.command.empty() ? "?" : e.command, command_w) + " ", st});
  l.push_back({fit_right(e.states.empty() ? "-" : e.states, kStateW) + " ", e.states.empty() ? kDim : st});
  std::string busiest = e.busiest_thread;
  if (e.busiest_thread_pct) busiest += " " + pct_text(*e.busiest_thread_pct) + "%";
  l.push_back({fit_right(busiest.empty() ? "-" : busiest, kBusiestW) + " ", busiest.empty() ? kDim : st});
  const std::string numa = numa_text(e);
  l.push_back({numa.empty() ? "-" : numa, numa.empty() ? kDim : e.off_device_node ? kWarn : st});
  return l;
}

// One line per value not read: "device use: why".
std::vector<std::string> reasons(const ProcessEntry& e) {
  std::vector<std::string> out;
  auto add = [&](bool missing, const char* what, const std::string& why) {
    if (missing && !why.empty()) out.push_back(std::string(what) + ": " + why);
  };
  add(!e.device_pct, "device use", e.device_pct_reason);
  add(!e.device_mem_bytes, "device memory", e.device_mem_reason);
  add(!e.cpu_pct, "CPU", e.cpu_reason);
  return out;
}

}  // namespace

std::vector<ProcessEntry> sorted_processes(const ProcessesInfo& info) {
  std::vector<ProcessEntry> rows = info.rows;
  std::stable_sort(rows.begin(), rows.end(), before);
  return rows;
}

std::vector<Line> process_lines(const DashboardModel& m, const UiState& s, int width) {
  const ProcessesInfo& info = m.processes;
  if (width <= 0) width = kDefaultWidth;
  std::vector<Line> out;
  out.push_back({{info.scope.empty() ? "Processes using the device" : info.scope, kDim}});
  if (info.rows.empty()) {
    out.push_back({});
    out.push_back({{"  " + (info.empty_reason.empty() ? std::string("no process found yet")
                                                        : info.empty_reason),
                    kDim}});
  } else {
    const int fixed = (info.show_who ? kWhoW : 0) + kPidW + 1 + kDevW + 1 + kMemW + 1 + kCpuW + 1 +
                      kThrW + 1 + 1 + kStateW + 1 + kBusiestW + 1 + kNumaW;
    const int command_w = std::clamp(width - fixed, kMinCommandW, kMaxCommandW);
    Line head;
    if (info.show_who) head.push_back({fit_right("WHO", kWhoW), kBold});
    head.push_back({pad_left("PID", kPidW) + " " + pad_left("DEV%", kDevW) + " " + pad_left("DEVMEM", kMemW) +
                        " " + pad_left("CPU%", kCpuW) + " " + pad_left("THR", kThrW) + " " +
                        fit_right("COMMAND", command_w) + " " + fit_right("STATES", kStateW) + " " +
                        fit_right("BUSIEST THREAD", kBusiestW) + " NUMA",
                    kBold});
    out.push_back(std::move(head));
    bool any_missing = false;
    for (const ProcessEntry& e : sorted_processes(info)) {
      out.push_back(row_line(e, info, command_w));
      const std::string indent((info.show_who ? kWhoW : 0) + kPidW + 1, ' ');
      if (info.show_verdicts) {
        Line l{{indent, kPlain}};
        if (e.verdict.empty()) l.push_back({"no verdict yet", kDim});
        else l.push_back({e.verdict, verdict_style(e.verdict)});
        if (!e.evidence.empty()) l.push_back({"  " + e.evidence, kPlain});
        out.push_back(std::move(l));
      }
      const std::vector<std::string> why = reasons(e);
      any_missing = any_missing || !why.empty();
      if (s.show_reasons)
        for (const std::string& w : why) out.push_back({{indent + "- " + w, kDim}});
    }
    if (any_missing && !s.show_reasons) out.push_back({{"  -: not read; i shows why", kDim}});
  }
  if (!info.notes.empty()) out.push_back({});
  for (const std::string& n : info.notes) out.push_back({{"  " + n, kDim}});
  return out;
}

}  // namespace clscope::tui::detail
