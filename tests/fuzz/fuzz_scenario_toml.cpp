// Scenario files (clscope --config FILE, check --config FILE): TOML parsed and
// validated by config::load_string, the same path as load_file.
#include <cstdint>
#include <string>

#include "config/Config.hpp"
#include "tests/fuzz/FuzzSupport.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    auto s = clscope::config::load_string(clscope::fuzz::as_text(data, size), "fuzz.toml");
    clscope::config::uniquify_names(s.workloads);
    for (const auto& w : s.workloads)
      for (const auto& [k, v] : w.params) (void)clscope::config::to_string(v);
  } catch (const clscope::config::ConfigError&) {
  }
  return 0;
}
