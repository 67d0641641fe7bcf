// Fleet reports (clscope fleet report FILES): many clscope.check/1 results
// and clscope.run/1 run summaries (one object, or `run --headless --json`
// lines ending in the summary) read by fleet::load_fleet_inputs, then
// grouped, judged and rendered. The input is split at lines "---" into up to
// 8 files of one fleet (a part may hold many lines: a run's ticks and its
// summary). Bad files must come back as errors (exit 2), never as an
// exception or a crash.
#include <cstdint>
#include <string>
#include <vector>

#include "app/fleet/Fleet.hpp"
#include "app/fleet/FleetInput.hpp"
#include "app/fleet/FleetOutput.hpp"
#include "tests/fuzz/FuzzSupport.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = clscope::fuzz::as_text(data, size);
  std::vector<std::string> paths;
  std::size_t start = 0;
  while (start <= text.size() && paths.size() < 8) {
    std::size_t end = text.find("\n---\n", start);
    if (end == std::string_view::npos || paths.size() == 7) end = text.size();
    const auto part = text.substr(start, end - start);
    paths.push_back(clscope::fuzz::write_temp("node" + std::to_string(paths.size()) + ".json",
                                              reinterpret_cast<const std::uint8_t*>(part.data()),
                                              part.size()));
    start = end + 5;
  }
  const auto inputs = clscope::fleet::load_fleet_inputs(paths);
  const auto report = clscope::fleet::analyse_fleet(inputs.results, {});
  (void)clscope::fleet::fleet_json(report).dump();
  (void)clscope::fleet::fleet_table(report);
  return 0;
}
