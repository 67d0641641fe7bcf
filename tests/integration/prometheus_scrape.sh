#!/bin/sh
# A real Prometheus server scrapes `clscope run --headless --listen` every
# second; the test asks its HTTP API for a clscope series. Loopback only; both
# processes are stopped on every path (trap).
#   prometheus_scrape.sh CLSCOPE_BINARY
set -eu
clscope=$1
command -v prometheus >/dev/null 2>&1 || { echo "prometheus missing (apt-get install prometheus)" >&2; exit 1; }
py=/usr/bin/python3
work=$(mktemp -d "${TMPDIR:-/tmp}/clscope-prom.XXXXXX")
clscope_pid=""
prom_pid=""
cleanup() {
  for pid in $clscope_pid $prom_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in $clscope_pid $prom_pid; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
clscope_port=$(free_port)
prom_port=$(free_port)

"$clscope" run --headless --duration 25 --workload launch --listen "127.0.0.1:$clscope_port" \
  >"$work/clscope.out" 2>&1 &
clscope_pid=$!

cat >"$work/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: clscope
    static_configs:
      - targets: ["127.0.0.1:$clscope_port"]
YML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.out" 2>&1 &
prom_pid=$!

# Prints the number of series the query returns (0 when none or not ready).
series() {
  "$py" - "$prom_port" "$1" <<'PY'
import json, sys, urllib.parse, urllib.request
url = "http://127.0.0.1:%s/api/v1/query?query=%s" % (sys.argv[1], urllib.parse.quote(sys.argv[2]))
try:
    with urllib.request.urlopen(url, timeout=2) as r:
        body = json.load(r)
    print(len(body["data"]["result"]) if body.get("status") == "success" else 0)
except Exception:
    print(0)
PY
}

query='clscope_workload_launches_per_second{job="clscope",workload="launch"}'
found=0
i=0
while [ $i -lt 50 ]; do
  if ! kill -0 "$clscope_pid" 2>/dev/null; then
    echo "clscope ended before Prometheus saw a series:" >&2
    cat "$work/clscope.out" >&2
    exit 1
  fi
  if [ "$(series "$query")" -ge 1 ]; then found=1; break; fi
  sleep 1
  i=$((i + 1))
done
if [ $found -ne 1 ]; then
  echo "Prometheus has no $query after 50 s" >&2
  tail -20 "$work/prometheus.out" >&2
  cat "$work/clscope.out" >&2
  exit 1
fi
up=$(series 'up{job="clscope"} == 1')
[ "$up" -eq 1 ] || { echo "the clscope target is not up in Prometheus" >&2; exit 1; }
echo "Prometheus scraped clscope: $query present, target up"
