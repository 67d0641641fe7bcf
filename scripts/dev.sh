#!/usr/bin/env bash
# clscope developer entry point (Debian 12, run as root or with sudo).
#   scripts/dev.sh run [clscope args...]  install what is missing, build, open clscope
#   scripts/dev.sh test                   install what is missing, build, run every test
#   scripts/dev.sh build                  install what is missing, build
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config
  libncurses-dev libtbb-dev libhwloc-dev hwloc
  ocl-icd-opencl-dev opencl-clhpp-headers opencl-c-headers
  libtomlplusplus-dev nlohmann-json3-dev libgtest-dev
  pocl-opencl-icd clinfo tmux groff-base man-db python3
)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
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
  *)
    echo "usage: scripts/dev.sh run|test|build" >&2
    exit 2
    ;;
esac
