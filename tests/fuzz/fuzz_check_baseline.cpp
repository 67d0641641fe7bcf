// Check baselines (clscope check --baseline FILE): a clscope.check/1 JSON file
// read by app::load_baseline.
#include <cstdint>
#include <string>

#include "app/check/Check.hpp"
#include "tests/fuzz/FuzzSupport.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = clscope::fuzz::write_temp("baseline.json", data, size);
  try {
    (void)clscope::app::load_baseline(path);
  } catch (const clscope::app::CheckInputError&) {
  }
  return 0;
}
