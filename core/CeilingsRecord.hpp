#pragma once
// The clscope.ceilings/1 object: what the ceilings are, how each was
// measured (trials, spread of the best three, winning variant), where it
// comes from (measured now, the cache, or raised by a run that beat it) and
// whether it can be trusted. `clscope calibrate --json` prints it; the run
// summary, `report --json` and the recording manifest carry it under
// "ceilings". Pure data and JSON; the measurement is workloads/Calibration.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/Classifier.hpp"
#include "core/Event.hpp"

namespace clscope::core {

inline constexpr const char* kCeilingsSchema = "clscope.ceilings/1";

/// The six ceilings, in the order they are printed.
enum class CeilingKey { memory, compute, h2d, d2h, dispatch, round_trip };
inline constexpr std::array<CeilingKey, 6> kCeilingKeys{
    CeilingKey::memory, CeilingKey::compute,  CeilingKey::h2d,
    CeilingKey::d2h,    CeilingKey::dispatch, CeilingKey::round_trip};
const char* ceiling_key_name(CeilingKey k);  ///< "memory", ..., "round_trip"
const char* ceiling_unit(CeilingKey k);      ///< "GB/s", "GFLOP/s", "us"
/// Dispatch and round trip are latencies: lower is better.
bool lower_is_better(CeilingKey k);
/// The slot of `k` in the flat Ceilings the classifier reads.
std::optional<double>& ceiling_slot(Ceilings& c, CeilingKey k);
const std::optional<double>& ceiling_slot(const Ceilings& c, CeilingKey k);

struct CeilingEntry {
  std::optional<double> value;
  int trials = 0;                 ///< timed trials (warm-up excluded)
  std::optional<double> spread;   ///< (worst - best) / best of the best three trials
  std::string variant;            ///< the winning variant ("stream triad float16")
  std::string source = "measured";  ///< measured, cache, raised
  bool trusted = false;
  std::string reason;             ///< why not trusted, or why empty; for raised: by whom
  std::optional<double> measured_value;  ///< for source "raised": the value before
};

struct HostLoadSeen {
  std::optional<double> others_busy;  ///< CPU share taken by other processes, 0..1
  std::optional<double> steal;        ///< CPU share stolen by the hypervisor, 0..1
  double threshold_busy = 0;          ///< above this the result is untrusted
  double threshold_steal = 0;
  std::string device;                 ///< what the device telemetry told ("" = nothing)
  bool device_busy = false;           ///< another process used the device meanwhile
  std::string missing;                ///< why the host load could not be read
};

struct CalibrationMethod {
  double trial_s = 0;       ///< one timed trial
  int warmup_trials = 1;    ///< per variant, excluded
  int min_trials = 3;
  double stable_spread = 0; ///< stable when the best three agree within this
  double budget_s = 0;      ///< the whole calibration's time budget
  double spent_s = 0;       ///< wall time it took (0 when from the cache)
  int cache_max_age_days = 0;
};

struct CeilingsRecord {
  std::string device, driver, platform_version;
  std::string measured_at;  ///< ISO 8601 UTC
  double measured_unix_s = 0;
  CalibrationMethod method;
  HostLoadSeen host_load;
  std::array<CeilingEntry, 6> entries;  ///< indexed by CeilingKey

  CeilingEntry& at(CeilingKey k) { return entries[static_cast<std::size_t>(k)]; }
  const CeilingEntry& at(CeilingKey k) const { return entries[static_cast<std::size_t>(k)]; }
  /// The values as the classifier reads them.
  Ceilings values() const;
  /// True when every measured ceiling is trusted.
  bool all_trusted() const;
  /// "host 63% busy with other processes during calibration", or "".
  std::string untrusted_reason() const;
};

/// A record from the flat ceilings of a recording made before
/// clscope.ceilings/1 (source "measured", nothing known of the method).
CeilingsRecord record_from_flat(const Ceilings& c);

/// Marks as "raised" every entry whose value in `in_force` differs from the
/// record's (measured_value keeps the old one), naming the workload from the
/// matching "ceiling-raised" event.
void apply_raises(CeilingsRecord& r, const Ceilings& in_force, const std::vector<Event>& events);

void to_json(nlohmann::json& j, const CeilingsRecord& r);
/// Throws std::invalid_argument on a malformed object.
void from_json(const nlohmann::json& j, CeilingsRecord& r);
/// Reads either a clscope.ceilings/1 object or the older flat ceilings.
CeilingsRecord ceilings_record_from_any(const nlohmann::json& j);

/// "memory 35.60 GB/s, compute 120.3 GFLOP/s (unstable, spread 4.1%), ...";
/// untrusted, cached and raised entries say so, and the reason for distrust
/// ends the line once ("; not trusted: host 63% busy ...").
std::string ceilings_text(const CeilingsRecord& r);

}  // namespace clscope::core
