// Command-line texts: --workload KIND[:key=value...], sizes, CPU lists and
// --bind specs. One input per line is tried as each of them.
#include <cstdint>
#include <string>
#include <vector>

#include "config/Config.hpp"
#include "probes/Topology.hpp"
#include "tests/fuzz/FuzzSupport.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clscope;
  const std::string_view text = fuzz::as_text(data, size);
  std::vector<config::WorkloadConfig> parsed;
  fuzz::for_each_line(text, [&](std::string_view line) {
    try {
      parsed.push_back(config::parse_workload_spec(line));
    } catch (const config::ConfigError&) {
    }
    try {
      (void)config::parse_size(line);
    } catch (const config::ConfigError&) {
    }
    try {
      (void)config::parse_cpu_list(line);
    } catch (const config::ConfigError&) {
    }
    std::string error;
    (void)probes::BindSpec::parse(line, error);
  });
  config::uniquify_names(parsed);
  return 0;
}
