#include "app/run/program/AppWindow.hpp"

#include <algorithm>
#include <cstring>

#include "ChannelReader.hpp"

namespace clscope::app {

std::int64_t union_length(std::vector<std::pair<std::int64_t, std::int64_t>> v, std::int64_t lo,
                          std::int64_t hi) {
  for (auto& [b, e] : v) b = std::max(b, lo), e = std::min(e, hi);
  std::sort(v.begin(), v.end());
  std::int64_t total = 0, cur_b = 0, cur_e = 0;
  bool open = false;
  for (const auto& [b, e] : v) {
    if (e <= b) continue;
    if (open && b <= cur_e) {
      cur_e = std::max(cur_e, e);
      continue;
    }
    if (open) total += cur_e - cur_b;
    cur_b = b, cur_e = e, open = true;
  }
  if (open) total += cur_e - cur_b;
  return total;
}

namespace {

bool is_copy(std::uint16_t kind) {
  return kind == CLSCOPE_KIND_READ || kind == CLSCOPE_KIND_WRITE || kind == CLSCOPE_KIND_COPY ||
         kind == CLSCOPE_KIND_MAP || kind == CLSCOPE_KIND_UNMAP;
}

}  // namespace

void AppWindowBuilder::add(const clscope_layer_record& r) { pending_.push_back(r); }

std::int64_t AppWindowBuilder::completion_ns(const clscope_layer_record& r) {
  if (has_interval(r)) return static_cast<std::int64_t>(r.end_ns);
  return static_cast<std::int64_t>(r.host_enter_ns + r.host_call_ns);
}

bool AppWindowBuilder::has_interval(const clscope_layer_record& r) {
  return (r.flags & CLSCOPE_FLAG_DEVICE_TIMES) && !(r.flags & CLSCOPE_FLAG_CALL_FAILED) &&
         r.kind != CLSCOPE_KIND_MARKER && r.kind != CLSCOPE_KIND_BARRIER;
}

void AppWindowBuilder::account(const clscope_layer_record& r) {
  const auto tid = static_cast<pid_t>(r.tid);
  ++api_calls_;
  api_ns_[tid] += static_cast<std::int64_t>(r.host_call_ns);
  const bool host_wait = r.kind == CLSCOPE_KIND_FINISH || r.kind == CLSCOPE_KIND_WAIT_EVENTS ||
                         (r.flags & CLSCOPE_FLAG_BLOCKING);
  if (host_wait) {
    wait_ns_[tid] += static_cast<std::int64_t>(r.host_wait_ns);
    figures_.host_wait_ns += static_cast<std::int64_t>(r.host_wait_ns);
  }
  if (r.flags & CLSCOPE_FLAG_CALL_FAILED) {
    ++figures_.failed_calls;
    return;
  }
  if (!has_interval(r)) return;
  const auto start = static_cast<std::int64_t>(r.start_ns);
  const auto end = static_cast<std::int64_t>(r.end_ns);
  const std::int64_t run_ns = end > start ? end - start : 0;
  ++figures_.commands;
  if (r.submit_ns >= r.queued_ns && r.queued_ns)
    figures_.queued_to_submit.record(static_cast<std::int64_t>(r.submit_ns - r.queued_ns));
  if (r.start_ns >= r.submit_ns && r.submit_ns)
    figures_.submit_to_start.record(static_cast<std::int64_t>(r.start_ns - r.submit_ns));
  if (r.kind == CLSCOPE_KIND_KERNEL) {
    const std::string name(r.name, strnlen(r.name, sizeof r.name));
    figures_.kernels[name].record(run_ns);
    if (const auto d = declared_.find(name); d != declared_.end()) {
      config::LaunchSize size;
      for (int i = 0; i < 3; ++i) {
        size.global[i] = static_cast<double>(r.global_size[i]);
        size.local[i] = (r.flags & CLSCOPE_FLAG_LOCAL_SIZE) ? static_cast<double>(r.local_size[i]) : 0.0;
      }
      auto& work = figures_.kernel_work[name];
      if (d->second.bytes) {
        const double b = d->second.bytes->evaluate(size).value_or(0);
        work.bytes += b;
        declared_bytes_ += b;
      }
      if (d->second.flops) {
        const double f = d->second.flops->evaluate(size).value_or(0);
        work.flops += f;
        declared_ops_ += f;
      }
    }
    if (r.start_ns >= r.queued_ns && r.queued_ns)
      dispatch_.record(static_cast<std::int64_t>(r.start_ns - r.queued_ns));
  } else if (is_copy(r.kind)) {
    const char* dir = layer::direction_name(r.direction);
    auto& c = figures_.copies[*dir ? dir : "other"];
    ++c.count;
    c.bytes += static_cast<double>(r.bytes);
    c.device_ns += run_ns;
  }
}

AppWindow AppWindowBuilder::close(std::int64_t origin_ns, std::int64_t begin_ns, std::int64_t end_ns,
                                  const std::map<pid_t, ThreadCpuTimes>& cpu_delta) {
  // Every interval counts for its part inside the window; a record counts
  // (commands, kernels, host times) in the window where it completed, and
  // one completing later stays pending for the next window.
  std::vector<std::pair<std::int64_t, std::int64_t>> all, copies;
  std::vector<clscope_layer_record> later;
  for (const auto& r : pending_) {
    if (has_interval(r)) {
      all.emplace_back(static_cast<std::int64_t>(r.start_ns), static_cast<std::int64_t>(r.end_ns));
      if (is_copy(r.kind)) copies.emplace_back(all.back());
    }
    if (completion_ns(r) > end_ns)
      later.push_back(r);
    else
      account(r);
  }
  AppWindow out;
  auto& w = out.stats;
  w.workload = 0;
  w.t_begin_s = static_cast<double>(begin_ns - origin_ns) * 1e-9;
  w.t_end_s = static_cast<double>(end_ns - origin_ns) * 1e-9;
  w.span_ns = std::max<std::int64_t>(0, end_ns - begin_ns);
  w.iterations = figures_.commands;
  const std::int64_t busy = union_length(all, begin_ns, end_ns);
  w.transfer_ns = std::min(busy, union_length(copies, begin_ns, end_ns));
  w.device_busy_ns = busy - w.transfer_ns;
  for (const auto& [dir, c] : figures_.copies) w.bytes += c.bytes;
  w.api_calls = api_calls_;
  if (!dispatch_.empty()) {
    w.dispatch_us_p50 = *dispatch_.percentile(0.5) * 1e-3;
    w.dispatch_us_p99 = *dispatch_.percentile(0.99) * 1e-3;
  }
  // The submitting thread: the most time inside OpenCL calls.
  pid_t main_tid = 0;
  std::int64_t most = -1;
  for (const auto& [tid, ns] : api_ns_)
    if (ns > most) most = ns, main_tid = tid;
  if (main_tid) {
    w.api_wall_ns = std::min(w.span_ns, api_ns_[main_tid]);
    w.wait_wall_ns = std::min(w.api_wall_ns, wait_ns_[main_tid]);
    if (auto it = cpu_delta.find(main_tid); it != cpu_delta.end()) {
      // CPU inside calls that did not wait is the call's own cost, not host work.
      const std::int64_t in_calls = w.api_wall_ns - w.wait_wall_ns;
      const std::int64_t wanted = it->second.on_cpu_ns + it->second.runqueue_ns;
      w.host_work_ns = std::clamp(wanted - in_calls, std::int64_t{0}, w.span_ns - w.api_wall_ns);
      w.sleep_ns = std::max<std::int64_t>(0, w.span_ns - w.api_wall_ns - w.host_work_ns);
    }
  }
  w.declared_bytes = declared_bytes_;
  w.declared_ops = declared_ops_;
  out.figures = std::move(figures_);
  *this = AppWindowBuilder{std::move(declared_)};  // the declarations stay, the window's figures go
  pending_ = std::move(later);
  return out;
}

}  // namespace clscope::app
