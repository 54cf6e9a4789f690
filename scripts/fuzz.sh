#!/bin/sh
# Builds the libFuzzer targets of fuzz/ into build-fuzz/ with clang and runs each of them:
# first over its saved regressions (fuzz/regressions/<target>/), then for N seconds on a
# copy of its seed corpus (fuzz/corpus/<target>/). Prints executions, speed and coverage per
# target; exits non-zero when any target crashes, leaks or trips a sanitizer, and saves the
# input that did it in fuzz/crashes/. See docs/fuzzing.md.
#
#   scripts/fuzz.sh [--seconds N] [--long] [TARGET...]
#     --seconds N   fuzzing time per target (default 20)
#     --long        600 seconds per target
#     TARGET        fuzz_frame, fuzz_pickle, fuzz_modulename (default: all)
# Environment: ECONTEXT_FUZZ_BUILD_DIR (default <repo>/build-fuzz), CXX/CC (default clang).
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=20
targets=""
while [ $# -gt 0 ]; do
    case "$1" in
    --seconds)
        [ $# -ge 2 ] || { echo "fuzz.sh: --seconds needs a number." >&2; exit 2; }
        seconds=$2
        shift 2
        ;;
    --long)
        seconds=600
        shift
        ;;
    -h | --help)
        awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
        exit 0
        ;;
    fuzz_*)
        targets="$targets $1"
        shift
        ;;
    *)
        echo "fuzz.sh: unknown argument '$1'; see --help." >&2
        exit 2
        ;;
    esac
done
case "$seconds" in
'' | *[!0-9]*) echo "fuzz.sh: --seconds takes a whole number of seconds." >&2; exit 2 ;;
esac
[ -n "$targets" ] || targets="fuzz_frame fuzz_pickle fuzz_modulename"

cxx=${CXX:-clang++}
cc=${CC:-clang}
case "$cxx" in *clang*) ;; *) cxx=clang++ cc=clang ;; esac

# The only allowed skip: no clang, or no libFuzzer runtime (libclang-rt-14-dev).
probe_dir=$(mktemp -d)
trap 'rm -rf "$probe_dir"' EXIT
if ! command -v "$cxx" >/dev/null 2>&1; then
    echo "SKIPPED: clang/libFuzzer not installed ($cxx not found; scripts/install-deps.sh --test installs it)"
    exit 0
fi
printf '#include <cstddef>\n#include <cstdint>\nextern "C" int LLVMFuzzerTestOneInput(const uint8_t *, size_t) { return 0; }\n' \
    >"$probe_dir/probe.cpp"
if ! "$cxx" -fsanitize=fuzzer,address,undefined "$probe_dir/probe.cpp" -o "$probe_dir/probe" \
    >"$probe_dir/probe.log" 2>&1; then
    echo "SKIPPED: clang/libFuzzer not installed (the fuzzer runtime is missing; scripts/install-deps.sh --test installs libclang-rt-14-dev)"
    exit 0
fi

build=${ECONTEXT_FUZZ_BUILD_DIR:-$root/build-fuzz}
generator=
command -v ninja >/dev/null 2>&1 && generator="-G Ninja"
if [ ! -f "$build/CMakeCache.txt" ]; then
    # shellcheck disable=SC2086
    cmake -S "$root/fuzz" -B "$build" $generator -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_C_COMPILER="$cc" >"$probe_dir/configure.log" 2>&1 || {
        cat "$probe_dir/configure.log"
        echo "fuzz.sh: configuring $build failed." >&2
        exit 1
    }
fi
echo "Building fuzz targets in $build ..."
# shellcheck disable=SC2086
if ! cmake --build "$build" --target $targets >"$probe_dir/build.log" 2>&1; then
    cat "$probe_dir/build.log"
    echo "fuzz.sh: building the fuzz targets failed." >&2
    exit 1
fi

crashes=$root/fuzz/crashes
failed=0
total_execs=0
printf '%-16s %10s %8s %6s %6s %6s  %s\n' target executions exec/s cov ft new result
for target in $targets; do
    bin=$build/$target
    work=$(mktemp -d "${TMPDIR:-/tmp}/econtext-$target.XXXXXX")
    log=$work/log
    result=ok
    mkdir -p "$crashes" "$work/corpus"

    # Saved crash inputs run once each; any of them failing is a regression.
    regressions=$root/fuzz/regressions/$target
    if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions" 2>/dev/null)" ]; then
        if ! "$bin" -runs=1 "$regressions"/* >"$work/regressions.log" 2>&1; then
            result="REGRESSION"
            tail -n 40 "$work/regressions.log"
            echo "$target: a saved regression input fails again (log above)." >&2
        fi
    fi

    if [ "$result" = ok ]; then
        cp -R "$root/fuzz/corpus/$target/." "$work/corpus/" 2>/dev/null || true
        dict=
        [ -f "$root/fuzz/dicts/$target.dict" ] && dict="-dict=$root/fuzz/dicts/$target.dict"
        # shellcheck disable=SC2086
        "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=25 -rss_limit_mb=4096 \
            -print_final_stats=1 -artifact_prefix="$crashes/$target-" $dict \
            "$work/corpus" >"$log" 2>&1
        status=$?
        if [ $status -ne 0 ] || grep -q -e '^==[0-9]*==ERROR' -e 'runtime error:' "$log"; then
            result="CRASH"
            tail -n 60 "$log"
            echo "$target: libFuzzer exit status $status; input saved under $crashes/ (log above)." >&2
        fi
    fi

    if [ -f "$log" ]; then
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
        speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
        new=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -n 1)
        # The last status line ("#N DONE cov: C ft: F corp: ...") holds the coverage.
        last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
        cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
        ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    else
        execs='' speed='' new='' cov='' ft=''
    fi
    printf '%-16s %10s %8s %6s %6s %6s  %s\n' "$target" "${execs:--}" "${speed:--}" \
        "${cov:--}" "${ft:--}" "${new:--}" "$result"
    total_execs=$((total_execs + ${execs:-0}))
    if [ "$result" = ok ]; then
        rm -rf "$work"
    else
        failed=1
        echo "$target: work directory kept: $work" >&2
    fi
done
rmdir "$crashes" 2>/dev/null # only kept when it holds a crash
echo "Total executions: $total_execs in ${seconds}s per target."
if [ $failed -ne 0 ]; then
    echo "fuzz.sh: a fuzz target failed; add the saved input to fuzz/regressions/<target>/ once fixed." >&2
    exit 1
fi
exit 0
