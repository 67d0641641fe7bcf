#include "probes/ProcessProbes.hpp"

#include <unistd.h>

#include <cerrno>

#include <unordered_map>

#include "core/Time.hpp"

namespace clscope::probes {

std::optional<ProcStat> parse_proc_stat(std::string_view line) {
  // "pid (comm) state ppid ..." — comm may hold spaces and ')' itself, so the
  // fields are counted after the LAST ')'.
  const auto open = line.find('(');
  const auto close = line.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    return std::nullopt;
  ProcStat st;
  st.comm = std::string(line.substr(open + 1, close - open - 1));
  const auto f = split_ws(line.substr(close + 1));
  // f[0] is field 3 (state); field k is f[k-3].
  if (f.size() < 22) return std::nullopt;
  st.state = f[0].empty() ? '?' : f[0][0];
  auto field = [&](std::size_t k) { return parse_int(f[k - 3]); };
  auto ut = field(14), stt = field(15), nt = field(20), rss = field(24);
  if (!ut || !stt || !nt || !rss) return std::nullopt;
  st.utime_ticks = *ut;
  st.stime_ticks = *stt;
  st.num_threads = *nt;
  st.rss_pages = *rss;
  if (f.size() > 36) {
    if (const auto cpu = parse_int(f[36]); cpu && *cpu >= 0 && *cpu < (1 << 20))
      st.processor = static_cast<int>(*cpu);
  }
  return st;
}

std::optional<std::int64_t> parse_status_field(std::string_view text, std::string_view key) {
  std::size_t pos = 0;
  while ((pos = text.find(key, pos)) != std::string_view::npos) {
    if (pos == 0 || text[pos - 1] == '\n') {
      const auto end = text.find('\n', pos);
      const auto len = end == std::string_view::npos ? std::string_view::npos : end - pos - key.size();
      return parse_int(text.substr(pos + key.size(), len));
    }
    pos += key.size();
  }
  return std::nullopt;
}

namespace {

double ticks_per_s() {
  const long t = ::sysconf(_SC_CLK_TCK);
  return t > 0 ? static_cast<double>(t) : 100.0;
}

class ProcessProbe final : public Probe {
 public:
  explicit ProcessProbe(const FsRoot& root)
      : file_(root.fs, root.proc("self/stat")), tick_s_(1.0 / ticks_per_s()),
        page_bytes_(static_cast<double>(::sysconf(_SC_PAGESIZE))) {}
  std::string name() const override { return "process"; }
  std::string device() const override { return "process"; }
  // utime/stime move in clock ticks: 10 Hz would mostly show tick noise.
  std::chrono::milliseconds period() const override { return std::chrono::milliseconds(200); }
  std::vector<std::string> measures() const override {
    return {"process_cpu_s", "process_user_s", "process_system_s", "process_cpu_pct",
            "process_threads", "process_rss_bytes"};
  }

  Sample sample() noexcept override {
    Sample s;
    s.t_ns = core::now_ns();
    try {
      if (const int err = file_.read(text_); err != 0) {
        s.miss_file("process_cpu_s", file_.path(), err);
      } else if (auto st = parse_proc_stat(text_)) {
        const double user = static_cast<double>(st->utime_ticks) * tick_s_;
        const double sys = static_cast<double>(st->stime_ticks) * tick_s_;
        s.metrics["process_user_s"] = user;
        s.metrics["process_system_s"] = sys;
        s.metrics["process_cpu_s"] = user + sys;
        s.metrics["process_threads"] = static_cast<double>(st->num_threads);
        s.metrics["process_rss_bytes"] = static_cast<double>(st->rss_pages) * page_bytes_;
        if (prev_t_ns_ > 0 && s.t_ns > prev_t_ns_) {
          s.metrics["process_cpu_pct"] =
              (user + sys - prev_cpu_s_) * 1e11 / static_cast<double>(s.t_ns - prev_t_ns_);
        } else {
          s.miss("process_cpu_pct", Status::unavailable, "needs two samples");
        }
        prev_cpu_s_ = user + sys;
        prev_t_ns_ = s.t_ns;
      } else {
        s.miss("process_cpu_s", Status::failed, file_.path().string() + ": unexpected content");
      }
    } catch (const std::exception& e) {
      s.miss("process_cpu_s", Status::failed, e.what());
    }
    s.settle("");
    return s;
  }

 private:
  CachedFile file_;
  std::string text_;
  double tick_s_;
  double page_bytes_;
  double prev_cpu_s_ = 0;
  std::int64_t prev_t_ns_ = 0;
};

class ThreadsProbe final : public Probe {
 public:
  explicit ThreadsProbe(const FsRoot& root)
      : fs_(root.fs), task_dir_(root.proc("self/task")), tick_s_(1.0 / ticks_per_s()) {}
  std::string name() const override { return "process.threads"; }
  std::string device() const override { return "process"; }
  // Three procfs files per thread (status is the costly one): the largest
  // share of the sampler's budget, and a thread table changes slowly.
  std::chrono::milliseconds period() const override { return std::chrono::milliseconds(500); }
  std::vector<std::string> measures() const override { return {"thread_count", "threads"}; }

