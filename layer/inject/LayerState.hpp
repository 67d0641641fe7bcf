// The layer's state: the driver's dispatch table (the "target" every wrapper
// forwards to), the table handed to the loader, the channel and the trackers.
// A loader layer is process-global by nature: clInitLayer creates the one
// instance and it is never destroyed (driver callback threads may run after
// static destructors during exit).
// Thread-safety: target/dispatch are written once in clInitLayer, before the
// loader calls any wrapper; the members say their own rules.
#pragma once

#include <CL/cl_icd.h>

#include <atomic>
#include <cstdint>

#include "ChannelWriter.hpp"
#include "CompletionDrain.hpp"
#include "RegionTracker.hpp"
#include "Notes.hpp"
#include "QueueTable.hpp"

namespace clscope::layer {

struct LayerState {
  cl_icd_dispatch target{};    // the next layer or the driver
  cl_icd_dispatch dispatch{};  // ours: target's entries with the wrapped ones replaced
  ChannelWriter channel;
  CompletionDrain completions;  // completed commands on their way to the channel
  QueueTable queues;
  RegionTracker maps;  // host regions mapped now (flags: the map flags)
  RegionTracker svm;   // live SVM allocations (flags unused)
  Notes notes;
  std::atomic<uint64_t> next_seq{1};
};

// The instance; valid once clInitLayer ran (wrappers are only reachable after).
LayerState& state();
const cl_icd_dispatch& target();

// Each group of wrappers replaces its entries in `dispatch` (only those below
// `entries`, the number the loader's table holds).
void install_queue_wrappers(cl_icd_dispatch& dispatch, unsigned entries);
void install_enqueue_wrappers(cl_icd_dispatch& dispatch, unsigned entries);
void install_wait_wrappers(cl_icd_dispatch& dispatch, unsigned entries);
void install_image_svm_wrappers(cl_icd_dispatch& dispatch, unsigned entries);
void install_unobserved_wrappers(cl_icd_dispatch& dispatch, unsigned entries);

// Whether the table of `entries` pointers contains `member`.
template <typename Member>
bool has_entry(const cl_icd_dispatch& dispatch, const Member& member, unsigned entries) {
  const auto offset = reinterpret_cast<const char*>(&member) - reinterpret_cast<const char*>(&dispatch);
  return static_cast<size_t>(offset) / sizeof(void*) < entries;
}

#define CLSCOPE_INSTALL(table, entries, name, fn) \
  do {                                            \
    if (has_entry(table, table.name, entries)) table.name = fn; \
  } while (0)

}  // namespace clscope::layer
