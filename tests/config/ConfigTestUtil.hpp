#pragma once
// Shared helpers for the config tests.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "config/Config.hpp"

namespace clscope::config::testing {

/// The what() of the ConfigError that `fn` throws, or a failure if it throws none.
inline std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError";
  return {};
}

inline std::string load_error(const std::string& toml) {
  return error_of([&] { load_string(toml, "t.toml"); });
}

inline std::string spec_error(const std::string& spec) {
  return error_of([&] { parse_workload_spec(spec); });
}

}  // namespace clscope::config::testing
