// The watch console sink alone, on hand-made updates: text and JSON lines,
// permission notes said once (summarised when many), events on stderr.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "app/watch/WatchConsoleSink.hpp"

namespace w = clscope::app::watch;
namespace p = clscope::probes;

namespace {

p::InaccessibleProcess denied(std::int64_t pid) {
  return {pid, "blender", {p::Status::permission_denied, p::kPtraceHint}};
}

std::shared_ptr<w::WatchRound> round_with(std::vector<p::InaccessibleProcess> denied_list) {
  auto r = std::make_shared<w::WatchRound>();
  r->t_begin_s = 1.0;
  r->t_end_s = 2.0;
  w::ProcessRow row;
  row.pid = 4242;
  row.command = "python3 train.py";
  row.device = "0000:03:00.0";
  row.evidence.device_busy = 0.02;
  row.evidence.hottest_thread_pct = 1.0;
  row.verdict = w::decide(row.evidence);
  p::ThreadUse t;
  t.tid = 4250;
  t.name = "cl:submit";
  t.state = 'S';
  t.cpu_pct = 3.0;
  row.threads = {t};
  r->processes = {row};
  r->inaccessible = std::move(denied_list);
  return r;
}

}  // namespace

TEST(WatchConsole, TextLinesAndPermissionNotesOnce) {
  std::ostringstream out, err;
  w::WatchConsoleSink sink(out, err, false);
  clscope::app::RunUpdate u;
  u.watch = round_with({denied(7000)});
  sink.on_update(u);
  sink.on_update(u);
  EXPECT_NE(out.str().find("2.0s  4242 python3 train.py  0000:03:00.0  starved"), std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("threads: 4250 cl:submit 3% S"), std::string::npos) << out.str();
  const std::string e = err.str();
  EXPECT_NE(e.find("pid 7000 (blender): permission denied: "), std::string::npos) << e;
  EXPECT_NE(e.find("ptrace"), std::string::npos) << e;
  EXPECT_EQ(e.find("pid 7000"), e.rfind("pid 7000")) << "said once: " << e;
}

TEST(WatchConsole, ManyDeniedProcessesAreOneLine) {
  std::ostringstream out, err;
  w::WatchConsoleSink sink(out, err, true);
  std::vector<p::InaccessibleProcess> many;
  for (int i = 0; i < 7; ++i) many.push_back(denied(7000 + i));
  clscope::app::RunUpdate u;
  u.watch = round_with(many);
  sink.on_update(u);
  EXPECT_NE(err.str().find("7 processes could not be inspected: permission denied"),
            std::string::npos)
      << err.str();
  EXPECT_EQ(err.str().find("pid 7001"), std::string::npos);
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["type"], "window");
  EXPECT_EQ(j["inaccessible"].size(), 7u);
  EXPECT_EQ(j["processes"][0]["verdict"], "starved");
}
