#include "core/CeilingsRecord.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace clscope::core {

const char* ceiling_key_name(CeilingKey k) {
  switch (k) {
    case CeilingKey::memory: return "memory";
    case CeilingKey::compute: return "compute";
    case CeilingKey::h2d: return "h2d";
    case CeilingKey::d2h: return "d2h";
    case CeilingKey::dispatch: return "dispatch";
    case CeilingKey::round_trip: return "round_trip";
  }
  return "?";
}

const char* ceiling_unit(CeilingKey k) {
  switch (k) {
    case CeilingKey::compute: return "GFLOP/s";
    case CeilingKey::dispatch:
    case CeilingKey::round_trip: return "us";
    default: return "GB/s";
  }
}

bool lower_is_better(CeilingKey k) { return k == CeilingKey::dispatch || k == CeilingKey::round_trip; }

const std::optional<double>& ceiling_slot(const Ceilings& c, CeilingKey k) {
  switch (k) {
    case CeilingKey::memory: return c.mem_gbs;
    case CeilingKey::compute: return c.compute_gflops;
    case CeilingKey::h2d: return c.h2d_gbs;
    case CeilingKey::d2h: return c.d2h_gbs;
    case CeilingKey::dispatch: return c.dispatch_us;
    case CeilingKey::round_trip: return c.round_trip_us;
  }
  return c.mem_gbs;
}

std::optional<double>& ceiling_slot(Ceilings& c, CeilingKey k) {
  return const_cast<std::optional<double>&>(ceiling_slot(static_cast<const Ceilings&>(c), k));
}

namespace {

/// The flat name a "ceiling-raised" event uses for `k`.
const char* flat_name(CeilingKey k) {
  switch (k) {
    case CeilingKey::memory: return "mem_gbs";
    case CeilingKey::compute: return "compute_gflops";
    case CeilingKey::h2d: return "h2d_gbs";
    case CeilingKey::d2h: return "d2h_gbs";
    case CeilingKey::dispatch: return "dispatch_us";
    case CeilingKey::round_trip: return "round_trip_us";
  }
  return "";
}

nlohmann::json opt(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::optional<double> get_number(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) throw std::invalid_argument(std::string("ceilings: '") + key + "' is not a number");
  const double v = it->get<double>();
  if (!std::isfinite(v)) throw std::invalid_argument(std::string("ceilings: '") + key + "' is not finite");
  return v;
}

std::string get_text(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string()) throw std::invalid_argument(std::string("ceilings: '") + key + "' is not text");
  return it->get<std::string>();
}

}  // namespace

Ceilings CeilingsRecord::values() const {
  Ceilings c;
  for (auto k : kCeilingKeys) ceiling_slot(c, k) = at(k).value;
  return c;
}

bool CeilingsRecord::all_trusted() const {
  for (const auto& e : entries)
    if (e.value && !e.trusted) return false;
  return true;
}

std::string CeilingsRecord::untrusted_reason() const {
  for (const auto& e : entries)
    if (e.value && !e.trusted && !e.reason.empty()) return e.reason;
  return {};
}

CeilingsRecord record_from_flat(const Ceilings& c) {
  CeilingsRecord r;
  for (auto k : kCeilingKeys) {
    auto& e = r.at(k);
    e.value = ceiling_slot(c, k);
    e.trusted = e.value.has_value();
    if (!e.value) e.reason = "not measured";
  }
  return r;
}

void apply_raises(CeilingsRecord& r, const Ceilings& in_force, const std::vector<Event>& events) {
  for (auto k : kCeilingKeys) {
    auto& e = r.at(k);
    const auto& now = ceiling_slot(in_force, k);
    if (!now || (e.value && *e.value == *now)) continue;
    std::string by;
    double at_s = 0;
    for (const auto& ev : events)
      if (ev.type == "ceiling-raised" && ev.evidence.is_object() &&
          ev.evidence.value("ceiling", "") == flat_name(k)) {
        by = ev.workload;
        at_s = ev.t_s;
      }
    if (e.source != "raised") e.measured_value = e.value;
    e.value = now;
    e.source = "raised";
    e.trusted = true;  // a steady window of a workload reached it: a measurement
    e.reason = by.empty() ? "raised by a steady window of this run"
                          : fmt::format("raised by workload '{}' at {:.1f} s", by, at_s);
  }
}

void to_json(nlohmann::json& j, const CeilingsRecord& r) {
  nlohmann::json ceilings = nlohmann::json::object();
  for (auto k : kCeilingKeys) {
    const auto& e = r.at(k);
    nlohmann::json o{{"value", opt(e.value)},   {"unit", ceiling_unit(k)},
                     {"trials", e.trials},      {"spread", opt(e.spread)},
                     {"variant", e.variant},    {"source", e.source},
                     {"trusted", e.trusted},    {"reason", e.reason}};
    if (e.measured_value) o["measured_value"] = *e.measured_value;
    ceilings[ceiling_key_name(k)] = o;
  }
  j = {{"schema", kCeilingsSchema},
       {"device", r.device},
       {"driver", r.driver},
       {"platform_version", r.platform_version},
       {"measured_at", r.measured_at},
       {"measured_unix_s", r.measured_unix_s},
       {"method",
        {{"trial_s", r.method.trial_s},
         {"warmup_trials", r.method.warmup_trials},
         {"min_trials", r.method.min_trials},
         {"stable_spread", r.method.stable_spread},
         {"budget_s", r.method.budget_s},
         {"spent_s", r.method.spent_s},
         {"cache_max_age_days", r.method.cache_max_age_days}}},
       {"host_load",
        {{"others_busy", opt(r.host_load.others_busy)},
         {"steal", opt(r.host_load.steal)},
         {"threshold_busy", r.host_load.threshold_busy},
         {"threshold_steal", r.host_load.threshold_steal},
         {"device", r.host_load.device},
         {"device_busy", r.host_load.device_busy},
         {"missing", r.host_load.missing}}},
       {"ceilings", ceilings}};
}

