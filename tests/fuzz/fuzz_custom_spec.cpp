// The custom workload's compact keys (buffers, args, global, local): each line
// of the input is tried as every one of them.
#include <cstdint>
#include <string>

#include "config/Config.hpp"
#include "config/CustomSpec.hpp"
#include "tests/fuzz/FuzzSupport.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace clscope;
  const std::string_view text = fuzz::as_text(data, size);
  fuzz::for_each_line(text, [&](std::string_view line) {
    try {
      (void)config::parse_buffers(line);
    } catch (const config::ConfigError&) {
    }
    try {
      (void)config::parse_args(line);
    } catch (const config::ConfigError&) {
    }
    for (bool allow_empty : {false, true}) {
      try {
        (void)config::parse_dims(line, allow_empty);
      } catch (const config::ConfigError&) {
      }
    }
    (void)config::scalar_type_bytes(line);
  });
  return 0;
}
