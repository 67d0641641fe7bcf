#!/usr/bin/env bash
# Cost of libclscope-layer.so per command, side by side in one run: the same
# loop of synchronous launches (enqueue + clFinish) in tests/layer/layer_subject,
# run plainly and under the layer with a reader draining the channel
# (tests/layer/layer_capture), alternated ROUNDS times. Loops:
#   - tiny kernels on the default device, the program held on one CPU
#     (taskset; the reader runs elsewhere): the issue's case. Every cost of
#     the layer lands on that CPU, its drain thread's included, and the
#     driver's thread hand-offs stay on one core, so rounds agree;
#   - the same on a queue the program created with profiling: the layer then
#     forces nothing, so this is its own cost alone (the difference to the
#     first loop is what the driver's timing of commands costs);
#   - the same, placed freely: on POCL's pthread device each launch wakes a
#     worker thread, and on an idle VM a wake-up across cores costs tens of µs
#     in some runs and a few in others, so these rounds scatter;
#   - tiny kernels on POCL's `basic` device (POCL_DEVICES=basic: commands run
#     in the calling thread, ~0.5 µs a launch): the layer's cost against the
#     cheapest launch there is;
#   - ~1 ms kernels: what a real program pays.
# Per loop: the mean wall time per command in µs (and the median launch), the
# median paired difference and the ratio of medians.
# Usage: bench/layer_overhead.sh [BUILD_DIR] [TINY_LAUNCHES] [MS_LAUNCHES] [ROUNDS]
#        (default build 30000 300 21; needs the test targets layer_subject,
#        layer_capture and clscope-layer built)
set -euo pipefail
build=${1:-build}
tiny=${2:-30000}
ms=${3:-300}
rounds=${4:-21}
layer=$(realpath "$build/layer/libclscope-layer.so")
subject=$(realpath "$build/tests/layer/layer_subject")
capture=$(realpath "$build/tests/layer/layer_capture")
# The program's CPU for the pinned loop: the last one this shell may use.
cpu=$(taskset -cp $$ | awk -F': ' '{n = split($2, a, /[,-]/); print a[n]}')
# One calibration of the ~1 ms kernel, so both sides run the same work.
iters=$("$subject" bench-ms 5 | awk '/^per_command_us/ {print $4}')
[[ -n $iters ]] || { echo "layer_subject bench-ms failed" >&2; exit 1; }

# LABEL ENV LOOP...: ROUNDS alternated runs without and with the layer, then the figures.
compare() {
  local label=$1 env=$2 plain=() layered=()
  shift 2
  for ((r = 0; r < rounds; r++)); do
    # shellcheck disable=SC2086
    plain+=("$(env $env "$capture" --no-layer "$layer" -- "$@" | awk '/^per_command_us/ {print $2 "," $6}')")
    # shellcheck disable=SC2086
    layered+=("$(env $env "$capture" "$layer" -- "$@" | awk '/^per_command_us/ {print $2 "," $6}')")
  done
  /usr/bin/python3 - "$label" "${#plain[@]}" "${plain[@]}" "${layered[@]}" <<'PY'
import statistics, sys
label, n = sys.argv[1], int(sys.argv[2])
def parse(items):
    pairs = [tuple(map(float, i.split(","))) for i in items]
    return [p[0] for p in pairs], [p[1] for p in pairs]
plain, plain_med = parse(sys.argv[3:3 + n])
layered, layered_med = parse(sys.argv[3 + n:3 + 2 * n])
p, l = statistics.median(plain), statistics.median(layered)
d = statistics.median([b - a for a, b in zip(plain, layered)])
print(f"{label}: mean per command (enqueue + clFinish), {n} rounds alternated")
print(f"  without layer: median {p:.2f} us (min {min(plain):.2f}, max {max(plain):.2f}); "
      f"median launch {statistics.median(plain_med):.2f} us")
print(f"  with layer:    median {l:.2f} us (min {min(layered):.2f}, max {max(layered):.2f}); "
      f"median launch {statistics.median(layered_med):.2f} us")
print(f"  layer cost:    {d:+.2f} us per command (median of paired differences), "
      f"ratio of medians {l / p:.3f}")
PY
}

compare "tiny kernels, default device, program on CPU $cpu" "" taskset -c "$cpu" "$subject" bench-tiny "$tiny"
compare "tiny kernels, default device, program on CPU $cpu, queue with profiling" "" \
  taskset -c "$cpu" "$subject" bench-tiny-profiled "$tiny"
compare "tiny kernels, default device, placed freely" "" "$subject" bench-tiny "$tiny"
compare "tiny kernels, POCL basic device" "POCL_DEVICES=basic" "$subject" bench-tiny $((tiny * 10))
compare "~1 ms kernels, default device" "" "$subject" bench-ms "$ms" "$iters"
# clpeak's own launch latency (START - QUEUED of enqueue + finish), if installed.
if command -v clpeak >/dev/null; then
  for ((r = 0; r < 5; r++)); do
    a=$("$capture" --no-layer "$layer" -- clpeak --kernel-latency | awk '/latency/ {print $5}')
    b=$("$capture" "$layer" -- clpeak --kernel-latency | awk '/latency/ {print $5}')
    echo "clpeak --kernel-latency round $((r + 1)): without layer $a us, with layer $b us"
  done
fi
echo "(on a shared 2-core VM rounds drift: compare within a round; the reader polls every 1 ms)"
