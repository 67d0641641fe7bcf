#!/usr/bin/env bash
# Bytes per second the dashboard writes to the terminal at 120x40 with the
# default refresh, beside htop measured the same way in the same tmux, and the
# CPU time of clscope's UI thread (the main thread).
# Usage: bench/dashboard_bytes.sh [BUILD_DIR] [SECONDS]   (default build, 60)
set -euo pipefail
build=${1:-build}
secs=${2:-60}
bin=$(realpath "$build/app/clscope")
sock="clscope-bench-$$"
t() { tmux -L "$sock" "$@"; }
trap 't kill-server 2>/dev/null || true' EXIT
tmp=$(mktemp -d)

measure() {  # name command -> prints bytes/s; leaves pid in $tmp/pid
  local name=$1 cmd=$2
  t new-session -d -s "$name" -x 120 -y 40 "$cmd"
  sleep 5  # start-up (first frames, calibration from cache) is not counted
  : >"$tmp/$name.out"
  t pipe-pane -t "$name" -o "cat >> $tmp/$name.out"
  sleep "$secs"
  t pipe-pane -t "$name"
  local bytes
  bytes=$(stat -c %s "$tmp/$name.out")
  echo $((bytes / secs))
}

clk=$(getconf CLK_TCK)
ours=$(measure clscope "$bin")
pid=$(pgrep -n -f "^$bin\$")
# The main thread's tid is the pid: utime+stime (fields 14, 15) in ticks.
ui_ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/task/$pid/stat")
up=$(awk '{ print $22 }' "/proc/$pid/stat")
now=$(awk '{ print $1 }' /proc/uptime)
t send-keys -t clscope q
if command -v htop >/dev/null; then
  theirs=$(measure htop "htop")
else
  theirs=""
fi
python3 - "$ours" "${theirs:-}" "$ui_ticks" "$clk" "$up" "$now" "$secs" <<'PY'
import sys
ours, theirs, ticks, clk, start, now, secs = sys.argv[1:]
ours = int(ours)
life = float(now) - int(start) / int(clk)
ui_cpu = int(ticks) / int(clk)
print(f"dashboard at 120x40, 1 s refresh: {ours} bytes/s over {secs} s")
if theirs:
    print(f"htop in the same tmux:            {int(theirs)} bytes/s")
    print(f"ratio clscope/htop:               {ours / max(1, int(theirs)):.2f}")
else:
    print("htop not installed: no comparison")
print(f"UI thread CPU: {ui_cpu:.2f} s over {life:.0f} s = {100 * ui_cpu / life:.2f}% of one core")
PY
