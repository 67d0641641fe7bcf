#!/usr/bin/env bash
# Soak: the default scenario headless with a recording for DURATION seconds,
# sampling clscope's resident memory (VmRSS) and open file descriptors every
# 10 s. Prints the samples, RSS growth after the first 5 minutes (goal < 10 %),
# whether the descriptor count stayed constant, and the recording's size per hour.
# Usage: bench/soak.sh DURATION [BUILD_DIR]   (e.g. bench/soak.sh 3600)
set -euo pipefail
duration=${1:?usage: bench/soak.sh DURATION [BUILD_DIR]}
build=${2:-build}
bin=$(realpath "$build/app/clscope")
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
rec=$tmp/soak.jsonl
"$bin" run --headless --duration "$duration" --record "$rec" >"$tmp/out.txt" 2>"$tmp/err.txt" &
pid=$!
start=$SECONDS
samples=$tmp/samples.txt
echo "t_s rss_kib fds recording_bytes"
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
  size=$(stat -c %s "$rec" 2>/dev/null || echo 0)
  [[ -n $rss ]] && echo "$((SECONDS - start)) $rss $fds $size" | tee -a "$samples"
  sleep 10
done
wait "$pid" && rc=0 || rc=$?
/usr/bin/python3 - "$samples" "$rc" "$(stat -c %s "$rec")" "$duration" <<'PY'
import sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
rc, size, duration = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
after5 = [r for r in rows if r[0] >= 300] or rows
base = after5[0][1]
peak = max(r[1] for r in after5)
fds = sorted({r[2] for r in after5})
print(f"clscope exit status      {rc}")
print(f"samples                  {len(rows)} over {rows[-1][0] if rows else 0} s")
print(f"RSS at 5 min / max after {base} / {peak} KiB  growth {100 * (peak - base) / base:.1f} % (goal < 10 %)")
print(f"open descriptors         {'constant at ' + str(fds[0]) if len(fds) == 1 else 'varied: ' + str(fds)}")
print(f"recording                {size / 1e6:.1f} MB, {size / 1e6 * 3600 / duration:.1f} MB per hour")
PY