  Sample sample() noexcept override {
    return guarded_sample([this](Sample& s) { read(s); }, "thread_count");
  }

 private:
  static constexpr std::size_t kMaxThreadsKeptOpen = 32;

  static constexpr unsigned kFullEvery = 10;

  struct Task {
    Task(CachedFile stat_file, CachedFile status_file, CachedFile schedstat_file)
        : stat(std::move(stat_file)), status(std::move(status_file)),
          schedstat(std::move(schedstat_file)) {}
    CachedFile stat, status, schedstat;
    bool schedstat_ok = true;
    std::optional<ThreadSample> last;
    std::int64_t last_sched_ns = -1;
    unsigned since_full = 0;
    double prev_cpu_s = -1;
    std::int64_t prev_t_ns = 0;
    std::uint64_t seen = 0;
  };

  void read(Sample& s) {
    const auto tids = fs_->list(task_dir_);
    if (tids.empty()) {
      if (fs_->exists(task_dir_)) {
        s.miss("thread_count", Status::failed, task_dir_.string() + ": cannot list threads");
      } else {
        s.miss_file("thread_count", task_dir_, ENOENT);
      }
      return;
    }
    ++round_;
    for (const auto& tid_text : tids) {
      const auto tid = parse_int(tid_text);
      if (!tid) continue;
      auto it = tasks_.find(*tid);
      if (it == tasks_.end()) {
        const auto dir = task_dir_ / tid_text;
        // Three descriptors per thread: keep them open for the first threads
        // only, so hundreds of runtime threads cannot exhaust the fd limit.
        const bool keep = tasks_.size() < kMaxThreadsKeptOpen;
        it = tasks_
                 .try_emplace(*tid, CachedFile(fs_, dir / "stat", keep),
                              CachedFile(fs_, dir / "status", keep),
                              CachedFile(fs_, dir / "schedstat", keep))
                 .first;
      }
      Task& t = it->second;
      t.seen = round_;
      // schedstat's first field is on-CPU time in ns: far finer than ticks,
      // and cheap to read. When it has not moved, the thread has not run, so
      // its stat and status (CPU time, context switches) cannot have changed
      // either: reuse the last row instead of formatting two more files. A
      // full re-read every kFullEvery samples picks up renames of idle threads.
      std::optional<std::int64_t> sched_ns;
      if (t.schedstat_ok && t.schedstat.read(text_) == 0) {
        const auto f = split_ws(text_);
        if (!f.empty()) sched_ns = parse_int(f[0]);
      }
      if (!sched_ns) t.schedstat_ok = false;
      ThreadSample ts;
      if (sched_ns && t.last && t.last_sched_ns == *sched_ns && t.since_full < kFullEvery) {
        ts = *t.last;
        ++t.since_full;
      } else {
        if (t.stat.read(text_) != 0) continue;  // the thread ended meanwhile
        const auto st = parse_proc_stat(text_);
        if (!st) continue;
        ts.tid = *tid;
        ts.name = st->comm;
        ts.cpu_s = static_cast<double>(st->utime_ticks + st->stime_ticks) * tick_s_;
        ts.cpu_source = "stat";
        if (sched_ns) {
          ts.cpu_s = static_cast<double>(*sched_ns) * 1e-9;
          ts.cpu_source = "schedstat";
        }
        if (t.status.read(text_) == 0) {
          ts.voluntary_ctxt = parse_status_field(text_, "voluntary_ctxt_switches:");
          ts.nonvoluntary_ctxt = parse_status_field(text_, "nonvoluntary_ctxt_switches:");
        }
        t.since_full = 0;
      }
      ts.cpu_pct.reset();
      if (t.prev_cpu_s >= 0 && s.t_ns > t.prev_t_ns)
        ts.cpu_pct = (ts.cpu_s - t.prev_cpu_s) * 1e11 / static_cast<double>(s.t_ns - t.prev_t_ns);
      t.prev_cpu_s = ts.cpu_s;
      t.prev_t_ns = s.t_ns;
      t.last = ts;
      t.last_sched_ns = sched_ns.value_or(-1);
      s.threads.push_back(std::move(ts));
    }
    std::erase_if(tasks_, [&](const auto& kv) { return kv.second.seen != round_; });
    s.metrics["thread_count"] = static_cast<double>(s.threads.size());
  }

  std::shared_ptr<const FileSystem> fs_;
  std::filesystem::path task_dir_;
  double tick_s_;
  std::unordered_map<std::int64_t, Task> tasks_;
  std::uint64_t round_ = 0;
  std::string text_;
};

}  // namespace

ProbePtr make_process_probe(const FsRoot& root) { return std::make_unique<ProcessProbe>(root); }
ProbePtr make_threads_probe(const FsRoot& root) { return std::make_unique<ThreadsProbe>(root); }

}  // namespace clscope::probes
