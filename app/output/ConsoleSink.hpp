#pragma once
// The headless console: a RunSink that prints, per window, one line per
// workload that launched something (text, or a JSON "tick" object with
// --json) to `out`, and each workload's setup and each event to `err`.
#include <ostream>

#include "app/run/RunSink.hpp"

namespace clscope::app {

class ConsoleSink : public RunSink {
 public:
  ConsoleSink(std::ostream& out, std::ostream& err, bool json) : out_(out), err_(err), json_(json) {}
  void on_update(const RunUpdate& update) override;

 private:
  std::ostream& out_;
  std::ostream& err_;
  bool json_;
};

/// One "tick" line for workload `live` and its window `w` (text or JSON).
std::string tick_line(const core::WorkloadLive& live, const core::WindowStats& w, bool json);
/// "clscope: 12.0s bottleneck-shift stream memory-bound -> host-bound [off the GPU]: why".
std::string event_line(const core::Event& e);

}  // namespace clscope::app
