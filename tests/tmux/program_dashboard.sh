#!/usr/bin/env bash
# Drives `clscope run -- CMD` under the dashboard in tmux: the observed
# program (app_subject wait-term) shows up as an app workload with its
# cmd/s figure, the main view's TOP KERNELS panel names its kernel, d lists
# its top kernels, p lists the program as "this run", its output goes to the log file
# named on screen (not the terminal), q sends it SIGTERM and clscope exits
# with its status (7).
# Usage: program_dashboard.sh CLSCOPE_BINARY APP_SUBJECT
set -u
bin=$1
subject=$2
sock="clscope-prog-$$"
session=prog
# shellcheck source=tests/tmux/tmux_setup.sh
source "$(dirname "$0")/tmux_setup.sh"

t new-session -d -s $session -x 120 -y 40 \
  "TMPDIR=$home/tmp $bin run -- $subject wait-term; echo CLSCOPE_EXIT=\$?; sleep 60" || exit 1
wait_for "app_subject" 30 || fail "the program's workload is not shown"
wait_for "cmd/s" 60 || fail "no cmd/s figure within 60 s"
wait_for "program output:" 5 || fail "the log file is not named"
if t capture-pane -p -t $session | grep -q "^ready"; then fail "the program wrote onto the screen"; fi
wait_for "TOP KERNELS" 5 || fail "the main view has no top-kernels panel"
wait_for "% device busy" 10 || fail "the program's chart is not its device busy %"
panel_names_tick() { t capture-pane -p -t $session | grep -A4 "TOP KERNELS" | grep -q " tick "; }
deadline=$((SECONDS + 30))
until panel_names_tick; do
  ((SECONDS < deadline)) || fail "the top-kernels panel does not name the kernel within 30 s"
  sleep 0.3
done
t send-keys -t $session d
wait_for "Kernel #1" 10 || fail "the details view does not list the top kernels"
wait_for "tick:" 5 || fail "the details view does not name the kernel"
t send-keys -t $session Escape
t send-keys -t $session p
wait_for "observed program" 10 || fail "the processes view does not say what it scans"
wait_for "this run" 15 || fail "the processes view does not list the observed program"
# The row's PID is an app_subject process (the command column is cut to fit
# the path of the build tree, so it is not compared).
this_pid=$(t capture-pane -p -t $session | awk '$1 == "this" && $2 == "run" {print $3; exit}')
pgrep -x app_subject | grep -qx -- "${this_pid:-none}" ||
  fail "the row marked 'this run' (pid ${this_pid:-none}) is not the observed program"
t send-keys -t $session Escape
t send-keys -t $session q
wait_for "CLSCOPE_EXIT=7" 30 || fail "q did not end the program (want its exit status 7)"
log=$(ls "$home"/tmp/clscope-app_subject-*.log 2>/dev/null | head -1)
[[ -n $log ]] || fail "no log file in TMPDIR"
grep -q "^ready" "$log" || fail "the program's output is not in $log"
echo PASS
