#!/usr/bin/env bash
# Installs what is missing (Debian packages), builds Spindle, then either
# runs the main example or the whole test suite.
#
#   bash tools/bootstrap.sh example   # install, build, run examples/embed
#   bash tools/bootstrap.sh test      # install, build, run ctest, fuzz
#
# The test mode ends with a bounded libFuzzer run of the pickle loader
# (fuzz/pickle_loads_fuzz, clang): SPINDLE_FUZZ_SECONDS (default 180) sets
# its length, 0 skips it. A crash, sanitizer report, leak, timeout or
# out-of-memory fails the run; the input is kept in build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-test}
packages=(g++ cmake make python3 libboost-context-dev nlohmann-json3-dev libfmt-dev catch2 libsqlite3-dev)
# The test run also builds the loader's fuzzer with clang and libFuzzer.
if [[ $mode == test ]]; then packages+=(clang libclang-rt-14-dev); fi

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
    # The libraries again with clang, instrumented for libFuzzer and built
    # with ASan and UBSan; then the loader fuzzer on a
    # copy of its seed corpus (the golden documents and the regressions).
    fuzz_seconds=${SPINDLE_FUZZ_SECONDS:-180}
    if [[ $fuzz_seconds != 0 ]]; then
      CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPINDLE_FUZZ=ON -DSPINDLE_WERROR=ON >/dev/null
      cmake --build build-fuzz -j"$jobs" --target pickle_loads_fuzz
      corpus=$(mktemp -d)
      trap 'rm -rf "$corpus"' EXIT
      cp tests/pickle/golden/*.json fuzz/regressions/*.json "$corpus"/
      mkdir -p build-fuzz/artifacts
      ./build-fuzz/fuzz/pickle_loads_fuzz -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
        -detect_leaks=1 -dict=fuzz/pickle.dict -artifact_prefix=build-fuzz/artifacts/ \
        -print_final_stats=1 "$corpus"
    fi
    ;;
  *)
    echo "usage: $0 example|test" >&2
    exit 2
    ;;
esac
