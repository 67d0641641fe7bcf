#include "probes/Report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <thread>

#include "probes/Sysfs.hpp"

namespace clscope::probes {
namespace {

nlohmann::json threads_json(const std::vector<ThreadSample>& threads) {
  auto arr = nlohmann::json::array();
  for (const auto& t : threads) {
    nlohmann::json j{{"tid", t.tid}, {"name", t.name}, {"cpu_s", t.cpu_s},
                     {"cpu_source", t.cpu_source}};
    if (t.cpu_pct) j["cpu_pct"] = *t.cpu_pct;
    if (t.voluntary_ctxt) j["voluntary_ctxt_switches"] = *t.voluntary_ctxt;
    if (t.nonvoluntary_ctxt) j["nonvoluntary_ctxt_switches"] = *t.nonvoluntary_ctxt;
    arr.push_back(std::move(j));
  }
  return arr;
}

bool is_gpu_backend(const std::string& b) {
  return b == "nvml" || b == "amdgpu" || b == "i915" || b == "xe";
}

nlohmann::json device_json(const ProbeReading& r) {
  nlohmann::json d;
  const DeviceInfo info = r.info.value_or(DeviceInfo{});
  d["pci"] = info.pci ? nlohmann::json(info.pci->to_string()) : nlohmann::json(nullptr);
  d["vendor"] = info.vendor;
  d["driver"] = info.driver;
  d["name"] = info.name;
  d["probe"] = r.name;
  auto s = sample_json(r.sample);
  d["status"] = s["status"];
  if (s.contains("reason")) d["reason"] = s["reason"];
  d["metrics"] = s["metrics"];
  d["unavailable"] = s["unavailable"];
  d["sources"] = s.value("sources", nlohmann::json::object());
  // Every standard metric appears exactly once: read, or missing with a reason.
  for (const auto& m : device_metric_names()) {
    if (!d["metrics"].contains(m) && !d["unavailable"].contains(m)) {
      d["unavailable"][m] = r.sample.status == Status::ok
                                ? "not reported by " + info.driver
                                : r.sample.reason;
    }
  }
  return d;
}

nlohmann::json missing_device_json(const DeviceIdentity& id, const std::string& why) {
  nlohmann::json d;
  d["pci"] = id.pci ? nlohmann::json(id.pci->to_string()) : nlohmann::json(nullptr);
  d["vendor"] = id.vendor;
  d["driver"] = nullptr;
  d["name"] = id.name;
  d["opencl_name"] = id.name;
  d["probe"] = nullptr;
  d["status"] = "unavailable";
  d["reason"] = why;
  d["metrics"] = nlohmann::json::object();
  d["unavailable"] = nlohmann::json::object();
  d["sources"] = nlohmann::json::object();
  for (const auto& m : device_metric_names()) d["unavailable"][m] = why;
  return d;
}

nlohmann::json topology_json(const ReportOptions& o) {
  std::string error;
  auto topo = o.topology_xml ? Topology::load_xml(*o.topology_xml, error)
                             : Topology::load_system(error);
  if (!topo) return {{"error", error}};
  const auto s = topo->summary();
  nlohmann::json j{{"source", s.source}, {"packages", s.packages}, {"cores", s.cores},
                   {"pus", s.pus}};
  j["numa_nodes"] = nlohmann::json::array();
  for (const auto& n : s.nodes) {
    nlohmann::json nj{{"os_index", n.os_index}, {"cpus", n.cpus}};
    nj["memory_bytes"] = n.memory_bytes ? nlohmann::json(*n.memory_bytes) : nlohmann::json(nullptr);
    j["numa_nodes"].push_back(std::move(nj));
  }
  j["devices"] = nlohmann::json::array();
  for (const auto& id : o.devices) {
    const auto loc = topo->locate(id);
    nlohmann::json d{{"name", id.name}, {"found", loc.found}, {"cpus", loc.cpus},
                     {"numa_nodes", loc.numa_nodes}};
    d["pci"] = id.pci ? nlohmann::json(id.pci->to_string()) : nlohmann::json(nullptr);
    if (!loc.reason.empty()) d["reason"] = loc.reason;
    d["path"] = nlohmann::json::array();
    for (const auto& h : loc.path) {
      nlohmann::json hj{{"kind", h.kind}, {"ids", h.ids}};
      hj["pci"] = h.pci ? nlohmann::json(h.pci->to_string()) : nlohmann::json(nullptr);
      hj["link_gbs"] = h.link_gbs ? nlohmann::json(*h.link_gbs) : nlohmann::json(nullptr);
      d["path"].push_back(std::move(hj));
    }
    d["link_gbs"] = loc.link_gbs ? nlohmann::json(*loc.link_gbs) : nlohmann::json(nullptr);
    d["slowest_link_gbs"] =
        loc.slowest_link_gbs ? nlohmann::json(*loc.slowest_link_gbs) : nlohmann::json(nullptr);
    d["slowest_at"] =
        loc.slowest_at ? nlohmann::json(loc.slowest_at->to_string()) : nlohmann::json(nullptr);
    if (id.pci) {
      const auto sl = sysfs_pci_locality(o.probes.root, *id.pci);
      if (sl.numa_node) d["sysfs_numa_node"] = *sl.numa_node;
      // The kernel's view of the link, slowest upstream hop included: works
      // where hwloc reports no speed (and honours --sysfs-root).
      if (const auto link = sysfs_pcie_link(o.probes.root, *id.pci); link && link->gen) {
        nlohmann::json lj{{"gen", *link->gen}, {"slowest_at", link->gen_at}};
        lj["width"] = link->width ? nlohmann::json(*link->width) : nlohmann::json(nullptr);
        lj["max_gen"] = link->max_gen ? nlohmann::json(*link->max_gen) : nlohmann::json(nullptr);
        lj["max_width"] = link->max_width ? nlohmann::json(*link->max_width) : nlohmann::json(nullptr);
        const auto gbs = pcie_link_gbs(link->gen, link->width);
        lj["link_gbs"] = gbs ? nlohmann::json(*gbs) : nlohmann::json(nullptr);
        d["sysfs_link"] = std::move(lj);
      }
    }
    j["devices"].push_back(std::move(d));
  }
  return j;
}

}  // namespace

nlohmann::json sample_json(const Sample& s) {
  nlohmann::json j;
  j["status"] = std::string(status_name(s.status));
  if (s.status != Status::ok) j["reason"] = s.reason;
  j["metrics"] = nlohmann::json::object();
  for (const auto& [k, v] : s.metrics) {
    if (std::isfinite(v)) j["metrics"][k] = v;
  }
  for (const auto& [k, v] : s.lists) j["metrics"][k] = v;
  j["unavailable"] = nlohmann::json::object();
  for (const auto& [k, m] : s.unavailable) {
    if (!j["metrics"].contains(k)) j["unavailable"][k] = m.text();
  }
  if (!s.sources.empty()) j["sources"] = s.sources;
  if (!s.threads.empty()) j["threads"] = threads_json(s.threads);
  return j;
}

Sample sample_from_json(const nlohmann::json& j) {
  Sample s;
  if (!j.is_object()) return s;
  auto text = [&](const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  for (Status st : {Status::ok, Status::unavailable, Status::permission_denied, Status::failed})
    if (text("status") == status_name(st)) s.status = st;
  s.reason = text("reason");
  if (const auto m = j.find("metrics"); m != j.end() && m->is_object()) {
    for (const auto& [k, v] : m->items()) {
      if (v.is_number()) {
        s.metrics[k] = v.get<double>();
      } else if (v.is_array()) {
        auto& list = s.lists[k];
        for (const auto& e : v)
          if (e.is_string()) list.push_back(e.get<std::string>());
      }
    }
  }
  if (const auto u = j.find("unavailable"); u != j.end() && u->is_object())
    for (const auto& [k, v] : u->items())
      if (v.is_string()) s.unavailable[k] = Missing{Status::unavailable, v.get<std::string>()};
  if (const auto src = j.find("sources"); src != j.end() && src->is_object())
    for (const auto& [k, v] : src->items())
      if (v.is_string()) s.sources[k] = v.get<std::string>();
  return s;
}

nlohmann::json probe_report_json(const ReportOptions& o) {
  auto disc = discover_probes(o.probes);
  Sampler::sample_all(disc.probes);  // first round: baselines for rates
  std::this_thread::sleep_for(o.interval);
  const SampleSet set = Sampler::sample_all(disc.probes);

  nlohmann::json report;
  report["roots"] = {{"sysfs", o.probes.root.sysfs.string()},
                     {"procfs", o.probes.root.procfs.string()}};
  nlohmann::json host = nlohmann::json::object();
  nlohmann::json devices = nlohmann::json::array();
  std::vector<bool> matched(o.devices.size(), false);
  bool any_gpu = false;
  for (const auto& r : set.readings) {
    if (!r.info) {
      std::string key = r.name.starts_with("host.") ? r.name.substr(5) : r.name;
      if (r.name == "process.threads") {
        host["threads"] = threads_json(r.sample.threads);
        continue;
      }
      host[key] = sample_json(r.sample);
      continue;
    }
    auto d = device_json(r);
    if (!r.info->is_cpu) any_gpu = true;
    for (std::size_t i = 0; i < o.devices.size(); ++i) {
      const auto& id = o.devices[i];
      const bool same = id.is_cpu ? r.info->is_cpu : (id.pci && r.info->pci == id.pci);
      if (same && !matched[i]) {
        matched[i] = true;
        d["opencl_name"] = id.name;
        break;
      }
    }
    devices.push_back(std::move(d));
  }
  std::string gpu_notes;
  for (const auto& n : disc.notes) {
    if (is_gpu_backend(n.backend))
      gpu_notes += (gpu_notes.empty() ? "" : "; ") + n.backend + ": " + n.reason;
  }
  for (std::size_t i = 0; i < o.devices.size(); ++i) {
    if (matched[i]) continue;
    const auto& id = o.devices[i];
    const std::string why =
        id.pci ? "no telemetry backend found PCI device " + id.pci->to_string() +
                     (gpu_notes.empty() ? "" : " (" + gpu_notes + ")")
               : "no PCI address known for this OpenCL device: telemetry cannot be matched";
    devices.push_back(missing_device_json(id, why));
  }
  report["host"] = std::move(host);
  report["devices"] = std::move(devices);
  if (!any_gpu) report["no_gpu_telemetry"] = gpu_notes.empty() ? "no GPU found" : gpu_notes;
  report["notes"] = nlohmann::json::array();
  for (const auto& n : disc.notes)
    report["notes"].push_back({{"backend", n.backend}, {"reason", n.reason}});
  report["topology"] = topology_json(o);
  return report;
}

nlohmann::json probe_report_json(const FsRoot& root, const std::vector<DeviceIdentity>& devices) {
  ReportOptions o;
  o.probes.root = root;
  o.devices = devices;
  return probe_report_json(o);
}

nlohmann::json probe_list_json(const ProbeOptions& options) {
  auto disc = discover_probes(options);
  auto arr = nlohmann::json::array();
  for (auto& p : disc.probes) {
    const Sample s = p->sample();
    nlohmann::json j{{"name", p->name()}, {"device", p->device()},
                     {"status", std::string(status_name(s.status))}};
    j["reason"] = s.status == Status::ok ? nlohmann::json(nullptr) : nlohmann::json(s.reason);
    arr.push_back(std::move(j));
  }
  for (const auto& n : disc.notes) {
    arr.push_back({{"name", n.backend}, {"device", nullptr}, {"status", "unavailable"},
                   {"reason", n.reason}});
  }
  return arr;
}

// ---- text rendering -------------------------------------------------------

namespace {

std::string format_value(const nlohmann::json& v) {
  if (v.is_array()) {
    if (v.empty()) return "none";
    std::string s;
    for (const auto& e : v) s += (s.empty() ? "" : ", ") + e.get<std::string>();
    return s;
  }
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number()) {
    const double d = v.get<double>();
    char buf[64];
    if (std::fabs(d) >= 1e6 || d == std::floor(d)) std::snprintf(buf, sizeof buf, "%.0f", d);
    else std::snprintf(buf, sizeof buf, "%.2f", d);
    return buf;
  }
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "-";
  return v.dump();
}

void line(std::ostringstream& out, int indent, const std::string& key, const std::string& value) {
  std::string k(static_cast<std::size_t>(indent), ' ');
  k += key;
  if (k.size() < 36) k.resize(36, ' ');
  out << k << ": " << value << "\n";
}

// Standard device metrics first, in their documented order, then the rest.
void metrics_block(std::ostringstream& out, int indent, const nlohmann::json& j) {
  const auto& metrics = j.contains("metrics") ? j["metrics"] : nlohmann::json::object();
  const auto& missing = j.contains("unavailable") ? j["unavailable"] : nlohmann::json::object();
  auto one = [&](const std::string& k) {
    if (metrics.contains(k)) line(out, indent, k, format_value(metrics[k]));
    else if (missing.contains(k)) line(out, indent, k, "unavailable (" + missing[k].get<std::string>() + ")");
  };
  const auto& standard = device_metric_names();
  for (const auto& k : standard) one(k);
  auto is_standard = [&](const std::string& k) {
    return std::find(standard.begin(), standard.end(), k) != standard.end();
  };
  for (const auto& [k, v] : metrics.items())
    if (!is_standard(k)) one(k);
  for (const auto& [k, v] : missing.items())
    if (!is_standard(k) && !metrics.contains(k)) one(k);
}

}  // namespace

std::string probe_report_text(const nlohmann::json& r) {
  std::ostringstream out;
  out << "clscope probe (sysfs " << r["roots"].value("sysfs", "?") << ", procfs "
      << r["roots"].value("procfs", "?") << ")\n\nHost\n";
  for (const auto& [name, sec] : r["host"].items()) {
    if (name == "threads") continue;
    out << "    " << name;
    if (sec.value("status", "") != "ok") out << " [" << sec.value("status", "") << ": " << sec.value("reason", "") << "]";
    out << "\n";
    metrics_block(out, 8, sec);
  }
  if (r["host"].contains("threads")) {
    out << "    threads\n";
    char buf[160];
    std::snprintf(buf, sizeof buf, "        %-8s %-16s %10s %8s %10s %10s\n", "tid", "name",
                  "cpu_s", "cpu_%", "vol_ctx", "invol_ctx");
    out << buf;
    for (const auto& t : r["host"]["threads"]) {
      auto num = [&](const char* k, const char* fmt) {
        char b[32];
        if (!t.contains(k)) return std::string("-");
        std::snprintf(b, sizeof b, fmt, t[k].get<double>());
        return std::string(b);
      };
      std::snprintf(buf, sizeof buf, "        %-8lld %-16s %10s %8s %10s %10s\n",
                    static_cast<long long>(t.value("tid", 0LL)), t.value("name", "").c_str(),
                    num("cpu_s", "%.3f").c_str(), num("cpu_pct", "%.1f").c_str(),
                    num("voluntary_ctxt_switches", "%.0f").c_str(),
                    num("nonvoluntary_ctxt_switches", "%.0f").c_str());
      out << buf;
    }
  }
  out << "\nDevices\n";
  if (r.contains("no_gpu_telemetry"))
    out << "    no GPU telemetry: " << r["no_gpu_telemetry"].get<std::string>() << "\n";
  for (const auto& d : r["devices"]) {
    const std::string vendor = d.value("vendor", "");
    const std::string name = d.value("name", "");
    out << "    " << (d["pci"].is_null() ? std::string("(no PCI)") : format_value(d["pci"])) << "  "
        << (name.starts_with(vendor) ? name : vendor + " " + name) << " (driver "
        << format_value(d["driver"]) << ", probe " << format_value(d["probe"]) << ")\n";
    if (d.contains("opencl_name")) line(out, 8, "OpenCL device", d["opencl_name"].get<std::string>());
    line(out, 8, "status", d.value("status", "") + (d.contains("reason") ? " (" + d["reason"].get<std::string>() + ")" : ""));
    metrics_block(out, 8, d);
  }
  out << "\nTopology\n";
  const auto& t = r["topology"];
  if (t.contains("error")) {
    line(out, 4, "error", t["error"].get<std::string>());
  } else {
    line(out, 4, "source", t.value("source", ""));
    line(out, 4, "packages / cores / PUs",
         format_value(t["packages"]) + " / " + format_value(t["cores"]) + " / " + format_value(t["pus"]));
    for (const auto& n : t["numa_nodes"]) {
      line(out, 4, "NUMA node " + format_value(n["os_index"]),
           "CPUs " + n.value("cpus", "") +
               (n["memory_bytes"].is_null() ? "" : ", " + format_value(n["memory_bytes"]) + " bytes"));
    }
    for (const auto& d : t["devices"]) {
      out << "    device " << format_value(d["pci"]) << " " << d.value("name", "") << "\n";
      if (d.contains("reason")) line(out, 8, "note", d["reason"].get<std::string>());
      for (const auto& h : d["path"]) {
        line(out, 8, h.value("kind", "") + " " + format_value(h["pci"]),
             h["link_gbs"].is_null() ? "link speed unknown" : format_value(h["link_gbs"]) + " GB/s");
      }
      if (d.contains("sysfs_link")) {
        const auto& l = d["sysfs_link"];
        line(out, 8, "PCIe link (sysfs, slowest hop)",
             "Gen" + format_value(l["gen"]) + " x" + format_value(l["width"]) + " = " +
                 format_value(l["link_gbs"]) + " GB/s (max Gen" + format_value(l["max_gen"]) +
                 " x" + format_value(l["max_width"]) + ") at " + format_value(l["slowest_at"]));
      }
      if (!d["slowest_link_gbs"].is_null())
        line(out, 8, "slowest link", format_value(d["slowest_link_gbs"]) + " GB/s at " + format_value(d["slowest_at"]));
      std::string nodes;
      for (const auto& n : d["numa_nodes"]) nodes += (nodes.empty() ? "" : ",") + format_value(n);
      line(out, 8, "local NUMA nodes", nodes.empty() ? "-" : nodes);
      const std::string cpus = d.value("cpus", "");
      line(out, 8, "local CPUs", cpus.empty() ? "-" : cpus);
    }
  }
  if (!r["notes"].empty()) {
    out << "\nNotes\n";
    for (const auto& n : r["notes"]) line(out, 4, n.value("backend", ""), n.value("reason", ""));
  }
  return out.str();
}

}  // namespace clscope::probes
