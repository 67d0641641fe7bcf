#!/usr/bin/env bash
# Drives the real dashboard in tmux: it starts, shows the device and a
# workload, `?` opens help, `p` lists clscope as "this run", a resize redraws,
# `q` exits 0 and the terminal is restored; `watch` opens on its processes
# view. Also: no terminal / TERM=dumb exit 2 suggesting --headless.
# Usage: dashboard.sh CLSCOPE_BINARY
set -u
bin=$1
phase=0
sock="clscope-test-$$-$phase"
# A fresh tmux server per phase: reusing a socket right after kill-server races.
next_server() { t kill-server 2>/dev/null; phase=$((phase + 1)); sock="clscope-test-$$-$phase"; }
session=dash
sleeper=
kill_sleeper() { [[ -n $sleeper ]] && kill "$sleeper" 2>/dev/null; }
# shellcheck source=tests/tmux/tmux_setup.sh
source "$(dirname "$0")/tmux_setup.sh"
cleanup_more=kill_sleeper

# No terminal: exit 2 and suggest --headless.
tmp=$(mktemp)
"$bin" run --duration 1 </dev/null >"$tmp" 2>&1
rc=$?
out=$(cat "$tmp")
rm -f "$tmp"
[[ $rc -eq 2 ]] || { echo "FAIL: piped stdout exited $rc, want 2"; exit 1; }
grep -q -- "--headless" <<<"$out" || { echo "FAIL: no --headless hint: $out"; exit 1; }

t new-session -d -s $session -x 120 -y 40 "TERM=dumb $bin; echo DUMB_EXIT=\$?; sleep 60" || exit 1
wait_for "DUMB_EXIT=2" 20 || fail "TERM=dumb did not exit 2"
next_server

t new-session -d -s $session -x 120 -y 40 "$bin --duration 0; echo CLSCOPE_EXIT=\$?; sleep 60" || exit 1
wait_for "WORKLOAD" 20 || fail "the dashboard did not appear"
device=$("$bin" list --json 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['platforms'][0]['devices'][0]['name'][:20])")
wait_for "$device" 5 || fail "the device name is not shown"
wait_for "stream" 5 || fail "the stream workload is not shown"
# Data arrives once calibration (cached after the first run) and setup are done.
wait_for "GB/s" 60 || fail "no stream figure within 60 s"

t send-keys -t $session '?'
wait_for "KEYS" 5 || wait_for "Keys" 5 || fail "? did not open help"
t send-keys -t $session Escape
wait_for "WORKLOAD" 5 || fail "Esc did not return to the main view"

# p: the processes view lists clscope itself (its pid), marked as this run.
self_pid=$(pgrep -n -f "^$bin --duration 0\$")
[[ -n $self_pid ]] || fail "cannot find the dashboard's pid"
t send-keys -t $session p
wait_for "PROCESSES" 5 || fail "p did not open the processes view"
wait_for "COMMAND" 10 || fail "the processes view shows no table header"
found=0
for _ in $(seq 30); do
  t capture-pane -p -t $session | grep -F "this run" | grep -qw -- "$self_pid" && { found=1; break; }
  sleep 0.5
done
((found)) || fail "clscope ($self_pid) is not listed as this run"
t send-keys -t $session Escape
wait_for "WORKLOAD" 5 || fail "Esc did not return from the processes view"

t resize-window -t $session -x 80 -y 24
sleep 1.5
cols=$(t capture-pane -p -t $session | python3 -c "import sys; print(max(len(l.rstrip('\\n')) for l in sys.stdin.read().encode().decode('utf-8').splitlines()))")
((cols <= 80)) || fail "after resize a line is $cols wide"
wait_for "WORKLOAD" 5 || fail "no redraw after resize"
t resize-window -t $session -x 40 -y 12
sleep 1
t resize-window -t $session -x 120 -y 40
wait_for "WORKLOAD" 5 || fail "no redraw after growing again"

t send-keys -t $session q
wait_for "CLSCOPE_EXIT=" 30 || fail "q did not exit"
wait_for "CLSCOPE_EXIT=0" 1 || fail "q did not exit 0"
alt=$(t display-message -p -t $session '#{alternate_on}')
[[ $alt == 0 ]] || fail "the terminal was left in the alternate screen"
t capture-pane -p -t $session | grep -q "summary (" || fail "no summary after quitting"

