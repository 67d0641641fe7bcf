// The `custom` workload kind: the user's kernel file, its buffers and arguments.
#include <fstream>

#include "app/run/kinds/Kinds.hpp"
#include "app/run/kinds/KindSupport.hpp"
#include "config/CustomSpec.hpp"
#include "workloads/Custom.hpp"

namespace clscope::app::kinds {

std::unique_ptr<workloads::Workload> make_custom(const config::WorkloadConfig& wc) {
  using namespace workloads;
  for (const char* key : {"file", "kernel", "global"})
    if (wc.get_string(key).empty())
      throw config::ConfigError(where(wc) + ": key '" + key + "' is required");
  CustomOptions o;
  o.origin = wc.resolve_path("file");
  o.source = read_text(wc, "file", o.origin);
  o.kernel = wc.get_string("kernel");
  o.build_options = wc.get_string("build_options");
  o.bytes_per_item = wc.get_number("bytes_per_item");
  o.ops_per_item = wc.get_number("ops_per_item");
  if (const std::string& m = wc.get_string("metric"); m != "auto")
    o.metric = m == "flops" ? core::Metric::flops_per_s
               : m == "bytes" ? core::Metric::bytes_per_s : core::Metric::launches_per_s;
  try {
    for (auto v : config::parse_dims(wc.get_string("global"), false)) o.global.push_back(v);
    for (auto v : config::parse_dims(wc.get_string("local"), true)) o.local.push_back(v);
    for (const config::BufferSpec& b : config::parse_buffers(wc.get_string("buffers"))) {
      CustomBuffer cb;
      cb.name = b.name;
      cb.bytes = static_cast<std::uint64_t>(b.bytes);
      cb.access = b.access == "read" ? BufferAccess::read
                  : b.access == "write" ? BufferAccess::write : BufferAccess::read_write;
      cb.init = b.init == "zero" ? BufferInit::zero
                : b.init == "random" ? BufferInit::random
                : b.init == "random_int" ? BufferInit::random_int
                : b.init == "sequence" ? BufferInit::sequence
                : b.init == "sequence_int" ? BufferInit::sequence_int : BufferInit::file;
      if (cb.init == BufferInit::file) {
        const std::string path = wc.base_dir.empty() || b.file.front() == '/'
                                     ? b.file : wc.base_dir + "/" + b.file;
        std::ifstream in(path, std::ios::binary);
        if (!in)
          throw config::ConfigError("buffer '" + b.name + "': cannot open '" + path + "': " +
                                    std::strerror(errno));
        cb.contents.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (cb.bytes == 0) cb.bytes = cb.contents.size();
        if (cb.contents.size() < cb.bytes)
          throw config::ConfigError("buffer '" + b.name + "': '" + path + "' holds " +
                                    std::to_string(cb.contents.size()) + " bytes, fewer than its size " +
                                    std::to_string(cb.bytes));
        if (cb.bytes == 0)
          throw config::ConfigError("buffer '" + b.name + "': '" + path + "' is empty");
      }
      o.buffers.push_back(std::move(cb));
    }
    const auto args = config::parse_args(wc.get_string("args"));
    for (std::size_t i = 0; i < args.size(); ++i) {
      const config::ArgSpec& a = args[i];
      CustomArg ca;
      ca.text = a.text;
      switch (a.kind) {
        case config::ArgSpec::Kind::buffer: {
          ca.kind = CustomArg::Kind::buffer;
          ca.buffer = a.name;
          bool known = false;
          std::string names;
          for (const auto& b : o.buffers) {
            known = known || b.name == a.name;
            names += (names.empty() ? "" : ", ") + b.name;
          }
          if (!known)
            throw config::ConfigError("argument " + std::to_string(i) + " '" + a.text +
                                      "': no buffer named '" + a.name + "' (buffers: " +
                                      (names.empty() ? "none" : names) + ")");
          break;
        }
        case config::ArgSpec::Kind::local:
          ca.kind = CustomArg::Kind::local;
          ca.local_bytes = static_cast<std::uint64_t>(a.local_bytes);
          break;
        case config::ArgSpec::Kind::scalar: {
          ca.kind = CustomArg::Kind::scalar;
          ca.type = a.type;
          const std::size_t n = config::scalar_type_bytes(a.type);
          ca.value.resize(n);
          auto put = [&](auto v) { std::memcpy(ca.value.data(), &v, sizeof v); };
          if (a.type == "float") put(static_cast<float>(std::get<double>(a.value)));
          else if (a.type == "double") put(std::get<double>(a.value));
          else if (const auto* si = std::get_if<std::int64_t>(&a.value)) {
            if (n == 1) put(static_cast<std::int8_t>(*si));
            else if (n == 2) put(static_cast<std::int16_t>(*si));
            else if (n == 4) put(static_cast<std::int32_t>(*si));
            else put(*si);
          } else {
            const std::uint64_t u = std::get<std::uint64_t>(a.value);
            if (n == 1) put(static_cast<std::uint8_t>(u));
            else if (n == 2) put(static_cast<std::uint16_t>(u));
            else if (n == 4) put(static_cast<std::uint32_t>(u));
            else put(u);
          }
          break;
        }
      }
      o.args.push_back(std::move(ca));
    }
  } catch (const config::ConfigError& e) {
    throw config::ConfigError(where(wc) + ": " + e.what());
  }
  workloads::CommonOptions c = common(wc);
  c.max_launches = static_cast<std::uint64_t>(wc.get_int("iterations"));
  return std::make_unique<CustomWorkload>(c, std::move(o));
}

}  // namespace clscope::app::kinds
