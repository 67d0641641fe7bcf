#!/usr/bin/env bash
# Cost of libclscope-layer.so per command, side by side in one run: the same
# loop of synchronous launches (enqueue + clFinish) in tests/layer/layer_subject,
# run plainly and under the layer with a reader draining the channel
# (tests/layer/layer_capture), alternated ROUNDS times. Two loops: tiny kernels
# (the layer's cost is all there is to see) and ~1 ms kernels (what a real
# program pays). Prints per-command wall time in µs, the difference and the ratio.
# Usage: bench/layer_overhead.sh [BUILD_DIR] [TINY_LAUNCHES] [MS_LAUNCHES] [ROUNDS]
#        (default build 5000 300 5; needs the test targets layer_subject, layer_capture
#        and clscope-layer built)
set -euo pipefail
build=${1:-build}
tiny=${2:-5000}
ms=${3:-300}
rounds=${4:-5}
layer=$(realpath "$build/layer/libclscope-layer.so")
subject=$(realpath "$build/tests/layer/layer_subject")
capture=$(realpath "$build/tests/layer/layer_capture")
per_command() { "$capture" "$@" | awk '/^per_command_us/ {print $2}'; }
# One calibration of the ~1 ms kernel, so both sides run the same work.
iters=$("$subject" bench-ms 5 | awk '/^per_command_us/ {print $4}')

for loop in "bench-tiny $tiny" "bench-ms $ms $iters"; do
  plain=() layered=()
  for ((r = 0; r < rounds; r++)); do
    # shellcheck disable=SC2086
    plain+=("$(per_command --no-layer "$layer" -- "$subject" $loop)")
    # shellcheck disable=SC2086
    layered+=("$(per_command "$layer" -- "$subject" $loop)")
  done
  /usr/bin/python3 - "$loop" "${#plain[@]}" "${plain[@]}" "${layered[@]}" <<'PY'
import statistics, sys
loop, n = sys.argv[1], int(sys.argv[2])
plain = list(map(float, sys.argv[3:3 + n]))
layered = list(map(float, sys.argv[3 + n:3 + 2 * n]))
p, l = statistics.median(plain), statistics.median(layered)
pm, lm = min(plain), min(layered)
print(f"{loop}: per command (enqueue + clFinish), {n} rounds alternated")
print(f"  without layer: {' / '.join(f'{x:.2f}' for x in plain)} us  (median {p:.2f}, min {pm:.2f})")
print(f"  with layer:    {' / '.join(f'{x:.2f}' for x in layered)} us  (median {l:.2f}, min {lm:.2f})")
print(f"  layer cost:    {l - p:+.2f} us per command, ratio {l / p:.3f} (medians); "
      f"{lm - pm:+.2f} us, ratio {lm / pm:.3f} (minima)")
PY
done
# clpeak's own launch latency (START - QUEUED of enqueue + finish), if installed.
if command -v clpeak >/dev/null; then
  for ((r = 0; r < rounds; r++)); do
    a=$("$capture" --no-layer "$layer" -- clpeak --kernel-latency | awk '/latency/ {print $5}')
    b=$("$capture" "$layer" -- clpeak --kernel-latency | awk '/latency/ {print $5}')
    echo "clpeak --kernel-latency round $((r + 1)): without layer $a us, with layer $b us"
  done
fi
echo "(on a shared 2-core VM rounds drift: compare within a round; the reader polls every 1 ms)"
