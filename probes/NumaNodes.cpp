#include "probes/NumaNodes.hpp"

namespace clscope::probes {

std::optional<std::vector<int>> parse_cpulist(std::string_view text) {
  std::vector<int> cpus;
  text = trim(text);
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find(',', pos);
    if (end == std::string_view::npos) end = text.size();
    const auto part = text.substr(pos, end - pos);
    pos = end + 1;
    const auto dash = part.find('-');
    const auto lo = parse_int(part.substr(0, dash));
    const auto hi = dash == std::string_view::npos ? lo : parse_int(part.substr(dash + 1));
    // 1 << 16 CPUs bounds a hostile or corrupt file's range.
    if (!lo || !hi || *lo < 0 || *hi < *lo || *hi >= (1 << 16)) return std::nullopt;
    for (auto c = *lo; c <= *hi; ++c) cpus.push_back(static_cast<int>(c));
  }
  return cpus;
}

std::map<int, int> read_cpu_nodes(const FsRoot& root) {
  std::map<int, int> nodes;
  const auto dir = root.sys("devices/system/node");
  for (const auto& name : root.fs->list(dir)) {
    if (!name.starts_with("node")) continue;
    const auto node = parse_int(std::string_view(name).substr(4));
    if (!node || *node < 0 || *node >= (1 << 16)) continue;
    const auto v = read_trimmed(root, dir / name / "cpulist");
    if (v.error != 0) continue;
    if (const auto cpus = parse_cpulist(v.text))
      for (int c : *cpus) nodes.emplace(c, static_cast<int>(*node));
  }
  return nodes;
}

}  // namespace clscope::probes
