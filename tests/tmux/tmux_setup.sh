# Sourced by the tmux tests: a hermetic home of their own under the build
# tree's test area (tmux's socket too), the shared ceilings cache of the
# test area, and the helpers. The sourcing script sets `sock` (tmux server
# socket name) and `session` first; it may extend `cleanup_more`.
root=${CLSCOPE_TEST_ROOT:?set CLSCOPE_TEST_ROOT to the test area of the build}
mkdir -p "$root/cache"
home=$(mktemp -d "$root/home-XXXXXX")
mkdir -p "$home/config" "$home/tmp"
export HOME=$home XDG_CONFIG_HOME=$home/config TMPDIR=$home/tmp TMUX_TMPDIR=$home/tmp
export XDG_CACHE_HOME=$root/cache HWLOC_LIBXML=0
t() { tmux -L "$sock" "$@"; }
fail() { echo "FAIL: $*"; echo "--- screen ---"; t capture-pane -p -t "$session" 2>/dev/null; t kill-server 2>/dev/null; exit 1; }
cleanup_more=:
cleanup() { t kill-server 2>/dev/null; $cleanup_more; rm -rf "$home"; }
trap cleanup EXIT
# Waits up to $2 seconds for the pane to contain $1.
wait_for() {
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    t capture-pane -p -t "$session" 2>/dev/null | grep -qF -- "$1" && return 0
    sleep 0.3
  done
  return 1
}
command -v tmux >/dev/null || { echo "tmux missing"; exit 1; }
