#!/bin/sh
# Drives contrib/npd/clscope-npd.sh with a fake clscope first on PATH and
# checks the Node Problem Detector protocol: exit 0 OK, 1 problem, other
# unknown; one line on stdout. Also checks the plugin config is JSON that
# points at the wrapper.
# Usage: test_npd_plugin.sh CONTRIB_DIR
set -u
script=$1/npd/clscope-npd.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/clscope-npd-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
cat > "$work/bin/clscope" <<'FAKE'
#!/bin/sh
printf '%s\n' "$*" > "$FAKE_DIR/clscope.args"
echo "clscope: progress on stderr" >&2
[ -n "$FAKE_LINE" ] && printf '%s\n' "$FAKE_LINE"
exit "$FAKE_RC"
FAKE
chmod +x "$work/bin/clscope"
export PATH="$work/bin:$PATH" FAKE_DIR="$work"
unset CLSCOPE CLSCOPE_ARGS
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

expect() {  # expect RC_IN LINE EXPECTED_RC EXPECTED_STDOUT
  out=$(FAKE_RC=$1 FAKE_LINE=$2 sh "$script"); rc=$?
  [ $rc -eq "$3" ] || fail "clscope exit $1: plugin exit $rc, expected $3"
  [ "$out" = "$4" ] || fail "clscope exit $1: stdout '$out', expected '$4'"
}
expect 0 "CLSCOPE OK - 7 passed, 0 failed, 1 skipped on n1 (GPU) | a=1" 0 "clscope: OK - 7 passed, 0 failed, 1 skipped on n1 (GPU)"
expect 2 "CLSCOPE CRITICAL - failed: compute; 6 passed, 1 failed, 0 skipped on n1 | a=1" 1 "clscope: CRITICAL - failed: compute; 6 passed, 1 failed, 0 skipped on n1"
expect 1 "CLSCOPE WARNING - not judged: device busy; 0 passed | a=1" 3 "clscope: WARNING - not judged: device busy; 0 passed"
expect 3 "CLSCOPE UNKNOWN - no OpenCL platform found" 3 "clscope: UNKNOWN - no OpenCL platform found"
expect 127 "" 3 "clscope: no result (exit status 127)"
[ "$(cat "$work/clscope.args")" = "check --quick --nagios" ] || fail "clscope got '$(cat "$work/clscope.args")'"

config=$1/npd/clscope-plugin.json
if command -v python3 >/dev/null 2>&1; then
  python3 - "$config" <<'PY' || fail "plugin config"
import json, sys
c = json.load(open(sys.argv[1]))
assert c["plugin"] == "custom"
rule = c["rules"][0]
assert rule["path"].endswith("/npd/clscope-npd.sh"), rule
assert rule["condition"] == c["conditions"][0]["type"]
PY
fi

[ $fails -eq 0 ] && echo "npd plugin: all cases passed"
exit $fails
