#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The two Quick start commands:
#   packaging/dev.sh start   install what is missing, build, start the workbench on the example
#   packaging/dev.sh test    install what is missing, build, run the whole test suite (not bench)
#   packaging/dev.sh bench   build and run the benchmarks (ctest label bench)
# Environment: PRESET (default dev; CI uses ci, where warnings are errors).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cmd="${1:-start}"; shift || true
preset="${PRESET:-dev}"

"$root/packaging/install-deps.sh"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j"$(nproc)"

case "$cmd" in
start)
    exe="$root/build/$preset/app/scone-workbench"
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        shot="$root/build/$preset/screenshot.png"
        echo "No display: rendering the main window to $shot instead (scone-workbench --screenshot)."
        exec "$exe" --screenshot "$shot" "$@"
    fi
    exec "$exe" "$@"
    ;;
test|bench)
    # A private session bus with an unlocked GNOME Keyring, so keychain tests are real, and a
    # fresh HOME so settings and keyrings never leak between runs.
    label_args=(-LE bench)
    [ "$cmd" = bench ] && label_args=(-L bench -V)
    export CTEST_ARGS="${label_args[*]} $*"
    export TEST_BUILD_DIR="$root/build/$preset"
    exec dbus-run-session -- bash -c '
        set -euo pipefail
        export HOME="$(mktemp -d)" XDG_RUNTIME_DIR="$(mktemp -d)"
        chmod 700 "$XDG_RUNTIME_DIR"
        export QT_QPA_PLATFORM=offscreen WORKBENCH_REQUIRE_KEYCHAIN=1 WORKBENCH_REQUIRE_IMAGE_TOOLS=1 \
            WORKBENCH_REQUIRE_LOCAL_RUN_TOOLS=1
        echo -n workbench-ci | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        ctest --test-dir "$TEST_BUILD_DIR" --output-on-failure -j2 $CTEST_ARGS
    '
    ;;
*)
    echo "usage: packaging/dev.sh start|test|bench [ARGS]" >&2
    exit 2
    ;;
esac
