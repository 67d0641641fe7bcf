// The layer's end of the channel: attaches to the shared-memory ring named by
// CLSCOPE_LAYER_CHANNEL ("fd:<N>:<token hex>", see ../LayerRecord.h) and
// publishes records without ever blocking.
//
// Thread-safety: attach() once (from clInitLayer) before any other call;
// publish() and the counters from any thread, including driver callback
// threads. The mapping is never unmapped: callbacks may still run while the
// process exits.
#pragma once

#include <cstdint>
#include <string>

#include "../ChannelRing.hpp"

namespace clscope::layer {

class ChannelWriter {
 public:
  // Maps the channel named by the environment. On failure returns false and
  // sets `why` (e.g. "CLSCOPE_LAYER_CHANNEL is not set"); the writer stays
  // inactive and the layer passes every call through.
  bool attach(std::string& why);
  bool active() const { return active_; }

  // Copies the record into the ring, or counts it dropped when the ring is full.
  void publish(const clscope_layer_record& record);

  // The shared counters (CLSCOPE counters in the header); only when active().
  clscope_layer_channel_header& header() { return *ring_.header(); }

 private:
  ChannelRing ring_;
  bool active_ = false;
};

}  // namespace clscope::layer
