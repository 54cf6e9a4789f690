#!/usr/bin/env bash
# Builds and runs the whole test suite twice: the normal build (build/, as a
# developer builds it), then the same tests built with AddressSanitizer,
# LeakSanitizer and UndefinedBehaviorSanitizer (build-asan/), where any report
# fails its test. Prints one summary with the time of each step; exits non-zero
# when anything failed. README.md's test command and CI run this. See docs/testing.md.
#
#   scripts/test-all.sh [--normal-only | --asan-only] [-- CTEST_ARGS...]
#     --normal-only   only the normal build and its tests
#     --asan-only     only the sanitized build and its tests
#     CTEST_ARGS      passed to both ctest runs (e.g. -R broker)
# Environment:
#   ECONTEXT_BUILD_DIR       normal build tree (default <repo>/build)
#   ECONTEXT_ASAN_BUILD_DIR  sanitized build tree (default <repo>/build-asan)
#   ECONTEXT_SANITIZE        sanitizers (default address,undefined)
#   ECONTEXT_TEST_JOBS       parallel tests (default 2, the CI machine's cores)
#   ECONTEXT_LOAD_CONTEXTS / ECONTEXT_LOAD_CALLS  size of broker.tst_load in the
#                            sanitized run (default 20 contexts x 200 calls)
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${ECONTEXT_BUILD_DIR:-$root/build}
asan=${ECONTEXT_ASAN_BUILD_DIR:-$root/build-asan}
sanitize=${ECONTEXT_SANITIZE:-address,undefined}
jobs=${ECONTEXT_TEST_JOBS:-2}
run_normal=1
run_asan=1
while [ $# -gt 0 ]; do
    case "$1" in
    --normal-only) run_asan=0; shift ;;
    --asan-only) run_normal=0; shift ;;
    --) shift; break ;;
    -h | --help)
        awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
        exit 0
        ;;
    *)
        echo "test-all.sh: unknown argument '$1'; see --help." >&2
        exit 2
        ;;
    esac
done
ctest_args=("$@")

summary=()
failed=0
total_passed=0
total_failed=0
total_skipped=0
started=$(date +%s)

# step NAME COMMAND...: runs it, times it, remembers the outcome.
step() {
    local name=$1
    shift
    local t0 rc
    t0=$(date +%s)
    echo
    echo "=== $name: $*"
    "$@"
    rc=$?
    summary+=("$(printf '%-28s %5ss  %s' "$name" $(($(date +%s) - t0)) "$([ $rc = 0 ] && echo ok || echo "FAILED ($rc)")")")
    [ $rc = 0 ] || failed=1
    return $rc
}

# run_ctest DIR LOG [ENV...]: ctest on DIR, output also kept in LOG for the counts.
# shellcheck disable=SC2317 # called through step
run_ctest() {
    local dir=$1 log=$2
    shift 2
    env "$@" ctest --test-dir "$dir" --output-on-failure -j"$jobs" "${ctest_args[@]}" 2>&1 | tee "$log"
    return "${PIPESTATUS[0]}"
}

# count LOG LABEL: adds ctest's counts from LOG to the totals and the summary.
count() {
    local log=$1 label=$2 line total bad skipped
    line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        summary+=("$(printf '%-28s no ctest summary (see above)' "$label")")
        failed=1
        return
    fi
    bad=$(sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/' <<<"$line")
    total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
    skipped=$(grep -cE '\*\*\*Skipped|\*\*\*Not Run' "$log")
    total_failed=$((total_failed + bad))
    total_skipped=$((total_skipped + skipped))
    total_passed=$((total_passed + total - bad - skipped))
    summary+=("$(printf '%-28s %s tests, %s failed, %s skipped' "$label" "$total" "$bad" "$skipped")")
}

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

if [ $run_normal = 1 ]; then
    step "normal: configure" cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        && step "normal: build" cmake --build "$build" \
        && { step "normal: ctest" run_ctest "$build" "$logs/normal.log"; count "$logs/normal.log" "normal: results"; }
fi

if [ $run_asan = 1 ]; then
    # -O1 keeps the sanitized build and run fast enough for CI; -g1 is enough for
    # symbolized stacks. Only what the tests run is built (not the GUI program).
    step "asan: configure" cmake -S "$root" -B "$asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
        "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" "-DECONTEXT_SANITIZE=$sanitize" \
        && step "asan: build" cmake --build "$asan" --target econtext_tests \
        && {
            step "asan: ctest" run_ctest "$asan" "$logs/asan.log" \
                "ECONTEXT_LOAD_CONTEXTS=${ECONTEXT_LOAD_CONTEXTS:-20}" \
                "ECONTEXT_LOAD_CALLS=${ECONTEXT_LOAD_CALLS:-200}"
            count "$logs/asan.log" "asan: results"
            # A sanitizer report always fails its test (halt_on_error); say which kind it was.
            reports=$(grep -cE '^(==[0-9]+==ERROR: (Address|Leak)Sanitizer|SUMMARY: UndefinedBehaviorSanitizer|.*runtime error: )' "$logs/asan.log")
            summary+=("$(printf '%-28s %s' "asan: sanitizer reports" "$reports")")
            [ "$reports" = 0 ] || failed=1
        }
fi

echo
echo "=== test-all summary (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
for line in "${summary[@]}"; do
    echo "  $line"
done
echo "  total wall time              $(($(date +%s) - started))s"
echo "test-all: $total_passed passed, $total_failed failed, $total_skipped skipped"
exit $failed
