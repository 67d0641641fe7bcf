#include "probes/Topology.hpp"

#include <hwloc.h>

#include "probes/HwlocXmlTrial.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <type_traits>

namespace clscope::probes {
namespace {

using PciAttr = hwloc_obj_attr_u::hwloc_pcidev_attr_s;

// RAII for hwloc bitmaps.
struct Bitmap {
  hwloc_bitmap_t b = hwloc_bitmap_alloc();
  Bitmap() = default;
  explicit Bitmap(hwloc_const_bitmap_t src) : b(hwloc_bitmap_dup(src)) {}
  ~Bitmap() { hwloc_bitmap_free(b); }
  Bitmap(const Bitmap&) = delete;
  Bitmap& operator=(const Bitmap&) = delete;
};

std::string list_of(hwloc_const_bitmap_t set) {
  if (!set) return {};
  char* s = nullptr;
  if (hwloc_bitmap_list_asprintf(&s, set) < 0 || !s) return {};
  std::string out(s);
  std::free(s);
  return out;
}

std::optional<PciAddress> address_of(const PciAttr& a) {
  return PciAddress{a.domain, a.bus, a.dev, a.func};
}

std::string ids_of(const PciAttr& a) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04x:%04x", a.vendor_id, a.device_id);
  return buf;
}

// What clscope asks of every topology it loads (the XML trial loads with it too).
void configure(hwloc_topology_t topo) {
  // Without this hwloc 2.x drops every PCI object.
  hwloc_topology_set_io_types_filter(topo, HWLOC_TYPE_FILTER_KEEP_IMPORTANT);
  // The opencl component would initialise the ICD loader (and POCL's threads).
  hwloc_topology_set_components(topo, HWLOC_TOPOLOGY_COMPONENTS_FLAG_BLACKLIST, "opencl");
}

// A bridge's upstream type as the number hwloc stored: its XML import copies
// the file's value into the enum unchecked (a 5 was seen), and reading that
// through the enum type is undefined behaviour. Anything but PCI reads as a
// host bridge, whose upstream side has no PCI attributes to read.
unsigned upstream_type_of(const hwloc_obj_attr_u::hwloc_bridge_attr_s& bridge) {
  std::underlying_type_t<hwloc_obj_bridge_type_t> raw{};
  static_assert(sizeof(raw) == sizeof(bridge.upstream_type));
  std::memcpy(&raw, &bridge.upstream_type, sizeof(raw));
  return static_cast<unsigned>(raw);
}

std::optional<double> speed(float gbs) {
  if (!(gbs > 0)) return std::nullopt;  // hwloc reports 0 when unknown (e.g. virtio)
  return static_cast<double>(gbs);
}

}  // namespace

struct Topology::Impl {
  hwloc_topology_t topo = nullptr;
  std::string source;
  ~Impl() {
    if (topo) hwloc_topology_destroy(topo);
  }
  static std::unique_ptr<Impl> create(std::string& error);
};

