// clscope.ceilings/1: the trials rule (best kept, spread of the best three,
// stable within 3%), the JSON object both ways, older flat ceilings, raises.
#include <gtest/gtest.h>

#include "core/CalibrationTrials.hpp"
#include "core/CeilingsRecord.hpp"

namespace c = clscope::core;

TEST(TrialSet, BestKeptAndSpreadOfTheBestThree) {
  c::TrialSet t;
  t.add(90, "a");
  t.add(100, "b");
  EXPECT_FALSE(t.spread_of_best_three()) << "fewer than three trials";
  EXPECT_FALSE(t.stable(0.03));
  t.add(50, "a");
  t.add(98, "b");
  EXPECT_EQ(*t.best(), 100);
  EXPECT_EQ(t.best_variant(), "b");
  EXPECT_FALSE(t.spread_of_best_three()) << "the winner has two trials: variant a's do not count";
  EXPECT_FALSE(t.stable(0.03));
  t.add(99, "b");
  EXPECT_DOUBLE_EQ(*t.spread_of_best_three(), 0.02);  // b: 100, 99, 98
  EXPECT_TRUE(t.stable(0.03));
  EXPECT_EQ(t.count(), 5u);
  EXPECT_EQ(t.count("b"), 3u);
  EXPECT_EQ(t.count("a"), 2u);
}

TEST(TrialSet, LatenciesLowerIsBetterAndJunkIgnored) {
  c::TrialSet t(true);
  for (double v : {12.0, 10.0, 10.2, 30.0, 10.1}) t.add(v, "launch");
  t.add(0, "launch");
  t.add(-1, "launch");
  EXPECT_EQ(t.count(), 5u);
  EXPECT_EQ(*t.best(), 10.0);
  EXPECT_NEAR(*t.spread_of_best_three(), 0.02, 1e-12);
}

namespace {

c::CeilingsRecord sample_record() {
  c::CeilingsRecord r;
  r.device = "gpu";
  r.driver = "1.2";
  r.platform_version = "OpenCL 3.0";
  r.measured_at = "2026-12-07T00:00:00Z";
  r.measured_unix_s = 1.8e9;
  r.method.trial_s = 0.25;
  r.method.stable_spread = 0.03;
  r.method.budget_s = 15;
  r.host_load.others_busy = 0.63;
  r.host_load.steal = 0.01;
  r.host_load.threshold_busy = 0.25;
  auto& m = r.at(c::CeilingKey::memory);
  m.value = 22.1;
  m.trials = 7;
  m.spread = 0.012;
  m.variant = "stream triad float16";
  m.trusted = false;
  m.reason = "host 63% busy with other processes during calibration";
  r.at(c::CeilingKey::h2d).reason = "transfer: CL_OUT_OF_RESOURCES";
  return r;
}

}  // namespace

TEST(CeilingsRecord, JsonHasTheContractKeysAndReadsBack) {
  const auto r = sample_record();
  const nlohmann::json j = r;
  EXPECT_EQ(j["schema"], "clscope.ceilings/1");
  for (const char* k : {"device", "driver", "platform_version", "measured_at", "method", "host_load", "ceilings"})
    EXPECT_TRUE(j.contains(k)) << k;
  for (const char* k : {"memory", "compute", "h2d", "d2h", "dispatch", "round_trip"}) {
    ASSERT_TRUE(j["ceilings"].contains(k)) << k;
    for (const char* f : {"value", "unit", "trials", "spread", "variant", "source", "trusted", "reason"})
      EXPECT_TRUE(j["ceilings"][k].contains(f)) << k << "." << f;
  }
  EXPECT_EQ(j["ceilings"]["memory"]["unit"], "GB/s");
  EXPECT_EQ(j["ceilings"]["compute"]["unit"], "GFLOP/s");
  EXPECT_EQ(j["ceilings"]["dispatch"]["unit"], "us");
  EXPECT_EQ(j["ceilings"]["memory"]["trusted"], false);
  EXPECT_TRUE(j["ceilings"]["h2d"]["value"].is_null());

  const auto back = j.get<c::CeilingsRecord>();
  EXPECT_EQ(nlohmann::json(back), j);
  EXPECT_FALSE(back.all_trusted());
  EXPECT_EQ(back.untrusted_reason(), "host 63% busy with other processes during calibration");
  EXPECT_EQ(*back.values().mem_gbs, 22.1);
  EXPECT_FALSE(back.values().h2d_gbs);
}

TEST(CeilingsRecord, MalformedObjectsAreRefusedWithTheKey) {
  nlohmann::json j = sample_record();
  j["ceilings"]["memory"]["value"] = "fast";
  EXPECT_THROW(j.get<c::CeilingsRecord>(), std::invalid_argument);
  j = sample_record();
  j["schema"] = "clscope.ceilings/9";
  EXPECT_THROW(j.get<c::CeilingsRecord>(), std::invalid_argument);
  j = sample_record();
  j.erase("ceilings");
  EXPECT_THROW(j.get<c::CeilingsRecord>(), std::invalid_argument);
}

TEST(CeilingsRecord, OlderFlatCeilingsBecomeMeasuredTrustedEntries) {
  const nlohmann::json flat{{"mem_gbs", 20.0}, {"compute_gflops", 100.0}, {"h2d_gbs", nullptr}};
  const auto r = c::ceilings_record_from_any(flat);
  EXPECT_EQ(*r.at(c::CeilingKey::memory).value, 20.0);
  EXPECT_EQ(r.at(c::CeilingKey::memory).source, "measured");
  EXPECT_TRUE(r.at(c::CeilingKey::memory).trusted);
  EXPECT_FALSE(r.at(c::CeilingKey::h2d).value);
  EXPECT_EQ(r.at(c::CeilingKey::h2d).reason, "not measured");
}

TEST(CeilingsRecord, RaisedEntriesNameTheWorkloadAndKeepTheMeasuredValue) {
  auto r = sample_record();
  r.at(c::CeilingKey::memory).trusted = true;
  r.at(c::CeilingKey::memory).reason.clear();
  c::Ceilings in_force = r.values();
  in_force.mem_gbs = 23.4;
  c::Event e;
  e.t_s = 12.5;
  e.type = "ceiling-raised";
  e.workload = "stream";
  e.evidence = {{"ceiling", "mem_gbs"}, {"from", 22.1}, {"to", 23.4}};
  c::apply_raises(r, in_force, {e});
  const auto& m = r.at(c::CeilingKey::memory);
  EXPECT_EQ(*m.value, 23.4);
  EXPECT_EQ(*m.measured_value, 22.1);
  EXPECT_EQ(m.source, "raised");
  EXPECT_EQ(m.reason, "raised by workload 'stream' at 12.5 s");
  EXPECT_NE(c::ceilings_text(r).find("memory 23.40 GB/s (raised by workload 'stream'"), std::string::npos)
      << c::ceilings_text(r);
  // Nothing raised: nothing changes.
  auto same = sample_record();
  c::apply_raises(same, same.values(), {});
  EXPECT_EQ(nlohmann::json(same), nlohmann::json(sample_record()));
}

TEST(CeilingsRecord, TextSaysUntrustedAndWhy) {
  const std::string text = c::ceilings_text(sample_record());
  EXPECT_NE(text.find("memory 22.10 GB/s (UNTRUSTED)"), std::string::npos) << text;
  EXPECT_NE(text.find("; not trusted: host 63% busy with other processes during calibration"),
            std::string::npos) << text;
  EXPECT_NE(text.find("h2d not measured (transfer: CL_OUT_OF_RESOURCES)"), std::string::npos) << text;
}
