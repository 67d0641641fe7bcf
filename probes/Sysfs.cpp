#include "probes/Sysfs.hpp"

#include <cerrno>
#include <algorithm>
#include <cmath>

namespace clscope::probes {

std::vector<DrmCard> list_drm_cards(const FsRoot& root) {
  std::vector<DrmCard> cards;
  const auto drm = root.sys("class/drm");
  for (const auto& name : root.fs->list(drm)) {
    if (!name.starts_with("card") || name.size() == 4 ||
        name.find_first_not_of("0123456789", 4) != std::string::npos)
      continue;
    DrmCard c;
    c.card = name;
    c.card_dir = drm / name;
    auto dev = root.fs->canonical(c.card_dir / "device");
    if (!dev) continue;
    c.device_dir = *dev;
    c.pci = PciAddress::parse(c.device_dir.filename().string());
    if (auto drv = root.fs->read_link(c.device_dir / "driver")) c.driver = drv->filename().string();
    for (const auto& h : root.fs->list(c.device_dir / "hwmon")) {
      if (h.starts_with("hwmon")) {
        c.hwmon_dir = c.device_dir / "hwmon" / h;
        break;
      }
    }
    cards.push_back(std::move(c));
  }
  // "card10" after "card9": order by number, not by text. Compared as digit
  // strings (fewer significant digits first), never parsed: a tree may name a
  // card with more digits than an int holds (found by fuzz_probe_tree).
  std::sort(cards.begin(), cards.end(), [](const DrmCard& a, const DrmCard& b) {
    auto digits = [](const std::string& card) {
      const std::string n = card.substr(4);
      const auto first = n.find_first_not_of('0');
      return first == std::string::npos ? std::string() : n.substr(first);
    };
    const std::string da = digits(a.card), db = digits(b.card);
    if (da.size() != db.size()) return da.size() < db.size();
    return da < db;
  });
  return cards;
}

std::optional<std::string> SysfsReader::try_text(const std::filesystem::path& path, int* error) {
  auto it = files_.find(path);
  if (it == files_.end()) it = files_.emplace(path, CachedFile(fs_, path)).first;
  const int err = it->second.read(buf_);
  if (error) *error = err;
  if (err != 0) return std::nullopt;
  return std::string(trim(buf_));
}

std::optional<std::string> SysfsReader::text(Sample& s, const std::string& metric,
                                             const std::filesystem::path& path) {
  int err = 0;
  auto t = try_text(path, &err);
  if (!t) s.miss_file(metric, path, err);
  return t;
}

std::optional<std::int64_t> SysfsReader::integer(Sample& s, const std::string& metric,
                                                 const std::filesystem::path& path) {
  auto t = text(s, metric, path);
  if (!t) return std::nullopt;
  auto v = parse_int(*t);
  if (!v) s.miss(metric, Status::failed, path.string() + ": not an integer: \"" + *t + "\"");
  return v;
}


namespace {

PcieLinkHop read_hop(SysfsReader& r, const std::filesystem::path& dir) {
  PcieLinkHop h;
  h.bdf = dir.filename().string();
  auto speed = [&](const char* f) -> std::optional<double> {
    auto t = r.try_text(dir / f);
    return t ? parse_leading_double(*t) : std::nullopt;  // "Unknown" stays absent
  };
  auto width = [&](const char* f) -> std::optional<int> {
    auto t = r.try_text(dir / f);
    auto v = t ? parse_int(*t) : std::nullopt;
    if (!v || *v <= 0 || *v > 64) return std::nullopt;  // 0 = link down / unknown
    return static_cast<int>(*v);
  };
  h.speed_gts = speed("current_link_speed");
  h.max_speed_gts = speed("max_link_speed");
  h.width = width("current_link_width");
  h.max_width = width("max_link_width");
  return h;
}

void take_min(std::optional<int>& acc, std::string& at, std::optional<int> v,
              const std::string& bdf) {
  if (v && (!acc || *v < *acc)) {
    acc = v;
    at = bdf;
  }
}

}  // namespace

PcieLinkReport read_pcie_link(const FsRoot& root, SysfsReader& reader,
                              const std::filesystem::path& device_dir) {
  PcieLinkReport rep;
  rep.hops.push_back(read_hop(reader, device_dir));
  for (auto dir = device_dir.parent_path(); PciAddress::parse(dir.filename().string());
       dir = dir.parent_path()) {
    const auto drv = root.fs->read_link(dir / "driver");
    if (!drv || drv->filename() != "pcieport") break;
    rep.hops.push_back(read_hop(reader, dir));
  }
  std::string unused;
  for (const auto& h : rep.hops) {
    take_min(rep.gen, rep.gen_at, h.speed_gts ? pcie_gen_from_gts(*h.speed_gts) : std::nullopt,
             h.bdf);
    take_min(rep.width, rep.width_at, h.width, h.bdf);
    take_min(rep.max_gen, unused,
             h.max_speed_gts ? pcie_gen_from_gts(*h.max_speed_gts) : std::nullopt, h.bdf);
    take_min(rep.max_width, unused, h.max_width, h.bdf);
  }
  if (!rep.gen && !rep.width) {
    int err = 0;
    reader.try_text(device_dir / "current_link_speed", &err);
    rep.missing_reason = err != 0 ? describe_error(device_dir / "current_link_speed", err) +
                                        " (no PCIe link files: integrated or virtual device?)"
                                  : (device_dir / "current_link_speed").string() +
                                        ": link speed unknown";
  }
  return rep;
}

std::optional<PcieLinkReport> sysfs_pcie_link(const FsRoot& root, const PciAddress& pci) {
  const auto dir = root.fs->canonical(root.sys("bus/pci/devices") / pci.to_string());
  if (!dir) return std::nullopt;
  SysfsReader reader(root.fs);
  return read_pcie_link(root, reader, *dir);
}

std::optional<double> pcie_link_gbs(std::optional<int> gen, std::optional<int> width) {
  if (!gen || !width) return std::nullopt;
  return core::pcie_link_gbs(*gen, *width);
}

void put_pcie_link(Sample& s, const PcieLinkReport& link) {
  const std::string path_note =
      link.hops.size() > 1
          ? " (slowest of " + std::to_string(link.hops.size()) + " links up to the root port)"
          : "";
  auto put = [&](const char* name, std::optional<int> v, const std::string& at, const char* file) {
    if (v) {
      s.metrics[name] = *v;
      s.sources[name] = std::string("sysfs ") + file + path_note + (at.empty() ? "" : ": " + at);
    } else {
      s.miss(name, Status::unavailable,
             link.missing_reason.empty() ? std::string(file) + " unreadable or unknown"
                                         : link.missing_reason);
    }
  };
  put(metric::kPcieGen, link.gen, link.gen_at, "current_link_speed");
  put(metric::kPcieWidth, link.width, link.width_at, "current_link_width");
  put(metric::kPcieMaxGen, link.max_gen, "", "max_link_speed");
  put(metric::kPcieMaxWidth, link.max_width, "", "max_link_width");
}

std::optional<double> EnergyRate::update(double energy_j, std::int64_t t_ns, double wrap_j) {
  std::optional<double> watts;
  if (prev_j_ && t_ns > prev_t_ns_) {
    double delta = energy_j - *prev_j_;
    if (delta < 0 && wrap_j > 0) delta += wrap_j;  // counter wrapped once
    if (delta >= 0) watts = delta * 1e9 / static_cast<double>(t_ns - prev_t_ns_);
  }
  prev_j_ = energy_j;
  prev_t_ns_ = t_ns;
  return watts;
}

}  // namespace clscope::probes