# Each signal restores the terminal (echo and icanon back, cursor visible,
# main screen), flushes the recording and exits with its code: ^C (SIGINT) 130,
# SIGHUP 129, SIGQUIT 131, SIGTERM 143.
cat >"$home/tty-state.sh" <<'SH'
s=$(stty -a)
state=sane
grep -qE '(^|[ ;])-icanon([ ;]|$)' <<<"$s" && state=raw
grep -qE '(^|[ ;])-echo([ ;]|$)' <<<"$s" && state=raw
echo "TTY=$state"
SH
for spec in INT:130 HUP:129 QUIT:131 TERM:143; do
  sig=${spec%%:*} code=${spec##*:}
  next_server
  rec="$home/signal-$sig.jsonl"
  t new-session -d -s $session -x 100 -y 30 \
    "$bin --workload stream:size=16M --record $rec; echo CLSCOPE_EXIT=\$?; bash $home/tty-state.sh; sleep 60" || exit 1
  wait_for "GB/s" 60 || fail "SIG$sig: no stream figure within 60 s"
  if [[ $sig == INT ]]; then
    t send-keys -t $session C-c
  else
    pid=$(pgrep -n -f "^$bin --workload stream:size=16M --record $rec\$")
    kill -"$sig" "$pid"
  fi
  wait_for "CLSCOPE_EXIT=" 30 || fail "SIG$sig did not end clscope"
  wait_for "CLSCOPE_EXIT=$code" 1 || fail "SIG$sig did not exit $code"
  wait_for "TTY=sane" 5 || fail "SIG$sig left the terminal without echo/icanon"
  [[ $(t display-message -p -t $session '#{alternate_on}') == 0 ]] || fail "SIG$sig left the alternate screen on"
  [[ $(t display-message -p -t $session '#{cursor_flag}') == 1 ]] || fail "SIG$sig left the cursor hidden"
  "$bin" report "$rec" >"$home/report.txt" 2>&1 || fail "SIG$sig: report could not read the recording: $(cat "$home/report.txt")"
  grep -q "last line skipped" "$home/report.txt" && fail "SIG$sig: the recording was not flushed whole"
done

# A kernel that never finishes: its workload fails with the timeout, the
# other one goes on, the dashboard stays responsive and q quits at once with 4.
next_server
cat >"$home/spin.cl" <<'CL'
kernel void spin(volatile global int* flag) {
  while (flag[0] == 0) {
  }
}
CL
cat >"$home/hang.toml" <<'TOML'
[[workload]]
kind = "custom"
name = "spin"
file = "spin.cl"
kernel = "spin"
buffers = "flag:4:zero"
args = "flag"
global = "1"
timeout_s = 1

[[workload]]
kind = "launch"
TOML
t new-session -d -s $session -x 140 -y 40 "$bin --config $home/hang.toml; echo CLSCOPE_EXIT=\$?; sleep 60" || exit 1
wait_for "timeout_s" 60 || fail "the hung kernel's timeout is not shown"
wait_for "launch/s" 30 || fail "the launch workload shows no figure beside the hung one"
t send-keys -t $session '?'
wait_for "KEYS" 5 || wait_for "Keys" 5 || fail "the dashboard stopped answering keys after the timeout"
t send-keys -t $session Escape
t send-keys -t $session q
wait_for "CLSCOPE_EXIT=" 3 || fail "q did not quit within 3 s with a hung kernel"
wait_for "CLSCOPE_EXIT=4" 1 || fail "a run with a timed-out workload did not exit 4"

# watch on a terminal: the processes view is home; q quits 0 with the summary.
next_server
sleep 300 &
sleeper=$!
t new-session -d -s $session -x 120 -y 40 "$bin watch --pid $sleeper; echo CLSCOPE_EXIT=\$?; sleep 60" || exit 1
wait_for "PROCESSES" 30 || fail "watch did not open the processes view"
wait_for "$sleeper" 15 || fail "watch does not list the --pid process"
t send-keys -t $session q
wait_for "CLSCOPE_EXIT=" 15 || fail "q did not end watch"
wait_for "CLSCOPE_EXIT=0" 1 || fail "q did not end watch with 0"
kill "$sleeper" 2>/dev/null
sleeper=

# A recording whose writer was killed with SIGKILL: replay still shows it.
next_server
rec="$home/killed.jsonl"
"$bin" run --headless --duration 120 --workload stream:size=16M --record "$rec" >/dev/null 2>&1 &
writer=$!
for _ in $(seq 600); do n=$(grep -c '"type":"window"' "$rec" 2>/dev/null); ((${n:-0} >= 3)) && break; sleep 0.1; done
kill -9 "$writer"; wait "$writer" 2>/dev/null
t new-session -d -s $session -x 100 -y 30 "$bin replay $rec; echo CLSCOPE_EXIT=\$?; sleep 60" || exit 1
wait_for "stream" 10 || fail "replay of a killed writer's recording shows no stream workload"
t send-keys -t $session q
wait_for "CLSCOPE_EXIT=0" 10 || fail "replay of a killed writer's recording did not exit 0"
# Replay: the same dashboard over a recording, with its own keys.
next_server
rec=$(mktemp --suffix=.jsonl)
"$bin" run --headless --duration 3 --workload stream:size=16M --record "$rec" >/dev/null 2>&1 ||
  fail "could not record a run to replay"
t new-session -d -s $session -x 100 -y 30 "$bin replay $rec; echo CLSCOPE_EXIT=\$?; sleep 60" || exit 1
wait_for "replay" 10 || fail "replay did not show its mode"
t send-keys -t $session ' '
wait_for "paused" 5 || fail "space did not pause the replay"
t send-keys -t $session '.'
t send-keys -t $session '>'
wait_for "2x" 5 || fail "> did not speed the replay up"
t send-keys -t $session q
wait_for "CLSCOPE_EXIT=0" 10 || fail "q did not end the replay with 0"
rm -f "$rec"
echo PASS
