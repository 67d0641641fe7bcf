#include "workloads/Stream.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <vector>

#include <tbb/parallel_for.h>

#include "kernels/Kernels.hpp"
#include "workloads/Buffers.hpp"
#include "workloads/ClError.hpp"
#include "workloads/DeviceWait.hpp"

namespace clscope::workloads {

const char* stream_op_name(StreamOp op) {
  switch (op) {
    case StreamOp::copy: return "copy";
    case StreamOp::scale: return "scale";
    case StreamOp::add: return "add";
    case StreamOp::triad: return "triad";
  }
  return "?";
}

double stream_bytes(StreamOp op, std::uint64_t n) {
  const double arrays = (op == StreamOp::copy || op == StreamOp::scale) ? 2.0 : 3.0;
  return arrays * static_cast<double>(n) * sizeof(float);
}

double stream_ops(StreamOp op, std::uint64_t n) {
  switch (op) {
    case StreamOp::copy: return 0;
    case StreamOp::scale:
    case StreamOp::add: return static_cast<double>(n);
    case StreamOp::triad: return 2.0 * static_cast<double>(n);
  }
  return 0;
}

StreamWorkload::StreamWorkload(CommonOptions common, StreamOptions options)
    : Workload(std::move(common)), opt_(options) {}

SetupInfo StreamWorkload::prepare(const Device& device, cl::CommandQueue& queue, ApiMeter& /*meter*/) {
  SetupInfo info;
  const auto vec = static_cast<std::uint64_t>(opt_.vec);
  const std::uint64_t granule = vec * sizeof(float) * 1024;
  std::uint64_t bytes = opt_.array_bytes ? opt_.array_bytes : default_array_bytes(device.info(), 3, granule);
  if (device.info().max_alloc_bytes && bytes > device.info().max_alloc_bytes)
    throw UnsupportedError("stream: size " + format_bytes(static_cast<double>(bytes)) +
                           " exceeds the device's max allocation of " +
                           format_bytes(static_cast<double>(device.info().max_alloc_bytes)));
  bytes -= bytes % (vec * sizeof(float));
  if (bytes == 0) throw UnsupportedError("stream: size must hold at least one vector");
  require_global_memory(device.info(), "stream", 3 * bytes,
                        "3 arrays of " + format_bytes(static_cast<double>(bytes)));
  n_ = bytes / sizeof(float);

  BuiltProgram built;
  build_kernel(device, &built);
  info.build_ms = built.build_ms;

  const cl::Context& ctx = device.context();
  da_ = cl::Buffer(ctx, CL_MEM_READ_WRITE, bytes);
  db_ = cl::Buffer(ctx, CL_MEM_READ_WRITE, bytes);
  dc_ = cl::Buffer(ctx, CL_MEM_READ_WRITE, bytes);
  // Filled slice by slice: no host copy of the arrays is kept (on a CPU device
  // that would double the footprint); check() regenerates them from the seed.
  std::vector<float> slice(std::min<std::uint64_t>(n_, kSliceFloats));
  const cl::Buffer* arrays[3] = {&da_, &db_, &dc_};
  for (int a = 0; a < 3; ++a)
    for (std::uint64_t first = 0; first < n_; first += slice.size()) {
      const std::uint64_t len = std::min<std::uint64_t>(slice.size(), n_ - first);
      fill_random_at(slice.data(), first, len, array_seed(a));
      queue.enqueueWriteBuffer(*arrays[a], CL_TRUE, first * sizeof(float), len * sizeof(float),
                               slice.data());
    }

  bind_arguments();

  const std::string vtype = opt_.vec == 1 ? "float" : "float" + std::to_string(opt_.vec);
  info.description = std::string(stream_op_name(opt_.op)) + " " + vtype + ", " +
                     ((opt_.op == StreamOp::copy || opt_.op == StreamOp::scale) ? "2" : "3") +
                     " arrays of " + format_bytes(static_cast<double>(bytes));
  info.bytes_per_launch = stream_bytes(opt_.op, n_);
  info.ops_per_launch = stream_ops(opt_.op, n_);
  info.resolved = {{"op", stream_op_name(opt_.op)}, {"vec", opt_.vec}, {"size", bytes},
                   {"elements", n_}};
  return info;
}

void StreamWorkload::build_kernel(const Device& device, BuiltProgram* built_out) {
  const std::string vtype = opt_.vec == 1 ? "float" : "float" + std::to_string(opt_.vec);
  BuiltProgram built = device.build(std::string(*kernels::source("stream.cl")),
                                    "-cl-std=CL1.2 -DVTYPE=" + vtype, "stream.cl");
  const std::string name = std::string("stream_") + stream_op_name(opt_.op);
  kernel_ = cl::Kernel(built.program, name.c_str());
  if (built_out) *built_out = std::move(built);
}

void StreamWorkload::bind_arguments() {
  switch (opt_.op) {
    case StreamOp::copy: kernel_.setArg(0, da_); kernel_.setArg(1, dc_); break;
    case StreamOp::scale: kernel_.setArg(0, db_); kernel_.setArg(1, dc_); kernel_.setArg(2, kScalar); break;
    case StreamOp::add: kernel_.setArg(0, da_); kernel_.setArg(1, db_); kernel_.setArg(2, dc_); break;
    case StreamOp::triad:
      kernel_.setArg(0, da_); kernel_.setArg(1, db_); kernel_.setArg(2, dc_); kernel_.setArg(3, kScalar);
      break;
  }
  global_ = cl::NDRange(n_ / static_cast<std::uint64_t>(opt_.vec));
}

void StreamWorkload::retarget(const Device& device, StreamOp op, int vec) {
  if (n_ == 0) throw std::logic_error("stream: retarget before setup");
  if (vec <= 0 || n_ % static_cast<std::uint64_t>(vec) != 0)
    throw UnsupportedError("stream: " + std::to_string(n_) + " floats do not divide into float" +
                           std::to_string(vec));
  opt_.op = op;
  opt_.vec = vec;
  build_kernel(device, nullptr);
  bind_arguments();
}

Launch StreamWorkload::enqueue(cl::CommandQueue& queue, ApiMeter& meter) {
  Launch l;
  meter.call([&] { return queue.enqueueNDRangeKernel(kernel_, cl::NullRange, global_, cl::NullRange, nullptr, &l.event); });
  l.bytes = stream_bytes(opt_.op, n_);
  l.ops = stream_ops(opt_.op, n_);
  return l;
}

std::string StreamWorkload::check(cl::CommandQueue& queue) {
  // Every op is idempotent on the initial contents, so one reference holds
  // after any number of launches. Read back and compared slice by slice.
  const cl::Buffer& dst = opt_.op == StreamOp::copy   ? dc_
                          : opt_.op == StreamOp::scale ? db_
                          : opt_.op == StreamOp::add   ? dc_
                                                       : da_;
  const std::size_t slice_len = std::min<std::uint64_t>(n_, kSliceFloats);
  std::vector<float> out(slice_len), a(slice_len), b(slice_len), c(slice_len);
  std::uint64_t bad = 0;
  std::uint64_t first_bad = n_;
  float first_bad_value = 0;
  for (std::uint64_t first = 0; first < n_; first += slice_len) {
    const std::uint64_t len = std::min<std::uint64_t>(slice_len, n_ - first);
    queue.enqueueReadBuffer(dst, CL_TRUE, first * sizeof(float), len * sizeof(float), out.data());
    fill_random_at(a.data(), first, len, array_seed(0));
    fill_random_at(b.data(), first, len, array_seed(1));
    fill_random_at(c.data(), first, len, array_seed(2));
    std::atomic<std::uint64_t> slice_bad{0};
    std::atomic<std::uint64_t> slice_first{len};
    tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, len), [&](const auto& r) {
      for (std::uint64_t i = r.begin(); i != r.end(); ++i) {
        float ref = 0;
        switch (opt_.op) {
          case StreamOp::copy: ref = a[i]; break;
          case StreamOp::scale: ref = kScalar * c[i]; break;
          case StreamOp::add: ref = a[i] + b[i]; break;
          case StreamOp::triad: ref = b[i] + kScalar * c[i]; break;
        }
        if (std::fabs(out[i] - ref) > 1e-5f * std::fabs(ref)) {
          ++slice_bad;
          std::uint64_t cur = slice_first.load();
          while (i < cur && !slice_first.compare_exchange_weak(cur, i)) {
          }
        }
      }
    });
    if (slice_bad > 0 && bad == 0) {
      first_bad = first + slice_first;
      first_bad_value = out[slice_first];
    }
    bad += slice_bad;
  }
  if (bad > 0)
    throw VerificationError("stream " + std::string(stream_op_name(opt_.op)) + ": " +
                            std::to_string(bad) + " of " + std::to_string(n_) +
                            " elements differ from the host reference (first at " +
                            std::to_string(first_bad) + ": device " +
                            std::to_string(first_bad_value) + ")");
  return "ok: " + std::to_string(n_) + " elements match the host reference";
}

std::string StreamWorkload::verify_after(cl::CommandQueue& queue, std::uint64_t launches) {
  return check(queue) + " after " + std::to_string(launches) + " launches";
}

}  // namespace clscope::workloads
