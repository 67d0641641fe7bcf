#!/usr/bin/env bash
# Workload throughput with and without the dashboard, side by side: the same
# stream triad recorded headless and with the dashboard open in tmux
# (120x40, default refresh), alternated twice; steady medians from
# `clscope report`. Also prints the probe sampler's own cost.
# Usage: bench/monitor_overhead.sh [BUILD_DIR] [SECONDS]   (default build, 20)
set -euo pipefail
build=${1:-build}
secs=${2:-20}
bin=$(realpath "$build/app/clscope")
sock="clscope-bench-$$"
t() { tmux -L "$sock" "$@"; }
trap 't kill-server 2>/dev/null || true' EXIT
tmp=$(mktemp -d)
median() { "$bin" report --json "$1" | python3 -c "import json,sys; w=json.load(sys.stdin)['workloads'][0]; print(w['steady_median'] or w['peak'])"; }

results=()
for round in 1 2; do
  "$bin" run --headless --duration "$secs" --workload stream --record "$tmp/h$round.jsonl" >/dev/null 2>&1
  t new-session -d -s "d$round" -x 120 -y 40 "$bin --duration $secs --workload stream --record $tmp/d$round.jsonl"
  while t has-session -t "d$round" 2>/dev/null; do sleep 1; done
  results+=("$(median "$tmp/h$round.jsonl")" "$(median "$tmp/d$round.jsonl")")
done
python3 - "${results[@]}" <<'PY'
import sys
h1, d1, h2, d2 = map(float, sys.argv[1:])
h, d = (h1 + h2) / 2, (d1 + d2) / 2
print(f"stream triad steady median, headless:       {h1:.2f} / {h2:.2f} GB/s")
print(f"stream triad steady median, with dashboard: {d1:.2f} / {d2:.2f} GB/s")
print(f"ratio with/without dashboard, per round:    {d1 / h1:.3f} / {d2 / h2:.3f}")
print(f"ratio with/without dashboard, mean:         {d / h:.3f}")
print("(rounds differ when the host's memory bandwidth drifts: compare within a round)")
PY
if [[ -x "$build/bench/bench_probe_overhead" ]]; then
  "$build/bench/bench_probe_overhead" 10 | tail -n 3
fi
