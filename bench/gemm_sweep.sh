#!/usr/bin/env bash
# GEMM sweep: GFLOP/s of the `gemm` workload over several sizes and tiles, and
# the fraction of the device's measured compute ceiling (the `compute`
# workload, float16 FMA chains) each reaches. Median of the per-second
# windows after the first (the first holds less than a second of work).
# Usage: bench/gemm_sweep.sh [BUILD_DIR]   env: DURATION (s per run, default 6),
#        SIZES (default "256 512 1024 2048"), TILES (default "16 32")
# Figures on a shared machine are noisy: run it on an idle one, or repeat.
set -euo pipefail
build=${1:-build}
clscope=$build/app/clscope
duration=${DURATION:-6}
sizes=${SIZES:-"256 512 1024 2048"}
tiles=${TILES:-"16 32"}

# Prints "peak median description" of the run's only workload.
measure() {
  "$clscope" run --headless --json --duration "$duration" --workload "$1" 2>/dev/null | tail -n 1 |
    python3 -c "import json,sys; w=json.loads(sys.stdin.read())['workloads'][0]; \
print(w['peak'], w['median'], w.get('setup',{}).get('description','?').replace(' ','_'), w['state'])"
}

read -r c_best c_median c_desc c_state < <(measure compute:vec=16)
printf 'compute ceiling (%s): peak %.1f, median %.1f GFLOP/s\n' "${c_desc//_/ }" "$c_best" "$c_median"
printf '%-6s %-5s %12s %12s %16s\n' size tile "peak GFLOP/s" "median" "median/ceiling"
for size in $sizes; do
  for tile in $tiles; do
    read -r best median desc state < <(measure "gemm:size=$size:tile=$tile")
    if [ "$state" != "stopped" ]; then
      printf '%-6s %-5s %s\n' "$size" "$tile" "failed ($state)"
      continue
    fi
    python3 -c "import sys; s,t,b,m,c=sys.argv[1:]; \
print(f'{s:<6} {t:<5} {float(b):12.2f} {float(m):12.2f} {float(m)/float(c):16.3f}')" \
      "$size" "$tile" "$best" "$median" "$c_median"
  done
done
