#include "workloads/Custom.hpp"

#include <chrono>
#include <cmath>
#include <cstring>
#include <optional>

#include "workloads/Buffers.hpp"
#include "workloads/ClError.hpp"
#include "workloads/DeviceWait.hpp"

namespace clscope::workloads {
namespace {

/// "const float*" -> "float*", "unsigned int" -> "uint": the spelling of the
/// args syntax. Drivers differ in qualifiers and spacing.
std::string normalise_type(std::string t) {
  for (const char* q : {"const ", "volatile ", "restrict ", "__global ", "global ", "__constant ",
                        "constant ", "__local ", "local "}) {
    for (std::size_t at; (at = t.find(q)) != std::string::npos;) t.erase(at, std::strlen(q));
  }
  for (const auto& [from, to] : {std::pair<const char*, const char*>{"unsigned char", "uchar"},
                                 {"unsigned short", "ushort"},
                                 {"unsigned int", "uint"},
                                 {"unsigned long", "ulong"}}) {
    for (std::size_t at; (at = t.find(from)) != std::string::npos;) t.replace(at, std::strlen(from), to);
  }
  std::string out;
  for (char c : t)
    if (c != ' ') out.push_back(c);
  return out;
}

struct ParamInfo {
  std::optional<std::string> name;
  std::optional<std::string> type;  // normalised
  std::optional<cl_kernel_arg_address_qualifier> address;
};

std::optional<std::string> arg_string(cl_kernel k, cl_uint i, cl_kernel_arg_info what) {
  std::size_t size = 0;
  if (clGetKernelArgInfo(k, i, what, 0, nullptr, &size) != CL_SUCCESS || size == 0)
    return std::nullopt;
  std::string s(size, '\0');
  if (clGetKernelArgInfo(k, i, what, size, s.data(), nullptr) != CL_SUCCESS) return std::nullopt;
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

ParamInfo param_info(cl_kernel k, cl_uint i) {
  ParamInfo p;
  p.name = arg_string(k, i, CL_KERNEL_ARG_NAME);
  if (auto t = arg_string(k, i, CL_KERNEL_ARG_TYPE_NAME)) p.type = normalise_type(*t);
  cl_kernel_arg_address_qualifier aq = 0;
  if (clGetKernelArgInfo(k, i, CL_KERNEL_ARG_ADDRESS_QUALIFIER, sizeof aq, &aq, nullptr) ==
      CL_SUCCESS)
    p.address = aq;
  return p;
}

std::string what_was_given(const CustomArg& a) {
  switch (a.kind) {
    case CustomArg::Kind::buffer: return "a buffer ('" + a.buffer + "')";
    case CustomArg::Kind::scalar: return a.text;
    case CustomArg::Kind::local: return "local memory ('" + a.text + "')";
  }
  return a.text;
}

}  // namespace

CustomWorkload::CustomWorkload(CommonOptions common, CustomOptions options)
    : Workload(std::move(common)), opt_(std::move(options)) {
  items_ = 1;
  for (std::size_t g : opt_.global) items_ *= static_cast<double>(g);
}

core::Metric CustomWorkload::metric() const {
  if (opt_.metric) return *opt_.metric;
  if (opt_.ops_per_item > 0) return core::Metric::flops_per_s;
  if (opt_.bytes_per_item > 0) return core::Metric::bytes_per_s;
  return core::Metric::launches_per_s;
}

std::string CustomWorkload::label() const { return "kernel '" + opt_.kernel + "'"; }

void CustomWorkload::set_args(const Device&) {
  const cl_kernel k = kernel_();
  cl_uint count = 0;
  if (const cl_int err = clGetKernelInfo(k, CL_KERNEL_NUM_ARGS, sizeof count, &count, nullptr);
      err != CL_SUCCESS)
    throw ClError("clGetKernelInfo(CL_KERNEL_NUM_ARGS)", err);
  std::vector<ParamInfo> params;
  for (cl_uint i = 0; i < count; ++i) params.push_back(param_info(k, i));
  auto param_list = [&] {
    std::string out;
    for (cl_uint i = 0; i < count; ++i) {
      if (!out.empty()) out += ", ";
      const ParamInfo& p = params[i];
      out += p.type ? *p.type + " " : "";
      out += p.name ? *p.name : "#" + std::to_string(i);
    }
    return out;
  };
  if (count != opt_.args.size()) {
    std::string given;
    for (const CustomArg& a : opt_.args) given += (given.empty() ? "" : ", ") + a.text;
    throw UnsupportedError(label() + " takes " +
                           std::to_string(count) + " argument" + (count == 1 ? "" : "s") + " (" +
                           param_list() + ") but args lists " + std::to_string(opt_.args.size()) +
                           (given.empty() ? "" : " (" + given + ")"));
  }
  for (cl_uint i = 0; i < count; ++i) {
    const CustomArg& a = opt_.args[i];
    const ParamInfo& p = params[i];
    const std::string where = label() + " argument " + std::to_string(i) +
                              (p.name ? " ('" + *p.name + "')" : std::string()) + ": ";
    if (p.address) {
      const bool wants_buffer =
          *p.address == CL_KERNEL_ARG_ADDRESS_GLOBAL || *p.address == CL_KERNEL_ARG_ADDRESS_CONSTANT;
      const bool wants_local = *p.address == CL_KERNEL_ARG_ADDRESS_LOCAL;
      const std::string type = p.type.value_or("?");
      if (wants_buffer && a.kind != CustomArg::Kind::buffer)
        throw UnsupportedError(where + "expects a " +
                               (*p.address == CL_KERNEL_ARG_ADDRESS_CONSTANT ? "__constant "
                                                                             : "__global ") +
                               type + " buffer, got " + what_was_given(a));
      if (wants_local && a.kind != CustomArg::Kind::local)
        throw UnsupportedError(where + "expects __local memory (write local:SIZE), got " +
                               what_was_given(a));
      if (!wants_buffer && !wants_local) {
        if (a.kind != CustomArg::Kind::scalar)
          throw UnsupportedError(where + "expects " + type + ", got " + what_was_given(a));
        if (p.type && *p.type != a.type)
          throw UnsupportedError(where + "expects " + *p.type + ", got " + a.text +
                                 (*p.type == "float" || *p.type == "int" || *p.type == "uint"
                                      ? " (write " + *p.type + ":VALUE)"
                                      : ""));
      }
    }
    cl_int err = CL_SUCCESS;
    switch (a.kind) {
      case CustomArg::Kind::buffer: {
        std::size_t idx = opt_.buffers.size();
        for (std::size_t b = 0; b < opt_.buffers.size(); ++b)
          if (opt_.buffers[b].name == a.buffer) idx = b;
        if (idx == opt_.buffers.size())
          throw UnsupportedError(where + "no buffer named '" + a.buffer + "'");
        const cl_mem mem = buffers_[idx]();
        err = clSetKernelArg(k, i, sizeof(cl_mem), &mem);
        break;
      }
      case CustomArg::Kind::scalar:
        err = clSetKernelArg(k, i, a.value.size(), a.value.data());
        break;
      case CustomArg::Kind::local:
        err = clSetKernelArg(k, i, static_cast<std::size_t>(a.local_bytes), nullptr);
        break;
    }
    if (err != CL_SUCCESS)
      throw UnsupportedError(where + format_cl_error("clSetKernelArg", err) + " for " +
                             what_was_given(a) +
                             (p.type ? " (the kernel expects " + *p.type + ")" : std::string()));
  }
}

SetupInfo CustomWorkload::prepare(const Device& device, cl::CommandQueue& queue, ApiMeter& /*meter*/) {
  SetupInfo info;
  if (opt_.global.empty()) throw UnsupportedError("custom: 'global' is required");
  if (!opt_.local.empty()) {
    if (opt_.local.size() != opt_.global.size())
      throw UnsupportedError("'local' has " + std::to_string(opt_.local.size()) +
                             " dimensions but 'global' has " + std::to_string(opt_.global.size()));
    std::size_t group = 1;
    for (std::size_t d = 0; d < opt_.local.size(); ++d) {
      if (opt_.global[d] % opt_.local[d] != 0)
        throw UnsupportedError("local size " + std::to_string(opt_.local[d]) +
                               " does not divide global size " + std::to_string(opt_.global[d]) +
                               " in dimension " + std::to_string(d));
      group *= opt_.local[d];
    }
    if (device.info().max_work_group_size && group > device.info().max_work_group_size)
      throw UnsupportedError("work-groups of " + std::to_string(group) +
                             " work-items exceed the device's maximum of " +
                             std::to_string(device.info().max_work_group_size));
  }
  std::string options = "-cl-kernel-arg-info";
  if (!opt_.build_options.empty()) options += " " + opt_.build_options;
  if (const auto slash = opt_.origin.rfind('/'); slash != std::string::npos) {
    const std::string dir = opt_.origin.substr(0, slash);
    if (dir.find(' ') == std::string::npos) options += " -I" + dir;
  } else {
    options += " -I.";
  }
  BuiltProgram built;
  try {
    built = device.build(opt_.source, options, opt_.origin);
  } catch (const ClError& e) {
    throw UnsupportedError(e.what());  // the log names the user's file and lines
  }
  info.build_ms = built.build_ms;
  try {
    kernel_ = cl::Kernel(built.program, opt_.kernel.c_str());
  } catch (const cl::Error& e) {
    std::string names;
    try {
      names = built.program.getInfo<CL_PROGRAM_KERNEL_NAMES>();
    } catch (const cl::Error&) {
    }
    for (char& c : names)
      if (c == ';') c = ',';
    throw UnsupportedError(format_cl_error("clCreateKernel", e.err()) + ": no kernel '" +
                           opt_.kernel + "' in " + opt_.origin +
                           (names.empty() ? "" : " (it defines: " + names + ")"));
  }

  std::uint64_t total = 0;
  for (const CustomBuffer& spec : opt_.buffers) total += spec.bytes;
  require_global_memory(device.info(), "custom '" + common_.name + "'", total,
                        std::to_string(opt_.buffers.size()) + " buffers");
  const cl::Context& ctx = device.context();
  for (std::size_t b = 0; b < opt_.buffers.size(); ++b) {
    const CustomBuffer& spec = opt_.buffers[b];
    if (device.info().max_alloc_bytes && spec.bytes > device.info().max_alloc_bytes)
      throw UnsupportedError("buffer '" + spec.name + "' of " +
                             format_bytes(static_cast<double>(spec.bytes)) +
                             " exceeds the device's max allocation of " +
                             format_bytes(static_cast<double>(device.info().max_alloc_bytes)));
    std::vector<unsigned char> data(spec.bytes, 0);
    const std::size_t words = spec.bytes / 4;
    const std::uint64_t seed = common_.seed * 131 + b;
    switch (spec.init) {
      case BufferInit::zero: break;
      case BufferInit::random:
        fill_random(reinterpret_cast<float*>(data.data()), words, seed, 0.0f, 1.0f);
        break;
      case BufferInit::random_int:
        fill_random_bytes(data.data(), words * 4, seed);
        for (std::size_t w = 0; w < words; ++w) data[w * 4 + 3] &= 0x7f;  // little-endian sign bit
        break;
      case BufferInit::sequence:
        for (std::size_t w = 0; w < words; ++w) {
          const auto v = static_cast<float>(w);
          std::memcpy(&data[w * 4], &v, 4);
        }
        break;
      case BufferInit::sequence_int:
        for (std::size_t w = 0; w < words; ++w) {
          const auto v = static_cast<std::int32_t>(w);
          std::memcpy(&data[w * 4], &v, 4);
        }
        break;
      case BufferInit::file:
        std::memcpy(data.data(), spec.contents.data(), spec.bytes);
        break;
    }
    const cl_mem_flags flags = spec.access == BufferAccess::read    ? CL_MEM_READ_ONLY
                               : spec.access == BufferAccess::write ? CL_MEM_WRITE_ONLY
                                                                    : CL_MEM_READ_WRITE;
    buffers_.emplace_back(ctx, flags, std::max<std::size_t>(spec.bytes, 1));
    if (spec.bytes > 0) queue.enqueueWriteBuffer(buffers_.back(), CL_TRUE, 0, spec.bytes, data.data());
    initial_.push_back(spec.access == BufferAccess::read ? std::vector<unsigned char>{}
                                                         : std::move(data));
  }
  set_args(device);

  auto range = [](const std::vector<std::size_t>& d) {
    if (d.size() == 1) return cl::NDRange(d[0]);
    if (d.size() == 2) return cl::NDRange(d[0], d[1]);
    return cl::NDRange(d[0], d[1], d[2]);
  };
  global_ = range(opt_.global);
  local_ = opt_.local.empty() ? cl::NullRange : range(opt_.local);

  std::string dims;
  for (std::size_t g : opt_.global) dims += (dims.empty() ? "" : "x") + std::to_string(g);
  info.description = opt_.kernel + " from " + opt_.origin + ", global " + dims +
                     (opt_.local.empty() ? "" : ", local " + [&] {
                       std::string l;
                       for (std::size_t v : opt_.local) l += (l.empty() ? "" : "x") + std::to_string(v);
                       return l;
                     }());
  info.bytes_per_launch = opt_.bytes_per_item * items_;
  info.ops_per_launch = opt_.ops_per_item * items_;
  info.resolved = {{"file", opt_.origin},
                   {"kernel", opt_.kernel},
                   {"global", opt_.global},
                   {"local", opt_.local},
                   {"work_items", items_},
                   {"bytes_per_item", opt_.bytes_per_item},
                   {"ops_per_item", opt_.ops_per_item},
                   {"metric", core::metric_name(metric())}};
  return info;
}

Launch CustomWorkload::enqueue(cl::CommandQueue& queue, ApiMeter& meter) {
  Launch l;
  meter.call([&] {
    return queue.enqueueNDRangeKernel(kernel_, cl::NullRange, global_, local_, nullptr, &l.event);
  });
  l.bytes = opt_.bytes_per_item * items_;
  l.ops = opt_.ops_per_item * items_;
  return l;
}

std::string CustomWorkload::describe_outputs(cl::CommandQueue& queue) {
  std::string out;
  for (std::size_t b = 0; b < opt_.buffers.size(); ++b) {
    const CustomBuffer& spec = opt_.buffers[b];
    if (spec.access == BufferAccess::read || spec.bytes == 0) continue;
    std::vector<unsigned char> now(spec.bytes);
    queue.enqueueReadBuffer(buffers_[b], CL_TRUE, 0, spec.bytes, now.data());
    const std::size_t words = spec.bytes / 4;
    std::size_t changed = 0, non_finite = 0;
    for (std::size_t w = 0; w < words; ++w) {
      if (std::memcmp(&now[w * 4], &initial_[b][w * 4], 4) != 0) ++changed;
      float f = 0;
      std::memcpy(&f, &now[w * 4], 4);
      if (!std::isfinite(f)) ++non_finite;
    }
    if (!out.empty()) out += "; ";
    out += spec.name + ": " + std::to_string(changed) + " of " + std::to_string(words) +
           " words changed, " + std::to_string(non_finite) + " NaN/Inf as float";
  }
  return out.empty() ? "no buffer the kernel may write" : out;
}

std::string CustomWorkload::verify_after(cl::CommandQueue& queue, std::uint64_t launches) {
  return "unchecked (no host reference); after " + std::to_string(launches) +
         " launches: " + describe_outputs(queue);
}

}  // namespace clscope::workloads
