#!/bin/sh
# Slurm HealthCheckProgram wrapper for clscope (slurm.conf:
#   HealthCheckProgram=/usr/share/clscope/contrib/slurm/clscope-healthcheck.sh
#   HealthCheckInterval=3600   # a quick check takes about 30 s of device time
# ). Runs `clscope check --quick --json` and, when an item fails, drains the
# node with the first failing item as the reason:
#   scontrol update nodename=NODE state=drain reason="clscope: ITEM"
# It never resumes a node: an operator does, after looking.
# Only a failed item drains. A check that could not judge the node (device
# busy) or gave no result (no OpenCL device, bad configuration: Nagios
# UNKNOWN) leaves the node as it is and says why on stderr; exit status 1.
#
# Environment (each has a default; tests put fakes here):
#   CLSCOPE           the clscope command            (clscope)
#   SCONTROL          the scontrol command           (scontrol)
#   CLSCOPE_NODENAME  the Slurm node name            ($(hostname -s))
#   CLSCOPE_RESULT    where the JSON result is kept  (/var/tmp/clscope-check.json)
#   CLSCOPE_ARGS      extra check options, e.g. "--config /etc/clscope/sanity.toml"
set -u
CLSCOPE=${CLSCOPE:-clscope}
SCONTROL=${SCONTROL:-scontrol}
NODE=${CLSCOPE_NODENAME:-$(hostname -s)}
RESULT=${CLSCOPE_RESULT:-/var/tmp/clscope-check.json}

# --nagios turns the verdict into one line and an exit code that say which
# item failed without parsing JSON on the node; the JSON goes to $RESULT
# (for `clscope fleet report`).
# shellcheck disable=SC2086  # CLSCOPE_ARGS is a list of words
line=$("$CLSCOPE" check --quick --json --output "$RESULT" --nagios ${CLSCOPE_ARGS:-})
rc=$?
case $rc in
  0) exit 0 ;;
  2)
    # "CLSCOPE CRITICAL - failed: ITEM[, ITEM...]; ..." -> ITEM
    item=$(printf '%s\n' "$line" | sed -n 's/^CLSCOPE CRITICAL - failed: \([^,;|]*\).*/\1/p')
    [ -n "$item" ] || item="check failed"
    "$SCONTROL" update nodename="$NODE" state=drain reason="clscope: $item"
    exit $? ;;
  *)
    echo "clscope-healthcheck: node left as it is: ${line:-clscope exited with status $rc}" >&2
    exit 1 ;;
esac
