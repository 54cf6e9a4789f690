#!/usr/bin/env bash
# Runs ctest over one build tree N times and counts, per test program and per
# test function, how often it failed: the way to find a test that fails only
# sometimes (docs/testing.md, "Hunting flaky tests"). Optionally keeps K CPU hogs
# busy beside the tests, as on a loaded machine. Exits non-zero when any run failed.
#
#   scripts/flake-hunt.sh [-n N] [--hog K] [--build DIR] [-- CTEST_ARGS...]
#     -n N         rounds (default 20); every round runs each selected test once
#     --hog K      K busy loops (`yes > /dev/null`) run beside the tests, ended at exit
#     --build DIR  the build tree (default <repo>/build; e.g. build-asan)
#     CTEST_ARGS   selects tests (e.g. -R 'ui\.'); -j comes from ECONTEXT_TEST_JOBS (default 2)
# Each failed round's output is kept in a directory the summary names.
set -o pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
rounds=20
hogs=0
jobs=${ECONTEXT_TEST_JOBS:-2}
while [ $# -gt 0 ]; do
    case "$1" in
    -n) rounds=${2:?-n needs a number}; shift 2 ;;
    --hog) hogs=${2:?--hog needs a number}; shift 2 ;;
    --build) build=${2:?--build needs a directory}; shift 2 ;;
    --) shift; break ;;
    -h | --help)
        awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
        exit 0
        ;;
    *)
        echo "flake-hunt.sh: unknown argument '$1'; see --help." >&2
        exit 2
        ;;
    esac
done
ctest_args=("$@")
# The sanitized tree runs broker.tst_load smaller, as scripts/test-all.sh does.
if grep -q '^ECONTEXT_SANITIZE:STRING=.' "$build/CMakeCache.txt" 2>/dev/null; then
    export ECONTEXT_LOAD_CONTEXTS=${ECONTEXT_LOAD_CONTEXTS:-20}
    export ECONTEXT_LOAD_CALLS=${ECONTEXT_LOAD_CALLS:-200}
fi

logs=$(mktemp -d /tmp/flake-hunt.XXXXXX)
hog_pids=()
stop_hogs() {
    [ ${#hog_pids[@]} -gt 0 ] && kill "${hog_pids[@]}" 2>/dev/null
    hog_pids=()
}
trap stop_hogs EXIT
trap 'stop_hogs; exit 130' INT TERM
for ((i = 0; i < hogs; ++i)); do
    yes >/dev/null &
    hog_pids+=($!)
done

declare -A runs fails
declare -A function_fails
bad_rounds=0
started=$(date +%s)
for ((round = 1; round <= rounds; ++round)); do
    log=$logs/round-$round.log
    ctest --test-dir "$build" --output-on-failure -j"$jobs" "${ctest_args[@]}" >"$log" 2>&1
    rc=$?
    # "12/35 Test #30: ui.tst_reconnect ......   Passed   19.97 sec" (or ***Failed, ***Timeout, ...)
    while read -r name status; do
        runs[$name]=$((${runs[$name]:-0} + 1))
        [ "$status" = Passed ] || fails[$name]=$((${fails[$name]:-0} + 1))
    done < <(sed -nE 's/^ *[0-9]+\/[0-9]+ Test +#[0-9]+: ([^ ]+) \.+ *(\*\*\*)?([A-Za-z]+).*/\1 \3/p' "$log")
    while read -r fn; do
        function_fails[$fn]=$((${function_fails[$fn]:-0} + 1))
    done < <(sed -nE 's/^FAIL! +: ([^(]+\([^)]*\)).*/\1/p' "$log" | sort -u)
    if [ $rc = 0 ]; then
        rm -f "$log"
    else
        bad_rounds=$((bad_rounds + 1))
    fi
    echo "flake-hunt: round $round/$rounds $([ $rc = 0 ] && echo ok || echo "FAILED (log: $log)")"
done
stop_hogs

echo
echo "=== flake-hunt: $rounds rounds in $build, $hogs hog(s), $(($(date +%s) - started))s" \
    "(load average: $(cut -d' ' -f1-3 /proc/loadavg))"
for name in $(printf '%s\n' "${!runs[@]}" | sort); do
    printf '  %-34s %3s runs  %3s failed\n' "$name" "${runs[$name]}" "${fails[$name]:-0}"
done
if [ ${#function_fails[@]} -gt 0 ]; then
    echo "  failed functions (rounds):"
    while IFS= read -r fn; do
        printf '    %-60s %s\n' "$fn" "${function_fails[$fn]}"
    done < <(printf '%s\n' "${!function_fails[@]}" | sort)
fi
[ $bad_rounds = 0 ] && rmdir "$logs"
echo "flake-hunt: $bad_rounds of $rounds rounds failed$([ $bad_rounds = 0 ] || echo "; their logs are in $logs")"
[ $bad_rounds = 0 ]
