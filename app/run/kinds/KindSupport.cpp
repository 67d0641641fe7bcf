#include "app/run/kinds/KindSupport.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace clscope::app::kinds {

workloads::CommonOptions common(const config::WorkloadConfig& wc) {
  workloads::CommonOptions c;
  c.name = wc.name;
  c.host_work_us = wc.get_number("host_work_us");
  c.host_sleep_us = wc.get_number("host_sleep_us");
  c.in_flight = static_cast<int>(wc.get_int("in_flight"));
  c.timeout_s = wc.get_number("timeout_s");
  c.verify = wc.get_bool("verify");
  c.seed = static_cast<std::uint64_t>(wc.get_int("seed"));
  c.start_after_s = wc.get_number("start_after_s");
  c.stop_after_s = wc.get_number("stop_after_s");
  return c;
}

std::string where(const config::WorkloadConfig& wc) {
  return "workload '" + wc.name + "' (kind '" + wc.kind + "'" +
         (wc.origin.empty() ? "" : " in " + wc.origin) + ")";
}

std::string read_text(const config::WorkloadConfig& wc, const std::string& key,
                      const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw config::ConfigError(where(wc) + ": key '" + key + "': cannot open '" + path +
                              "': " + std::strerror(errno) +
                              (wc.base_dir.empty() || path == wc.get_string(key)
                                   ? std::string()
                                   : " (relative paths start at the scenario's folder, " +
                                         wc.base_dir + ")"));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace clscope::app::kinds
