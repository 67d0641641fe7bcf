#!/usr/bin/env bash
# The dashboard with --metrics-file and --listen: while the screen shows the
# run, GET /metrics serves the workload's figures; when --duration closes it,
# the file holds the last window's text and promtool accepts it; the port is
# free again.
# Usage: dashboard_metrics.sh CLSCOPE_BINARY
set -u
bin=$1
sock="clscope-metrics-test-$$"
session=dash
# shellcheck source=tests/tmux/tmux_setup.sh
source "$(dirname "$0")/tmux_setup.sh"
py=/usr/bin/python3
# Prints the body of GET /metrics on $1 (nothing when it cannot connect);
# $2 = the path.
fetch() {
  "$py" - "$1" "${2:-/metrics}" <<'PY' 2>/dev/null
import sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen("http://127.0.0.1:%s%s" % (sys.argv[1], sys.argv[2]), timeout=2) as r:
        sys.stdout.write(r.read().decode())
except urllib.error.HTTPError as e:
    sys.stdout.write("HTTP %d\n" % e.code)
PY
}

port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
prom="$home/dash.prom"
t new-session -d -s $session -x 120 -y 40 \
  "$bin run --duration 6 --workload launch --metrics-file $prom --listen $port; echo CLSCOPE_EXIT=\$?; sleep 60" || exit 1
wait_for "launch" 60 || fail "the dashboard shows no launch workload"
served=""
for _ in $(seq 100); do
  served=$(fetch "$port")
  grep -q '^clscope_workload_launches_per_second{workload="launch",kind="launch"} ' <<<"$served" && break
  sleep 0.3
done
grep -q '^clscope_workload_launches_per_second{' <<<"$served" || fail "GET /metrics served no launch figures: $served"
[[ $(fetch "$port" /) == "HTTP 404" ]] || fail "GET / is not 404"
wait_for "CLSCOPE_EXIT=0" 60 || fail "the dashboard did not close with 0 after --duration"
grep -q '^clscope_workload_launches_per_second{' "$prom" || fail "no launch figures in $prom"
if command -v promtool >/dev/null; then promtool check metrics <"$prom" || fail "promtool refused $prom"; fi
[[ -z $(fetch "$port") ]] || fail "still listening after the dashboard closed"
echo PASS