void from_json(const nlohmann::json& j, CeilingsRecord& r) {
  if (!j.is_object()) throw std::invalid_argument("ceilings: expected an object");
  if (get_text(j, "schema") != kCeilingsSchema)
    throw std::invalid_argument(std::string("ceilings: schema is not ") + kCeilingsSchema);
  r = CeilingsRecord{};
  r.device = get_text(j, "device");
  r.driver = get_text(j, "driver");
  r.platform_version = get_text(j, "platform_version");
  r.measured_at = get_text(j, "measured_at");
  r.measured_unix_s = get_number(j, "measured_unix_s").value_or(0);
  if (auto m = j.find("method"); m != j.end() && m->is_object()) {
    r.method.trial_s = get_number(*m, "trial_s").value_or(0);
    r.method.warmup_trials = static_cast<int>(get_number(*m, "warmup_trials").value_or(0));
    r.method.min_trials = static_cast<int>(get_number(*m, "min_trials").value_or(0));
    r.method.stable_spread = get_number(*m, "stable_spread").value_or(0);
    r.method.budget_s = get_number(*m, "budget_s").value_or(0);
    r.method.spent_s = get_number(*m, "spent_s").value_or(0);
    r.method.cache_max_age_days = static_cast<int>(get_number(*m, "cache_max_age_days").value_or(0));
  }
  if (auto h = j.find("host_load"); h != j.end() && h->is_object()) {
    r.host_load.others_busy = get_number(*h, "others_busy");
    r.host_load.steal = get_number(*h, "steal");
    r.host_load.threshold_busy = get_number(*h, "threshold_busy").value_or(0);
    r.host_load.threshold_steal = get_number(*h, "threshold_steal").value_or(0);
    r.host_load.device = get_text(*h, "device");
    if (auto d = h->find("device_busy"); d != h->end() && d->is_boolean()) r.host_load.device_busy = d->get<bool>();
    r.host_load.missing = get_text(*h, "missing");
  }
  auto c = j.find("ceilings");
  if (c == j.end() || !c->is_object()) throw std::invalid_argument("ceilings: no 'ceilings' object");
  for (auto k : kCeilingKeys) {
    auto it = c->find(ceiling_key_name(k));
    if (it == c->end() || !it->is_object()) continue;
    auto& e = r.at(k);
    e.value = get_number(*it, "value");
    const double trials = get_number(*it, "trials").value_or(0);
    e.trials = trials >= 0 && trials < 1e9 ? static_cast<int>(trials) : 0;
    e.spread = get_number(*it, "spread");
    e.variant = get_text(*it, "variant");
    e.source = get_text(*it, "source");
    if (e.source.empty()) e.source = "measured";
    if (auto t = it->find("trusted"); t != it->end() && t->is_boolean()) e.trusted = t->get<bool>();
    e.reason = get_text(*it, "reason");
    e.measured_value = get_number(*it, "measured_value");
  }
}

CeilingsRecord ceilings_record_from_any(const nlohmann::json& j) {
  if (j.is_object() && j.contains("schema")) return j.get<CeilingsRecord>();
  return record_from_flat(j.get<Ceilings>());
}

std::string ceilings_text(const CeilingsRecord& r) {
  std::string out;
  for (auto k : kCeilingKeys) {
    const auto& e = r.at(k);
    if (!out.empty()) out += ", ";
    out += ceiling_key_name(k);
    if (!e.value) {
      out += " not measured";
      if (!e.reason.empty() && e.reason != "not measured") out += " (" + e.reason + ")";
      continue;
    }
    out += fmt::format(" {:.{}f} {}", *e.value, *e.value < 100 ? 2 : 1, ceiling_unit(k));
    std::vector<std::string> notes;
    if (e.source == "raised") notes.push_back(e.reason);
    else if (!e.trusted) notes.push_back("UNTRUSTED");
    else if (e.spread && e.trials > 0 && *e.spread > r.method.stable_spread && r.method.stable_spread > 0)
      notes.push_back(fmt::format("unstable, spread {:.1f}%", *e.spread * 100));
    if (e.source == "cache") notes.push_back("cached");
    if (!notes.empty()) {
      out += " (";
      for (std::size_t i = 0; i < notes.size(); ++i) out += (i ? "; " : "") + notes[i];
      out += ")";
    }
  }
  if (const std::string why = r.untrusted_reason(); !why.empty()) out += "; not trusted: " + why;
  return out;
}

}  // namespace clscope::core
