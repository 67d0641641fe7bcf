#pragma once
// Accounts the submitting thread's time inside OpenCL calls: wall time, thread
// CPU time (CLOCK_THREAD_CPUTIME_ID) and call count. One meter per workload
// thread; not thread-safe.
#include <cstdint>
#include <utility>

#include "core/Time.hpp"

namespace clscope::workloads {

struct ApiTotals {
  std::int64_t wall_ns = 0;
  std::int64_t cpu_ns = 0;
  std::uint32_t calls = 0;
  ApiTotals operator-(const ApiTotals& o) const {
    return {wall_ns - o.wall_ns, cpu_ns - o.cpu_ns, calls - o.calls};
  }
};

class ApiMeter {
 public:
  /// Runs `f` (one OpenCL call) and accounts for it.
  template <typename F>
  decltype(auto) call(F&& f) {
    struct Scope {
      ApiMeter& m;
      std::int64_t w0 = core::now_ns(), c0 = core::thread_cpu_ns();
      ~Scope() {
        m.totals_.wall_ns += core::now_ns() - w0;
        m.totals_.cpu_ns += core::thread_cpu_ns() - c0;
        ++m.totals_.calls;
      }
    } scope{*this};
    return std::forward<F>(f)();
  }
  const ApiTotals& totals() const { return totals_; }

 private:
  ApiTotals totals_;
};

}  // namespace clscope::workloads
