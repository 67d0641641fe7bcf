#!/usr/bin/env bash
# Foundation figures, measured side by side in one run:
#   our stream triad (peak: the best level held over 3 windows) vs a plain host triad over
#   the same array size (the ratio is the figure); our compute GFLOP/s; launch
#   dispatch and round-trip latency.
# Usage: bench/foundation.sh [BUILD_DIR]   (build first: scripts/dev.sh build)
set -euo pipefail
build=${1:-build}
clscope=$build/app/clscope
host_triad=$build/bench/bench_host_triad
command -v jq >/dev/null && have_jq=1 || have_jq=0
json_field() { python3 -c "import json,sys; d=json.loads(sys.stdin.read().strip().splitlines()[-1]); w=d['workloads'][0]; print($1)"; }

run() { "$clscope" run --headless --json --duration "$1" --workload "$2" 2>/dev/null | tail -n 1; }

stream=$(run 8 stream:op=triad)
bytes=$(echo "$stream" | json_field "w['setup']['resolved']['size']")
ours=$(echo "$stream" | json_field "w['peak']")
host=$("$host_triad" "$bytes" 4)
stream16=$(run 6 stream:op=triad:vec=16 | json_field "w['peak']")
compute=$(run 6 compute:vec=8 | json_field "w['peak']")
compute16=$(run 6 compute | json_field "w['peak']")
launch=$(run 5 launch)
launches=$(echo "$launch" | json_field "w['median']")

# Latency percentiles come from the tick lines of a separate run.
ticks=$("$clscope" run --headless --json --duration 5 --workload launch 2>/dev/null | grep '"tick"')
dispatch=$(echo "$ticks" | python3 -c "import json,sys,statistics as s; print(round(s.median(json.loads(l)['dispatch_us'] for l in sys.stdin),1))")
roundtrip=$(echo "$ticks" | python3 -c "import json,sys,statistics as s; print(round(s.median(json.loads(l)['round_trip_us'] for l in sys.stdin),1))")

python3 - "$ours" "$host" "$bytes" "$stream16" "$compute" "$compute16" "$launches" "$dispatch" "$roundtrip" <<'PY'
import sys
ours, host, size, s16, comp, comp16, launches, disp, rt = sys.argv[1:]
ours, host = float(ours), float(host)
print(f"stream triad (vec=4)   {ours:8.2f} GB/s   arrays of {int(size)/2**20:.0f} MiB")
print(f"stream triad (vec=16)  {float(s16):8.2f} GB/s")
print(f"host triad (threads)   {host:8.2f} GB/s   same array size")
print(f"ratio ours/host        {ours/host:8.3f}")
print(f"compute (float8 FMA)   {float(comp):8.2f} GFLOP/s")
print(f"compute (native width) {float(comp16):8.2f} GFLOP/s   the default: vec = the device's native float width")
print(f"launch                 {float(launches):8.0f} launch/s   dispatch {disp} us (START-QUEUED), round trip {rt} us")
PY
