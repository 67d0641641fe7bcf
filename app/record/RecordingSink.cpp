#include "app/record/RecordingSink.hpp"

#include "app/record/Records.hpp"

namespace clscope::app {

void RecordingSink::on_start(const nlohmann::json& manifest) {
  recorder_ = std::make_unique<core::Recorder>(path_, manifest);
}

void RecordingSink::on_update(const RunUpdate& u) {
  if (!recorder_) return;
  for (const auto& s : u.setups) recorder_->write(record::setup_record(s));
  for (const auto& w : u.windows)
    recorder_->write(record::window_record(w, u.workload_names.at(static_cast<std::size_t>(w.workload))));
  if (u.probes && !u.windows.empty())
    recorder_->write(record::probe_record(u.windows.front().t_end_s, *u.probes, u.device_reading));
  for (const auto& b : u.bindings) recorder_->write(record::binding_record(b));
  if (u.watch) recorder_->write(record::watch_record(*u.watch));
  for (const auto& e : u.events) recorder_->write(record::event_record(e));
  for (const auto& r : u.records) recorder_->write(r);
  recorder_->flush();
}

void RecordingSink::on_event(const core::Event& e) {
  if (!recorder_) return;
  recorder_->write(record::event_record(e));
  recorder_->flush();
}

void RecordingSink::on_end() {
  if (recorder_) recorder_->flush();
}

std::string recording_outcome(const RecordingSink& sink) {
  if (sink.opened()) return "clscope: recorded " + sink.path();
  return "clscope: nothing recorded to " + sink.path() + ": the run stopped before its workloads started";
}

}  // namespace clscope::app
