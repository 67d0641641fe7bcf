#pragma once
// CPU → NUMA node map from <sysfs>/devices/system/node/node<N>/cpulist, read
// through an FsRoot. Pure parsing is separate and thread-safe; reading does I/O.
// A machine without the node directory (or one node) yields an empty map:
// callers report the node as unknown, never as node 0.
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "probes/FsRoot.hpp"

namespace clscope::probes {

/// "0-3,8,10-11" → {0,1,2,3,8,10,11}; nullopt when malformed. Empty text → {}.
std::optional<std::vector<int>> parse_cpulist(std::string_view text);

/// cpu → node for every node directory whose cpulist parses.
std::map<int, int> read_cpu_nodes(const FsRoot& root);

}  // namespace clscope::probes
