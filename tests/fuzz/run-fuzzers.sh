#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds every libFuzzer target (tests/fuzz/fuzz_*.cpp) with the `fuzz` CMake preset (clang,
# AddressSanitizer + UndefinedBehaviorSanitizer) and runs each for SECONDS.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS] [TARGET...]      e.g.  tests/fuzz/run-fuzzers.sh 300 fuzz_manifest
#
# Each target starts from its checked-in corpus tests/fuzz/corpus/<name>/ (read only); inputs it
# discovers go to build/fuzz/fuzz-corpus/<name>/ and crashes to build/fuzz/fuzz-artifacts/. Copy a
# crash into the checked-in corpus once it is fixed: ctest replays that corpus in every build.
# Environment: FUZZ_JOBS (parallel build jobs, default 2), FUZZ_BUILD_DIR (default build/fuzz).
set -euo pipefail

seconds=${1:-60}
[[ $# -gt 0 ]] && shift
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$src/build/fuzz}
jobs=${FUZZ_JOBS:-2}

if [[ $# -gt 0 ]]; then
    targets=("$@")
else
    targets=()
    for f in "$src"/tests/fuzz/fuzz_*.cpp; do
        [[ -e $f ]] && targets+=("$(basename "${f%.cpp}")")
    done
fi
if [[ ${#targets[@]} -eq 0 ]]; then
    echo "run-fuzzers: no fuzz targets in tests/fuzz" >&2
    exit 1
fi

echo "== configuring $build (preset fuzz)"
(cd "$src" && cmake --preset fuzz -B "$build" >/dev/null)
echo "== building ${targets[*]}"
cmake --build "$build" --target "${targets[@]}" -j"$jobs"

mkdir -p "$build/fuzz-artifacts"
failed=()
for t in "${targets[@]}"; do
    short=${t#fuzz_}
    bin="$build/tests/$t"
    corpus="$src/tests/fuzz/corpus/$short"
    work="$build/fuzz-corpus/$short"
    mkdir -p "$work"
    [[ -d $corpus ]] || corpus=""
    echo "== $t for ${seconds}s (corpus: ${corpus:-none})"
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    if ! "$bin" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
            -artifact_prefix="$build/fuzz-artifacts/$t-" "$work" ${corpus:+"$corpus"}; then
        failed+=("$t")
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "run-fuzzers: FAILED: ${failed[*]} (see $build/fuzz-artifacts/)" >&2
    exit 1
fi
echo "run-fuzzers: all ${#targets[@]} target(s) ran ${seconds}s without a crash or sanitizer report"
