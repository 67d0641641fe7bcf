#!/usr/bin/env bash
# clscope's measured ceilings beside their peers, measured side by side in one
# run (the ratios are the figures):
#   memory   `clscope calibrate` vs the best of our plain host triad over the
#            stream workload's array size (bench_host_triad) and clpeak's
#            global memory bandwidth; target >= 0.97
#   compute  `clscope calibrate` vs clpeak's best single-precision figure;
#            target >= 0.97
#   exceed   the stream and compute workloads in a normal run (8 s each)
#            against those ceilings; target: none above 1.02
# Needs clpeak (Debian package, installed by scripts/dev.sh); its figures are
# left out, said so, when it is missing.
# Usage: bench/ceilings_vs_peers.sh [BUILD_DIR]   (build first: scripts/dev.sh build)
set -euo pipefail
build=${1:-build}
clscope=$build/app/clscope
host_triad=$build/bench/bench_host_triad
py=/usr/bin/python3
work=$(mktemp -d "${TMPDIR:-/tmp}/clscope-peers.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache  # a calibration of its own, not the user's cache

"$clscope" calibrate --json >"$work/ceilings.json" 2>"$work/calibrate.err"
"$clscope" run --headless --json --duration 8 --workload stream 2>/dev/null | tail -n 1 >"$work/stream.json"
"$clscope" run --headless --json --duration 8 --workload compute 2>/dev/null | tail -n 1 >"$work/compute.json"
bytes=$($py -c "import json,sys; print(json.load(open(sys.argv[1]))['workloads'][0]['setup']['resolved']['size'])" "$work/stream.json")
"$host_triad" "$bytes" 4 >"$work/host_triad.txt"
if command -v clpeak >/dev/null; then
  clpeak --global-bandwidth --compute-sp >"$work/clpeak.txt" 2>&1 || true
else
  echo "clpeak not installed (apt-get install clpeak): its figures are left out" >"$work/clpeak.txt"
fi

$py - "$work" "$bytes" <<'PY'
import json, re, sys
work, size = sys.argv[1], int(sys.argv[2])
cal = json.load(open(f"{work}/ceilings.json"))
c = cal["ceilings"]
host = float(open(f"{work}/host_triad.txt").read())
text = open(f"{work}/clpeak.txt").read()

def clpeak_best(title):
    """The best figure under a clpeak section title (float, float2, ...)."""
    m = re.search(re.escape(title) + r".*?\n((?:\s+\w+\s*:\s*[\d.]+\s*\n)+)", text)
    if not m:
        return None
    return max(float(v) for v in re.findall(r":\s*([\d.]+)", m.group(1)))

peer_bw = clpeak_best("Global memory bandwidth (GBPS)")
peer_sp = clpeak_best("Single-precision compute (GFLOPS)")
mem, comp = c["memory"]["value"], c["compute"]["value"]
print(f"device: {cal['device']} ({cal['platform_version']})")
print(f"calibration: {cal['method']['spent_s']:.1f} s (budget {cal['method']['budget_s']:.0f} s), "
      f"host {100 * (cal['host_load']['others_busy'] or 0):.0f}% busy with other processes, "
      f"trusted: {all(e['trusted'] for e in c.values() if e['value'] is not None)}")
print()
print(f"memory ceiling           {mem:9.2f} GB/s   {c['memory']['trials']} trials, spread "
      f"{100 * (c['memory']['spread'] or 0):.1f}%, {c['memory']['variant']}")
print(f"host triad (threads)     {host:9.2f} GB/s   arrays of {size / 2**20:.0f} MiB")
if peer_bw is not None:
    print(f"clpeak global bandwidth  {peer_bw:9.2f} GB/s   clpeak's own array size")
best_peer = max(x for x in (host, peer_bw) if x is not None)
print(f"ratio memory / best peer {mem / best_peer:9.3f}   target >= 0.97")
print()
print(f"compute ceiling          {comp:9.2f} GFLOP/s {c['compute']['trials']} trials, spread "
      f"{100 * (c['compute']['spread'] or 0):.1f}%, {c['compute']['variant']}")
if peer_sp is not None:
    print(f"clpeak single precision  {peer_sp:9.2f} GFLOP/s")
    print(f"ratio compute / clpeak   {comp / peer_sp:9.3f}   target >= 0.97")
else:
    print("clpeak single precision  not measured (" + text.strip().splitlines()[-1] + ")")
print()
for kind, ceiling in (("stream", mem), ("compute", comp)):
    s = json.load(open(f"{work}/{kind}.json"))
    w = s["workloads"][0]
    entry = s["ceilings"]["ceilings"]["memory" if kind == "stream" else "compute"]
    raised = f", raised to {entry['value']:.2f} by the run" if entry["source"] == "raised" else ""
    print(f"{kind:8s} workload peak {w['peak']:9.2f} {w['unit']:8s} = {w['peak'] / ceiling:5.3f} of its "
          f"ceiling{raised}   target <= 1.02")
PY
