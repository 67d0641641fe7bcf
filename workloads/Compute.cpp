#include "workloads/Compute.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "kernels/Kernels.hpp"
#include "workloads/Buffers.hpp"
#include "workloads/ClError.hpp"
#include "workloads/DeviceWait.hpp"

namespace clscope::workloads {

const char* precision_name(Precision p) {
  switch (p) {
    case Precision::f32: return "float";
    case Precision::f64: return "double";
    case Precision::f16: return "half";
  }
  return "?";
}

double compute_ops(std::uint64_t work_items, int iters, int vec, int chains) {
  return static_cast<double>(work_items) * iters * chains * 2.0 * vec;
}

double compute_reference(double start, double a, double b, int iters, int chains) {
  double sum = 0;
  for (int c = 0; c < chains; ++c) {
    double x = start + 0.125 * c;
    for (int i = 0; i < iters; ++i) x = std::fma(x, a, b);
    sum += x;
  }
  return sum;
}

ComputeWorkload::ComputeWorkload(CommonOptions common, ComputeOptions options)
    : Workload(std::move(common)), opt_(options) {}

void ComputeWorkload::set_size(const Device& device, std::uint64_t work_items) {
  const std::uint64_t granule = 1024;
  work_items_ = std::max<std::uint64_t>(granule, (work_items + granule - 1) / granule * granule);
  const std::uint64_t values = work_items_ * static_cast<std::uint64_t>(opt_.vec);
  input_.resize(values);
  fill_random(input_.data(), values, common_.seed, 0.0f, 1.0f);
  // The device buffer holds the input in the workload's precision.
  std::vector<unsigned char> raw(values * elem_bytes_);
  for (std::uint64_t i = 0; i < values; ++i) {
    if (opt_.precision == Precision::f64) {
      reinterpret_cast<double*>(raw.data())[i] = input_[i];
    } else if (opt_.precision == Precision::f32) {
      reinterpret_cast<float*>(raw.data())[i] = input_[i];
    } else {
      // [0,1) to half: 10-bit mantissa, round down; keep the exact value for the reference.
      const float x = input_[i];
      int e = 0;
      const float m = std::frexp(x, &e);  // x = m * 2^e, m in [0.5,1)
      std::uint16_t h = 0;
      if (x > 0 && e >= -13) {
        const auto mant = static_cast<std::uint16_t>((m * 2 - 1) * 1024);
        h = static_cast<std::uint16_t>(((e - 1 + 15) << 10) | mant);
        input_[i] = std::ldexp(1.0f + static_cast<float>(mant) / 1024.0f, e - 1);
      } else {
        input_[i] = 0;
      }
      reinterpret_cast<std::uint16_t*>(raw.data())[i] = h;
    }
  }
  in_ = cl::Buffer(device.context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, raw.size(),
                   raw.data());
  out_ = cl::Buffer(device.context(), CL_MEM_WRITE_ONLY, raw.size());
  kernel_.setArg(0, in_);
  kernel_.setArg(1, out_);
}

SetupInfo ComputeWorkload::prepare(const Device& device, cl::CommandQueue& /*queue*/, ApiMeter& /*meter*/) {
  SetupInfo info;
  if (opt_.vec == 0) {
    // The device's own preference: 16 on AVX-512 CPUs, 1 on most GPUs.
    int native = static_cast<int>(device.info().native_vector_width_float);
    opt_.vec = 1;
    for (int w : {16, 8, 4, 2})
      if (native >= w) {
        opt_.vec = w;
        break;
      }
  }
  if (opt_.chains != 4 && opt_.chains != 8 && opt_.chains != 16)
    throw UnsupportedError("compute: chains must be 4, 8 or 16, not " + std::to_string(opt_.chains));
  std::string options = "-cl-std=CL1.2 -cl-mad-enable -DCHAINS=" + std::to_string(opt_.chains);
  std::string scalar = precision_name(opt_.precision);
  switch (opt_.precision) {
    case Precision::f32: elem_bytes_ = 4; break;
    case Precision::f64:
      if (!device.info().fp64)
        throw UnsupportedError("compute: precision=double needs cl_khr_fp64, which " +
                               device.info().name + " lacks");
      options += " -DUSE_FP64";
      elem_bytes_ = 8;
      break;
    case Precision::f16:
      if (!device.info().fp16)
        throw UnsupportedError("compute: precision=half needs cl_khr_fp16, which " +
                               device.info().name + " lacks");
      options += " -DUSE_FP16";
      elem_bytes_ = 2;
      break;
  }
  const std::string vtype = opt_.vec == 1 ? scalar : scalar + std::to_string(opt_.vec);
  options += " -DSCALAR=" + scalar + " -DVTYPE=" + vtype;
  BuiltProgram built = device.build(std::string(*kernels::source("compute.cl")), options,
                                    "compute.cl");
  info.build_ms = built.build_ms;
  kernel_ = cl::Kernel(built.program, "compute_fma");
  // Scalar kernel arguments have the element type's size.
  auto set_scalar = [&](cl_uint index, double v) {
    if (opt_.precision == Precision::f64) {
      kernel_.setArg(index, v);
    } else if (opt_.precision == Precision::f32) {
      kernel_.setArg(index, static_cast<float>(v));
    } else {
      // IEEE half bits of 0.999 (0x3BFE) and 0.001 (0x1419): exact encodings.
      const cl_half h = v > 0.5 ? cl_half{0x3BFE} : cl_half{0x1419};
      kernel_.setArg(index, h);
    }
  };
  set_scalar(2, a_);
  set_scalar(3, b_);
  kernel_.setArg(4, static_cast<cl_int>(opt_.iters));

  const std::uint64_t cus = std::max<std::uint32_t>(1, device.info().compute_units);
  std::uint64_t items = opt_.work_items ? opt_.work_items : cus * 16384;
  set_size(device, items);
  vtype_ = vtype;
  describe(info);
  return info;
}

void ComputeWorkload::after_first_launch(const Device& device, cl::CommandQueue& queue,
                                         ApiMeter& meter, SetupInfo& info) {
  if (!opt_.work_items) {
    // Calibrate: size one launch to about 20 ms so launch overhead is noise.
    auto c0 = std::chrono::steady_clock::now();
    Launch probe = enqueue(queue, meter);
    wait_event(probe.event);
    const double ms = static_cast<double>(probe.event.getProfilingInfo<CL_PROFILING_COMMAND_END>() -
                                          probe.event.getProfilingInfo<CL_PROFILING_COMMAND_START>()) *
                      1e-6;
    if (ms > 0) {
      const double scale = std::clamp(20.0 / ms, 1.0 / 64, 64.0);
      set_size(device, static_cast<std::uint64_t>(static_cast<double>(work_items_) * scale));
      if (scale != 1.0) wait_event(enqueue(queue, meter).event);  // JIT for the new size
    }
    info.calibration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - c0).count();
  }
  describe(info);
}

