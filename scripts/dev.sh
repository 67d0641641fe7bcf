#!/usr/bin/env bash
# clscope developer entry point (Debian 12, run as root or with sudo).
#   scripts/dev.sh run [clscope args...]  install what is missing, build, open clscope
#   scripts/dev.sh test                   install what is missing, build, run every test
#   scripts/dev.sh build                  install what is missing, build
#   scripts/dev.sh fuzz [SECONDS] [TARGET...] [--merge]
#                                         libFuzzer targets (clang, build-fuzz/), SECONDS each
#                                         (default 60) on a copy of tests/fuzz/corpus; --merge
#                                         adds inputs that found new coverage to the corpus
#   scripts/dev.sh test-sanitize [CTEST ARGS...]
#                                         the whole suite built with ASan+UBSan (build-sanitize/)
#   scripts/dev.sh test-tsan [CTEST ARGS...]
#                                         the loader layer's tests under ThreadSanitizer
#                                         (build-tsan/): its lock-free stacks, pool and ring
#   scripts/dev.sh integration            with real servers (CTest label integration, also in
#                                         the suite): Prometheus scrapes `run --listen`; a one-node
#                                         Slurm cluster runs `srun -N1 -n2 clscope check` and
#                                         `fleet report` (root; installs slurm and munge)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config
  libncurses-dev libtbb-dev libhwloc-dev hwloc
  ocl-icd-opencl-dev opencl-clhpp-headers opencl-c-headers
  libtomlplusplus-dev nlohmann-json3-dev libgtest-dev libfmt-dev
  pocl-opencl-icd clinfo clpeak tmux groff-base man-db python3
  clang-14 libclang-rt-14-dev
  prometheus  # promtool checks the metrics files; the server scrapes `run --listen` in a test
  libcpp-httplib-dev  # the /metrics listener of `run --listen`
)
# Only for `scripts/dev.sh integration` (a one-node Slurm cluster).
INTEGRATION_PACKAGES=(slurmctld slurmd slurm-client munge)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "clscope: installing ${missing[*]}" >&2
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
}

build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j"$(nproc)"
}

fuzz_targets() {
  local f
  for f in tests/fuzz/fuzz_*.cpp; do basename "$f" .cpp; done
}

# Runs each fuzz target for $1 seconds on a copy of its corpus and prints, per
# target, executions, coverage (cov/ft) and whether it ended clean. Exit 1 when
# one found a crash, leak, UB report or timeout (its input is kept and named).
fuzz() {
  local seconds=60 merge=0 targets=() t
  if [[ ${1:-} =~ ^[0-9]+$ ]]; then seconds=$1; shift; fi
  for t in "$@"; do
    if [[ $t == --merge ]]; then merge=1; else targets+=("$t"); fi
  done
  ((${#targets[@]})) || mapfile -t targets < <(fuzz_targets)
  CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCLSCOPE_FUZZ=ON -DCLSCOPE_BUILD_TESTS=OFF -DCLSCOPE_BUILD_BENCH=OFF >/dev/null
  cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"
  local work failed=0
  work=$(mktemp -d "${TMPDIR:-/tmp}/clscope-fuzz.XXXXXX")
  for t in "${targets[@]}"; do
    cp -r "tests/fuzz/corpus/$t" "$work/$t"
    mkdir -p "$work/$t.tmp" "$work/$t.artifacts"
    local rc=0 opts=()  # tests/fuzz/TARGET.options: extra libFuzzer flags, one a line
    [[ -f tests/fuzz/$t.options ]] && mapfile -t opts <"tests/fuzz/$t.options"
    # allocator_may_return_null: see sanitize_env.
    (cd "$work" && TMPDIR="$work/$t.tmp" LSAN_OPTIONS="suppressions=$OLDPWD/tests/sanitize/lsan.supp" \
      ASAN_OPTIONS=allocator_may_return_null=1 \
      "$OLDPWD/build-fuzz/tests/fuzz/$t" "${opts[@]}" \
      -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$work/$t.artifacts/" "$work/$t" >"$work/$t.log" 2>&1) || rc=$?
    local execs cov
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -1)
    cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$work/$t.log" | tail -1)
    if ((rc == 0)); then
      echo "$t: ${execs:-?} executions, ${cov:-cov: ?}, clean"
      if ((merge)); then
        "build-fuzz/tests/fuzz/$t" -merge=1 "tests/fuzz/corpus/$t" "$work/$t" >/dev/null 2>&1
      fi
    else
      failed=1
      echo "$t: ${execs:-?} executions, ${cov:-cov: ?}, FAILED (exit $rc): log $work/$t.log," \
        "input(s) in $work/$t.artifacts/"
    fi
  done
  ((failed)) || rm -rf "$work"
  return "$failed"
}

# ASan + UBSan for every target (gcc, build-sanitize/), then the whole suite.
# allocator_may_return_null: an allocation refused by a memory limit returns
# NULL, as glibc's does, instead of ending the process (hwloc's XML trial child
# runs under RLIMIT_DATA and must behave the same with and without ASan).
sanitize_env() {
  export ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1:print_stacktrace=1:allocator_may_return_null=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  export LSAN_OPTIONS=suppressions=$PWD/tests/sanitize/lsan.supp:print_suppressions=0
}

mode=${1:-run}
shift || true
case "$mode" in
  run)
    install_missing
    build
    exec ./build/app/clscope "$@"
    ;;
  test)
    install_missing
    build
    # hwloc's minimalistic XML parser, as on a machine without libhwloc-plugins.
    HWLOC_LIBXML=0 ctest --test-dir build --output-on-failure --timeout 300
    ;;
  build)
    install_missing
    build
    ;;
  fuzz)
    install_missing
    fuzz "$@"
    ;;
  test-sanitize)
    install_missing
    sanitize_env
    cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCLSCOPE_SANITIZE=address,undefined -DCLSCOPE_BUILD_BENCH=OFF >/dev/null
    cmake --build build-sanitize -j"$(nproc)"
    HWLOC_LIBXML=0 ctest --test-dir build-sanitize --output-on-failure --timeout 900 "$@"
    ;;
  test-tsan)
    install_missing
    # Only the layer's targets: its program side runs on driver threads and its
    # own, with lock-free hand-offs; the rest of clscope shares data under locks.
    cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCLSCOPE_SANITIZE=thread -DCLSCOPE_BUILD_BENCH=OFF >/dev/null
    cmake --build build-tsan -j"$(nproc)" --target test_layer_channel test_layer_opencl clscope-layer \
      layer_subject refuse_profiling_layer
    # A race fails the test process, or the subject the test runs (its exit status).
    TSAN_OPTIONS=halt_on_error=1:report_signal_unsafe=0 HWLOC_LIBXML=0 \
      ctest --test-dir build-tsan --output-on-failure --timeout 900 -R '^Layer(Channel|OpenCL)\.' "$@"
    ;;
  integration)
    install_missing "${INTEGRATION_PACKAGES[@]}"
    build
    # Installed and as root, nothing may be skipped here.
    ctest --test-dir build --output-on-failure -L integration --no-tests=error 2>&1 | tee build/integration.log
    if grep -q "Skipped" build/integration.log; then
      echo "clscope: an integration test was skipped (see build/integration.log)" >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: scripts/dev.sh run|test|build|fuzz|test-sanitize|test-tsan|integration" >&2
    exit 2
    ;;
esac
