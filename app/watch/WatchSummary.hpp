#pragma once
// The end of `clscope watch`: per watched process, the verdict that held in
// most windows (unknown only when no window decided anything), the evidence
// of the latest window with that verdict, the latest threads, and how many
// windows gave each verdict. Not thread-safe (the watch's thread only).
#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "app/watch/WatchRound.hpp"

namespace clscope::app::watch {

class WatchSummary {
 public:
  void add(const WatchRound& round);
  /// {"type": "summary", "schema": "clscope.watch/1", "duration_s", "windows",
  ///  "processes": [{"pid", "command", "device", "driver", "verdict", "confidence", "why",
  ///  "evidence", "threads", "windows", "verdicts": {verdict: windows}}],
  ///  "inaccessible": [{"pid", "command", "problem"}], "unavailable": {source: reason}}
  nlohmann::json json() const;
  /// The same for people, one paragraph per process.
  std::string text() const;
  std::size_t windows() const { return windows_; }

 private:
  struct Acc {
    ProcessRow latest;
    std::map<core::Verdict, int> counts;
    std::map<core::Verdict, ProcessRow> last_of;
    std::map<core::Verdict, double> last_at;
    int windows = 0;
  };
  /// The verdict of most windows (latest on a tie); unknown when none decided.
  static core::Verdict dominant(const Acc& a);

  std::map<std::string, Acc> rows_;  // by ProcessRow::key()
  std::map<std::int64_t, probes::InaccessibleProcess> denied_;
  std::map<std::string, probes::Missing> unavailable_;
  std::size_t windows_ = 0;
  double t_end_s_ = 0;
};

}  // namespace clscope::app::watch
