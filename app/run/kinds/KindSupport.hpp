#pragma once
// What every workload kind's factory shares: the common keys, the text that
// names a workload in errors, reading a file a key names.
#include <string>

#include "config/Config.hpp"
#include "workloads/Workload.hpp"

namespace clscope::app::kinds {

workloads::CommonOptions common(const config::WorkloadConfig& wc);
/// "workload 'NAME' (kind 'KIND' in FILE)"
std::string where(const config::WorkloadConfig& wc);
/// Reads a file named by `key` (already resolved to `path`); ConfigError
/// naming the key, what was written and where it was looked for.
std::string read_text(const config::WorkloadConfig& wc, const std::string& key,
                      const std::string& path);

}  // namespace clscope::app::kinds
