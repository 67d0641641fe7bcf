#!/bin/sh
# Node Problem Detector custom plugin for clscope (see clscope-plugin.json).
# Protocol: exit 0 OK, 1 problem, anything else unknown; one line on stdout.
#   clscope check OK        -> 0 "clscope: OK - ..."
#   an item failed          -> 1 "clscope: CRITICAL - failed: ITEM..."
#   not judged (busy) or no result (no device, bad config) -> 3 (unknown)
# Environment: CLSCOPE (the clscope command, default clscope), CLSCOPE_ARGS
# (extra check options).
set -u
CLSCOPE=${CLSCOPE:-clscope}
# shellcheck disable=SC2086
line=$("$CLSCOPE" check --quick --nagios ${CLSCOPE_ARGS:-} 2>/dev/null)
rc=$?
# The status, without Nagios performance data, on one line.
message="clscope: $(printf '%s\n' "$line" | head -n 1 | sed -e 's/ | .*$//' -e 's/^CLSCOPE //')"
case $rc in
  0) echo "$message"; exit 0 ;;
  2) echo "$message"; exit 1 ;;
  *) [ -n "$line" ] || message="clscope: no result (exit status $rc)"
     echo "$message"; exit 3 ;;
esac