Topology::Topology(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Topology::~Topology() = default;

std::unique_ptr<Topology::Impl> Topology::Impl::create(std::string& error) {
  auto impl = std::make_unique<Impl>();
  if (hwloc_topology_init(&impl->topo) != 0) {
    error = std::string("hwloc_topology_init: ") + std::strerror(errno);
    impl->topo = nullptr;
    return nullptr;
  }
  configure(impl->topo);
  return impl;
}

std::unique_ptr<Topology> Topology::load_system(std::string& error) {
  // hwloc reads HWLOC_XMLFILE instead of this machine when it is set.
  if (const char* xml = std::getenv("HWLOC_XMLFILE"); xml && *xml) {
    if (const std::string why = trial_load_xml(nullptr, configure); !why.empty()) {
      error = std::string("HWLOC_XMLFILE=") + xml + ": " + why + "; not loaded";
      return nullptr;
    }
  }
  auto impl = Impl::create(error);
  if (!impl) return nullptr;
  if (hwloc_topology_load(impl->topo) != 0) {
    error = std::string("hwloc_topology_load: ") + std::strerror(errno);
    return nullptr;
  }
  impl->source = "this system";
  return std::unique_ptr<Topology>(new Topology(std::move(impl)));
}

std::unique_ptr<Topology> Topology::load_xml(const std::filesystem::path& xml, std::string& error) {
  if (const std::string why = trial_load_xml(xml.c_str(), configure); !why.empty()) {
    error = xml.string() + ": " + why + "; not loaded";
    return nullptr;
  }
  auto impl = Impl::create(error);
  if (!impl) return nullptr;
  if (hwloc_topology_set_xml(impl->topo, xml.c_str()) != 0) {
    error = "hwloc_topology_set_xml(" + xml.string() + "): " + std::strerror(errno);
    return nullptr;
  }
  if (hwloc_topology_load(impl->topo) != 0) {
    error = "hwloc_topology_load(" + xml.string() + "): " + std::strerror(errno) +
            " (not an hwloc 2.x XML topology?)";
    return nullptr;
  }
  impl->source = xml.string();
  return std::unique_ptr<Topology>(new Topology(std::move(impl)));
}

bool Topology::is_this_system() const { return hwloc_topology_is_thissystem(impl_->topo) == 1; }

TopologySummary Topology::summary() const {
  hwloc_topology_t t = impl_->topo;
  TopologySummary s;
  s.source = impl_->source;
  auto count = [&](hwloc_obj_type_t type) {
    const int n = hwloc_get_nbobjs_by_type(t, type);
    return n < 0 ? 0 : n;
  };
  s.packages = count(HWLOC_OBJ_PACKAGE);
  s.numa_nodes = count(HWLOC_OBJ_NUMANODE);
  s.cores = count(HWLOC_OBJ_CORE);
  s.pus = count(HWLOC_OBJ_PU);
  for (int i = 0; i < s.numa_nodes; ++i) {
    hwloc_obj_t n = hwloc_get_obj_by_type(t, HWLOC_OBJ_NUMANODE, static_cast<unsigned>(i));
    NumaNodeInfo info;
    info.os_index = n->os_index;
    info.cpus = list_of(n->cpuset);
    if (n->attr && n->attr->numanode.local_memory > 0) info.memory_bytes = n->attr->numanode.local_memory;
    s.nodes.push_back(std::move(info));
  }
  return s;
}

DeviceLocality Topology::locate(const DeviceIdentity& device) const {
  hwloc_topology_t t = impl_->topo;
  DeviceLocality loc;
  hwloc_obj_t root = hwloc_get_root_obj(t);
  if (device.is_cpu) {
    loc.found = true;
    loc.reason = "CPU device: local to every NUMA node";
    loc.cpus = list_of(root->cpuset);
    for (hwloc_obj_t n = nullptr; (n = hwloc_get_next_obj_by_type(t, HWLOC_OBJ_NUMANODE, n));)
      loc.numa_nodes.push_back(n->os_index);
    return loc;
  }
  if (!device.pci) {
    loc.reason = "no PCI address known for this device";
    return loc;
  }
  const PciAddress& a = *device.pci;
  hwloc_obj_t obj = hwloc_get_pcidev_by_busid(t, a.domain, a.bus, a.device, a.function);
  if (!obj) {
    loc.reason = "PCI device " + a.to_string() + " not found in the hwloc topology (" +
                 impl_->source + ")";
    return loc;
  }
  loc.found = true;
  for (hwloc_obj_t o = obj; o && hwloc_obj_type_is_io(o->type); o = o->parent) {
    PciHop hop;
    if (o->type == HWLOC_OBJ_PCI_DEVICE) {
      hop.kind = "device";
      hop.pci = address_of(o->attr->pcidev);
      hop.ids = ids_of(o->attr->pcidev);
      hop.link_gbs = speed(o->attr->pcidev.linkspeed);
    } else if (o->type == HWLOC_OBJ_BRIDGE) {
      if (upstream_type_of(o->attr->bridge) == HWLOC_OBJ_BRIDGE_PCI) {
        hop.kind = "pci bridge";
        hop.pci = address_of(o->attr->bridge.upstream.pci);
        hop.ids = ids_of(o->attr->bridge.upstream.pci);
        hop.link_gbs = speed(o->attr->bridge.upstream.pci.linkspeed);
      } else {
        hop.kind = "host bridge";
      }
    } else {
      continue;  // OS devices are never ancestors of a PCI device
    }
    if (hop.link_gbs && (!loc.slowest_link_gbs || *hop.link_gbs < *loc.slowest_link_gbs)) {
      loc.slowest_link_gbs = hop.link_gbs;
      loc.slowest_at = hop.pci;
    }
    loc.path.push_back(std::move(hop));
  }
  loc.link_gbs = loc.path.front().link_gbs;
  if (!loc.slowest_link_gbs) loc.reason = "hwloc reports no PCIe link speed on this path";
  hwloc_obj_t anc = hwloc_get_non_io_ancestor_obj(t, obj);
  if (anc) {
    loc.cpus = list_of(anc->cpuset);
    unsigned idx = 0;
    hwloc_bitmap_foreach_begin(idx, anc->nodeset) { loc.numa_nodes.push_back(idx); }
    hwloc_bitmap_foreach_end();
  }
  return loc;
}

std::optional<BindSpec> BindSpec::parse(std::string_view text, std::string& error) {
  if (text == "local") return BindSpec{Kind::local, {}};
  if (text == "none") return BindSpec{Kind::none, {}};
  const bool ok = !text.empty() && text.find_first_not_of("0123456789,-") == std::string_view::npos &&
                  text.front() != ',' && text.front() != '-' && text.back() != ',' &&
                  text.back() != '-';
  if (!ok) {
    error = "bind=" + std::string(text) + ": expected local, none or a CPU list such as 0-3,8";
    return std::nullopt;
  }
  return BindSpec{Kind::cpulist, std::string(text)};
}

BindResult Topology::bind_current_thread(const BindSpec& spec,
                                         const DeviceLocality& locality) const {
  hwloc_topology_t t = impl_->topo;
  BindResult r;
  Bitmap cpus;
  Bitmap nodes;
  bool bind_memory = false;
  switch (spec.kind) {
    case BindSpec::Kind::none:
      r.requested = "none";
      r.reason = "binding disabled (bind=none)";
      break;
    case BindSpec::Kind::local: {
      std::string nodes_text;
      for (unsigned n : locality.numa_nodes) {
        hwloc_bitmap_set(nodes.b, n);
        nodes_text += (nodes_text.empty() ? "" : ",") + std::to_string(n);
      }
      r.requested = "local (NUMA node " + nodes_text + ": CPUs " + locality.cpus + ")";
      if (!locality.found || locality.cpus.empty()) {
        r.requested = "local";
        r.reason = "device locality unknown: " +
                   (locality.reason.empty() ? std::string("no CPU set") : locality.reason);
        break;
      }
      hwloc_bitmap_list_sscanf(cpus.b, locality.cpus.c_str());
      bind_memory = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_NUMANODE) > 1 &&
                    !hwloc_bitmap_isincluded(hwloc_get_root_obj(t)->nodeset, nodes.b);
      break;
    }
    case BindSpec::Kind::cpulist:
      r.requested = "CPUs " + spec.cpulist;
      if (hwloc_bitmap_list_sscanf(cpus.b, spec.cpulist.c_str()) != 0) {
        r.reason = "cannot parse CPU list " + spec.cpulist;
        hwloc_bitmap_zero(cpus.b);
        break;
      }
      hwloc_bitmap_and(cpus.b, cpus.b, hwloc_topology_get_allowed_cpuset(t));
      if (hwloc_bitmap_iszero(cpus.b)) r.reason = "CPU list " + spec.cpulist + " names no usable CPU";
      break;
  }
  const bool want_cpus = !hwloc_bitmap_iszero(cpus.b) && r.reason.empty();
  if (want_cpus && !is_this_system()) {
    r.reason = "topology loaded from " + impl_->source + ", not this system: not binding";
  } else if (want_cpus) {
    if (hwloc_set_cpubind(t, cpus.b, HWLOC_CPUBIND_THREAD) != 0) {
      r.reason = std::string("hwloc_set_cpubind: ") + std::strerror(errno);
    } else {
      r.applied = true;
      if (bind_memory &&
          hwloc_set_membind(t, nodes.b, HWLOC_MEMBIND_BIND,
                            HWLOC_MEMBIND_THREAD | HWLOC_MEMBIND_BYNODESET) != 0) {
        r.reason = std::string("memory not bound: hwloc_set_membind: ") + std::strerror(errno);
      } else if (!bind_memory && spec.kind == BindSpec::Kind::local) {
        r.reason = "memory policy unchanged (the device is local to every NUMA node)";
      }
    }
  }
  if (is_this_system()) {
    Bitmap got;
    if (hwloc_get_cpubind(t, got.b, HWLOC_CPUBIND_THREAD) == 0) r.cpus = list_of(got.b);
    Bitmap mem;
    hwloc_membind_policy_t policy{};
    if (hwloc_get_membind(t, mem.b, &policy, HWLOC_MEMBIND_THREAD | HWLOC_MEMBIND_BYNODESET) == 0)
      r.memory_nodes = list_of(mem.b);
  }
  return r;
}

SysfsPciLocality sysfs_pci_locality(const FsRoot& root, const PciAddress& pci) {
  SysfsPciLocality l;
  const auto dir = root.sys("bus/pci/devices") / pci.to_string();
  const auto node = read_trimmed(root, dir / "numa_node");
  if (node.error != 0) {
    l.reason = describe_error(dir / "numa_node", node.error);
  } else if (auto v = parse_int(node.text)) {
    l.numa_node = static_cast<int>(*v);
  } else {
    l.reason = (dir / "numa_node").string() + ": unexpected content";
  }
  const auto cpus = read_trimmed(root, dir / "local_cpulist");
  if (cpus.error == 0) {
    l.local_cpulist = cpus.text;
  } else if (l.reason.empty()) {
    l.reason = describe_error(dir / "local_cpulist", cpus.error);
  }
  return l;
}

}  // namespace clscope::probes
