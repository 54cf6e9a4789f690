#!/bin/sh
# Regenerates the seed corpora in fuzz/corpus/ from real traffic: pickles written by every
# Python interpreter on the machine (/usr/bin/python3 and pyenv's), frames made by the real
# encoder around them, module names and Python sources. Needs build-fuzz/ (scripts/fuzz.sh
# builds it). The seeds are committed; run this only to refresh them.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ECONTEXT_FUZZ_BUILD_DIR:-$root/build-fuzz}
corpus=$root/fuzz/corpus

rm -rf "$corpus/fuzz_pickle" "$corpus/fuzz_frame" "$corpus/fuzz_modulename"
mkdir -p "$corpus/fuzz_pickle" "$corpus/fuzz_frame" "$corpus/fuzz_modulename"

raw=--raw
for python in /usr/bin/python3 "$HOME"/.pyenv/versions/*/bin/python; do
    [ -x "$python" ] || continue
    "$python" "$root/fuzz/gen_pickles.py" "$corpus/fuzz_pickle" $raw
    raw=
done
# Many interpreters write the same bytes: keep one file per content.
(cd "$corpus/fuzz_pickle" && sha1sum -- * | sort -k1,1 -s | awk 'seen[$1]++ { print $2 }' | xargs -r rm --)

# Frames around the typical payloads (not the hostile ones: those never get that far).
set --
for f in "$corpus"/fuzz_pickle/py*-*; do
    case "$f" in
    *os-system* | *eval* | *arbitrary* | *recursive* | *exception* | *nested* | *dict-500*) ;;
    *) set -- "$@" "$f" ;;
    esac
done
"$build/make_frame_seeds" "$corpus/fuzz_frame" "$@"

python3 "$root/fuzz/gen_modulenames.py" "$corpus/fuzz_modulename" \
    "$root/resources/python/econtext/first_stage.py" \
    "$root/resources/python/econtext/core.py" \
    /usr/lib/python3.11/json/__init__.py /usr/lib/python3.11/contextlib.py \
    /usr/lib/python3.11/importlib/__init__.py /usr/lib/python3.11/logging/config.py \
    "$HOME/.pyenv/versions/2.7.18/lib/python2.7/os.py"
