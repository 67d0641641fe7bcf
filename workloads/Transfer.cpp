#include "workloads/Transfer.hpp"

#include <chrono>
#include <cstring>

#include "workloads/ClError.hpp"
#include "workloads/DeviceWait.hpp"

namespace clscope::workloads {

const char* transfer_dir_name(TransferDir d) {
  switch (d) {
    case TransferDir::h2d: return "h2d";
    case TransferDir::d2h: return "d2h";
    case TransferDir::both: return "both";
  }
  return "?";
}

const char* transfer_mode_name(TransferMode m) {
  switch (m) {
    case TransferMode::pageable: return "pageable";
    case TransferMode::pinned: return "pinned";
    case TransferMode::mapped: return "mapped";
  }
  return "?";
}

TransferWorkload::TransferWorkload(CommonOptions common, TransferOptions options)
    : Workload(std::move(common)), opt_(options) {}

TransferWorkload::~TransferWorkload() {
  if (map_queue_() && host_ && pinned_buf_()) {
    // Best effort: unmap the pinned staging buffer before it is released.
    clEnqueueUnmapMemObject(map_queue_(), pinned_buf_(), host_, 0, nullptr, nullptr);
    clFinish(map_queue_());
  }
}

SetupInfo TransferWorkload::prepare(const Device& device, cl::CommandQueue& queue, ApiMeter& /*meter*/) {
  SetupInfo info;
  if (opt_.size == 0) throw UnsupportedError("transfer: size must be at least 1 byte");
  if (device.info().max_alloc_bytes && opt_.size > device.info().max_alloc_bytes)
    throw UnsupportedError("transfer: size " + format_bytes(static_cast<double>(opt_.size)) +
                           " exceeds the device's max allocation of " +
                           format_bytes(static_cast<double>(device.info().max_alloc_bytes)));
  require_global_memory(device.info(), "transfer", opt_.size,
                        "one buffer of " + format_bytes(static_cast<double>(opt_.size)));
  const cl::Context& ctx = device.context();
  const std::size_t size = opt_.size;
  expected_ = aligned_bytes(size);
  fill_random_bytes(expected_.get(), size, common_.seed);

  if (opt_.mode == TransferMode::mapped) {
    device_buf_ = cl::Buffer(ctx, CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, size);
    zero_copy_ = device.info().host_unified_memory || device.info().is_cpu();
  } else {
    device_buf_ = cl::Buffer(ctx, CL_MEM_READ_WRITE, size);
    if (opt_.mode == TransferMode::pinned) {
      pinned_buf_ = cl::Buffer(ctx, CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, size);
      host_ = queue.enqueueMapBuffer(pinned_buf_, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, size);
      map_queue_ = queue;
    } else {
      pageable_ = aligned_bytes(size);
      host_ = pageable_.get();
    }
  }
  // Device buffer starts with the pattern (so d2h reads real data), the host
  // side with its complement (so h2d must overwrite it).
  queue.enqueueWriteBuffer(device_buf_, CL_TRUE, 0, size, expected_.get());
  if (host_) {
    auto* h = static_cast<unsigned char*>(host_);
    for (std::size_t i = 0; i < size; ++i) h[i] = static_cast<unsigned char>(~expected_[i]);
    if (opt_.dir != TransferDir::d2h) std::memcpy(h, expected_.get(), size);
  }

  info.zero_copy = zero_copy_;
  info.description = std::string(transfer_dir_name(opt_.dir)) + " " +
                     transfer_mode_name(opt_.mode) + ", " +
                     format_bytes(static_cast<double>(size)) + " per copy" +
                     (zero_copy_ ? " (zero-copy: the device shares host memory, nothing moves)"
                                 : "");
  info.bytes_per_launch = zero_copy_ ? 0 : static_cast<double>(size);
  info.resolved = {{"dir", transfer_dir_name(opt_.dir)},
                   {"mode", transfer_mode_name(opt_.mode)},
                   {"size", size},
                   {"zero_copy", zero_copy_}};
  return info;
}

Launch TransferWorkload::enqueue(cl::CommandQueue& queue, ApiMeter& meter) {
  Launch l;
  l.transfer = true;
  const std::size_t size = opt_.size;
  const bool h2d = opt_.dir == TransferDir::h2d || (opt_.dir == TransferDir::both && count_ % 2 == 0);
  ++count_;
  if (opt_.mode == TransferMode::mapped) {
    // Map then unmap; the unmap's event completes the "transfer". Writing the
    // mapped region through the host pointer is the host's work, not timed.
    const cl_map_flags flags = h2d ? CL_MAP_WRITE_INVALIDATE_REGION : CL_MAP_READ;
    void* p = meter.call([&] { return queue.enqueueMapBuffer(device_buf_, CL_FALSE, flags, 0, size); });
    meter.call([&] { return queue.enqueueUnmapMemObject(device_buf_, p, nullptr, &l.event); });
    l.bytes = zero_copy_ ? 0 : static_cast<double>(size);
    return l;
  }
  if (h2d)
    meter.call([&] { return queue.enqueueWriteBuffer(device_buf_, CL_FALSE, 0, size, host_, nullptr, &l.event); });
  else
    meter.call([&] { return queue.enqueueReadBuffer(device_buf_, CL_FALSE, 0, size, host_, nullptr, &l.event); });
  l.bytes = static_cast<double>(size);
  return l;
}

std::string TransferWorkload::check(cl::CommandQueue& queue) {
  const std::size_t size = opt_.size;
  if (opt_.mode == TransferMode::mapped) {
    // The mapped view must show the device buffer's contents.
    void* p = queue.enqueueMapBuffer(device_buf_, CL_TRUE, CL_MAP_READ, 0, size);
    const bool same = std::memcmp(p, expected_.get(), size) == 0;
    queue.enqueueUnmapMemObject(device_buf_, p);
    finish_queue(queue);
    if (!same && opt_.dir == TransferDir::d2h)
      throw VerificationError("transfer: the mapped view differs from the buffer's contents");
    return "ok: mapped view checked";
  }
  // Both directions leave host and device holding the pattern.
  auto back = aligned_bytes(size);
  queue.enqueueReadBuffer(device_buf_, CL_TRUE, 0, size, back.get());
  if (std::memcmp(back.get(), expected_.get(), size) != 0)
    throw VerificationError("transfer: device buffer differs from the data sent");
  if (opt_.dir != TransferDir::h2d && std::memcmp(host_, expected_.get(), size) != 0)
    throw VerificationError("transfer: host buffer differs from the device's data after d2h");
  return "ok: " + format_bytes(static_cast<double>(size)) + " match byte for byte";
}

std::string TransferWorkload::verify_after(cl::CommandQueue& queue, std::uint64_t launches) {
  return check(queue) + " after " + std::to_string(launches) + " copies";
}

}  // namespace clscope::workloads
