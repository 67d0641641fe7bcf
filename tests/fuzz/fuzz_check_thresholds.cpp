// The [check] table of a scenario (thresholds for clscope check): the input is
// the body of a [check] table, loaded through config::load_string.
#include <cstdint>
#include <string>

#include "config/Config.hpp"
#include "tests/fuzz/FuzzSupport.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text = "[check]\n";
  text.append(clscope::fuzz::as_text(data, size));
  try {
    (void)clscope::config::load_string(text, "fuzz.toml");
  } catch (const clscope::config::ConfigError&) {
  }
  return 0;
}
