#pragma once
// The headless console of `clscope watch`: per window, one line per watched
// process (text) or one {"type": "window"} JSON line (--json) to `out`; to
// `err`, once each, the processes that may not be read (permission denied
// with the ptrace hint; more than five in one line), the --pid processes that use no device, the scan
// sources that gave nothing, and every event (bottleneck shifts).
#include <cstdint>
#include <ostream>
#include <set>
#include <string>

#include "app/run/RunSink.hpp"

namespace clscope::app::watch {

class WatchConsoleSink : public RunSink {
 public:
  WatchConsoleSink(std::ostream& out, std::ostream& err, bool json)
      : out_(out), err_(err), json_(json) {}
  void on_update(const RunUpdate& update) override;

 private:
  std::ostream& out_;
  std::ostream& err_;
  bool json_;
  std::set<std::string> said_;  // notes already printed
};

}  // namespace clscope::app::watch
