#!/bin/sh
# Drives contrib/slurm/clscope-healthcheck.sh with fake clscope and scontrol
# executables first on PATH, and checks the exact scontrol arguments.
# Usage: test_slurm_healthcheck.sh CONTRIB_DIR
set -u
script=$1/slurm/clscope-healthcheck.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/clscope-slurm-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
# The fake clscope: prints $FAKE_LINE, exits $FAKE_RC, logs its arguments.
cat > "$work/bin/clscope" <<'FAKE'
#!/bin/sh
printf '%s\n' "$*" > "$FAKE_DIR/clscope.args"
[ -n "$FAKE_LINE" ] && printf '%s\n' "$FAKE_LINE"
exit "$FAKE_RC"
FAKE
# The fake scontrol: one argument per line.
cat > "$work/bin/scontrol" <<'FAKE'
#!/bin/sh
for a in "$@"; do printf '%s\n' "$a"; done > "$FAKE_DIR/scontrol.args"
FAKE
chmod +x "$work/bin/clscope" "$work/bin/scontrol"
export PATH="$work/bin:$PATH" FAKE_DIR="$work"
unset CLSCOPE SCONTROL CLSCOPE_ARGS
export CLSCOPE_RESULT="$work/result.json"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
node=$(hostname -s)

# 1. An item failed: drained with the first failing item.
rm -f "$work/scontrol.args"
FAKE_RC=2 FAKE_LINE="CLSCOPE CRITICAL - failed: memory-bandwidth, compute; 5 passed, 2 failed, 0 skipped on $node | x=1" \
  sh "$script"; rc=$?
[ $rc -eq 0 ] || fail "drain: exit $rc"
expected=$(printf 'update\nnodename=%s\nstate=drain\nreason=clscope: memory-bandwidth' "$node")
[ "$(cat "$work/scontrol.args" 2>/dev/null)" = "$expected" ] ||
  fail "drain: scontrol got '$(cat "$work/scontrol.args" 2>/dev/null)'"
[ "$(cat "$work/clscope.args")" = "check --quick --json --output $work/result.json --nagios" ] ||
  fail "clscope got '$(cat "$work/clscope.args")'"

# 2. Passed: nothing touched, exit 0 (and never a resume).
rm -f "$work/scontrol.args"
FAKE_RC=0 FAKE_LINE="CLSCOPE OK - 7 passed, 0 failed, 0 skipped on $node | x=1" sh "$script"; rc=$?
[ $rc -eq 0 ] || fail "ok: exit $rc"
[ ! -e "$work/scontrol.args" ] || fail "ok: scontrol was called: $(cat "$work/scontrol.args")"

# 3. No result (UNKNOWN) or not judged (WARNING): left alone, exit 1, says why.
for rc_in in 3 1; do
  rm -f "$work/scontrol.args"
  FAKE_RC=$rc_in FAKE_LINE="CLSCOPE UNKNOWN - no OpenCL platform found" sh "$script" 2> "$work/err"; rc=$?
  [ $rc -eq 1 ] || fail "rc $rc_in: exit $rc"
  [ ! -e "$work/scontrol.args" ] || fail "rc $rc_in: scontrol was called"
  grep -q "node left as it is: CLSCOPE UNKNOWN - no OpenCL platform found" "$work/err" || fail "rc $rc_in: stderr '$(cat "$work/err")'"
done

# 4. Overrides: another scontrol, node name and extra arguments.
cp "$work/bin/scontrol" "$work/other-scontrol"
rm -f "$work/scontrol.args"
SCONTROL="$work/other-scontrol" CLSCOPE_NODENAME=gpu17 CLSCOPE_ARGS="--config /etc/s.toml" \
  FAKE_RC=2 FAKE_LINE="CLSCOPE CRITICAL - failed: pcie-link; 6 passed" sh "$script"
[ "$(cat "$work/scontrol.args")" = "$(printf 'update\nnodename=gpu17\nstate=drain\nreason=clscope: pcie-link')" ] ||
  fail "overrides: scontrol got '$(cat "$work/scontrol.args")'"
[ "$(cat "$work/clscope.args")" = "check --quick --json --output $work/result.json --nagios --config /etc/s.toml" ] ||
  fail "overrides: clscope got '$(cat "$work/clscope.args")'"

[ $fails -eq 0 ] && echo "slurm healthcheck: all cases passed"
exit $fails
