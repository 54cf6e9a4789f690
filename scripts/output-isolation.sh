#!/bin/sh
# Measures what a context's hostile output costs the master (docs/isolation.md, Output):
#   peak    one frame of 16 million empty lines sent from inside a context: the peak
#           resident memory of econtext-cli itself (VmHWM, sampled every 10 ms)
#   sibling two contexts in one econtext-cli: one sends frames of 8 million empty lines
#           for 5 s, the other prints a time stamp every 20 ms for 3 s; the delay of each
#           stamp from print() in the context to econtext-cli's stdout (median, worst)
#
#   scripts/output-isolation.sh [--cli PATH] [--old-format] [--python PATH] peak|sibling
#     --cli PATH      the econtext-cli to measure (default <repo>/build/bin/econtext-cli)
#     --old-format    send the frames as the former pickled list of lines (for builds
#                     before the raw output frames)
#     --python PATH   the flooding interpreter (default ~/.pyenv/versions/3.12.1/bin/python;
#                     the sibling runs on /usr/bin/python3: they must differ)
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
cli=$root/build/bin/econtext-cli
old=0
flooder=$HOME/.pyenv/versions/3.12.1/bin/python
while [ $# -gt 1 ]; do
    case "$1" in
    --cli) cli=$2; shift 2 ;;
    --old-format) old=1; shift ;;
    --python) flooder=$2; shift 2 ;;
    *) echo "output-isolation.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
what=${1:-}

if [ $old = 1 ]; then
    frame16="(1, [''] * 8000000)"  # 16 MB, as the raw frame
    frame8="(1, [''] * 4000000)"
else
    frame16="bytes([1]) + bytes([10]) * 16000000, flags=1"
    frame8="bytes([1]) + bytes([10]) * 8000000, flags=1"
fi

case "$what" in
peak)
    out=$(mktemp)
    start=$(date +%s.%N)
    "$cli" eval local "__import__('econtext.core').core.ROUTER.send(105, $frame16)" \
        >"$out" 2>/dev/null &
    pid=$!
    hwm=0
    while kill -0 $pid 2>/dev/null; do
        v=$(awk '/VmHWM/ { print $2 }' /proc/$pid/status 2>/dev/null)
        [ -n "$v" ] && hwm=$v
        sleep 0.01
    done
    wait $pid
    end=$(date +%s.%N)
    echo "peak RSS $((hwm / 1024)) MiB, $(echo "$end - $start" | bc) s, $(wc -l <"$out") lines printed"
    rm -f "$out"
    ;;
sibling)
    code="import os, sys, time
n = 0
if sys.executable != '/usr/bin/python3':
    core = sys.modules['econtext.core']
    end = time.time() + 5
    while time.time() < end:
        core.ROUTER.send(105, $frame8)
        n += 1
else:
    for i in range(150):
        print('stamp %d %.6f' % (i, time.time()))
        time.sleep(0.02)
"
    hex=$(printf '%s' "$code" | od -An -tx1 | tr -d ' \n')
    "$cli" eval "local:$flooder" local:/usr/bin/python3 \
        "exec(__import__('binascii').unhexlify('$hex').decode(), globals()) or n" 2>/dev/null |
        python3 -c '
import sys, time
delays, rows, frames = [], 0, "?"
for line in sys.stdin.buffer:
    now = time.time()
    rows += 1
    parts = line.split()
    if len(parts) == 4 and parts[1] == b"stamp":
        delays.append(now - float(parts[3]))
    elif len(parts) == 2 and not parts[0].endswith(b"/usr/bin/python3:"):
        frames = parts[1].decode()
delays.sort()
if not delays:
    sys.exit("no time stamps arrived")
print("%d lines printed, %s frames sent, %d stamps: delay median %.1f ms, worst %.1f ms"
      % (rows, frames, len(delays), delays[len(delays) // 2] * 1000, delays[-1] * 1000))
'
    ;;
*)
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit 2
    ;;
esac