void ComputeWorkload::describe(SetupInfo& info) const {
  info.description = vtype_ + " FMA, " + std::to_string(work_items_) + " work-items x " +
                     std::to_string(opt_.iters) + " rounds x " + std::to_string(opt_.chains) +
                     " chains";
  info.ops_per_launch = compute_ops(work_items_, opt_.iters, opt_.vec, opt_.chains);
  info.bytes_per_launch = 2.0 * static_cast<double>(work_items_) * opt_.vec * static_cast<double>(elem_bytes_);
  info.resolved = {{"precision", precision_name(opt_.precision)}, {"vec", opt_.vec},
                   {"work_items", work_items_}, {"iters", opt_.iters}};
}

Launch ComputeWorkload::enqueue(cl::CommandQueue& queue, ApiMeter& meter) {
  Launch l;
  meter.call([&] {
    return queue.enqueueNDRangeKernel(kernel_, cl::NullRange, cl::NDRange(work_items_),
                                      cl::NullRange, nullptr, &l.event);
  });
  l.ops = compute_ops(work_items_, opt_.iters, opt_.vec, opt_.chains);
  l.bytes = 2.0 * static_cast<double>(work_items_) * opt_.vec * static_cast<double>(elem_bytes_);
  return l;
}

std::string ComputeWorkload::check(cl::CommandQueue& queue) {
  const std::size_t lanes = static_cast<std::size_t>(opt_.vec);
  std::vector<unsigned char> raw(work_items_ * lanes * elem_bytes_);
  queue.enqueueReadBuffer(out_, CL_TRUE, 0, raw.size(), raw.data());
  // Reference in double; the tolerance covers float/half rounding over the chain.
  const double tol = opt_.precision == Precision::f64 ? 1e-9
                     : opt_.precision == Precision::f32 ? 1e-4
                                                        : 3e-2;
  std::uint64_t checked = 0;
  const std::uint64_t stride = std::max<std::uint64_t>(1, work_items_ / 4096);
  for (std::uint64_t gid = 0; gid < work_items_; gid += stride) {
    for (std::size_t lane = 0; lane < lanes; ++lane) {
      const std::size_t idx = gid * lanes + lane;
      const double ref =
          compute_reference(input_[idx], opt_.precision == Precision::f16 ? 0.99902344 : a_,
                            opt_.precision == Precision::f16 ? 0.0010004044 : b_, opt_.iters,
                            opt_.chains);
      double got = 0;
      if (opt_.precision == Precision::f64) {
        got = reinterpret_cast<const double*>(raw.data())[idx];
      } else if (opt_.precision == Precision::f32) {
        got = reinterpret_cast<const float*>(raw.data())[idx];
      } else {
        const std::uint16_t h = reinterpret_cast<const std::uint16_t*>(raw.data())[idx];
        const int e = (h >> 10) & 0x1f;
        const double m = (h & 0x3ff) / 1024.0;
        got = (e == 0 ? m * std::ldexp(1.0, -14) : (1 + m) * std::ldexp(1.0, e - 15)) *
              ((h & 0x8000) ? -1 : 1);
      }
      if (!(std::fabs(got - ref) <= tol * std::fabs(ref)))
        throw VerificationError("compute: work-item " + std::to_string(gid) + " lane " +
                                std::to_string(lane) + " = " + std::to_string(got) +
                                ", host reference " + std::to_string(ref));
      ++checked;
    }
  }
  return "ok: " + std::to_string(checked) + " sampled results match the host reference";
}

std::string ComputeWorkload::verify_after(cl::CommandQueue& queue, std::uint64_t launches) {
  return check(queue) + " after " + std::to_string(launches) + " launches";
}

}  // namespace clscope::workloads
