#!/usr/bin/env bash
# Installs what is missing (Debian packages), builds Spindle, then either
# runs the main example or the whole test suite.
#
#   bash tools/bootstrap.sh example   # install, build, run examples/embed
#   bash tools/bootstrap.sh test      # install, build, run ctest
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-test}
packages=(g++ cmake make python3 libboost-context-dev nlohmann-json3-dev libfmt-dev catch2 libsqlite3-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPINDLE_WERROR=ON >/dev/null
cmake --build build -j"$jobs"

case "$mode" in
  example)
    ./build/examples/embed_example examples/embed/game.py
    ;;
  test)
    ctest --test-dir build --output-on-failure -j"$jobs"
    # The same suite again under AddressSanitizer, UndefinedBehaviorSanitizer
    # and LeakSanitizer: memory errors and leaks fail the run.
    cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DSPINDLE_SANITIZE=ON -DSPINDLE_WERROR=ON >/dev/null
    cmake --build build-sanitize -j"$jobs"
    ctest --test-dir build-sanitize --output-on-failure -j"$jobs"
    ;;
  *)
    echo "usage: $0 example|test" >&2
    exit 2
    ;;
esac
