# Compiles module source into bytecode for the master's cache (docs/performance.md).
# Runs only on the master's machine, in an interpreter found there; Python 2.7 and 3.6+.
# Says its magic number first (>I length, bytes); then per request on stdin (>I length,
# filename; >I length, zlib(source)) answers >BI status, length: 0 and zlib(marshal(code)),
# or 1 and the error.
import marshal, struct, sys, zlib
try:
    from importlib.util import MAGIC_NUMBER as M
except ImportError:
    import imp
    M = imp.get_magic()
r = getattr(sys.stdin, 'buffer', sys.stdin)
w = getattr(sys.stdout, 'buffer', sys.stdout)


def readn(n):
    b = r.read(n)
    if len(b) < n:
        sys.exit(0)
    return b


w.write(struct.pack('>I', len(M)) + M)
w.flush()
while True:
    fn = readn(struct.unpack('>I', readn(4))[0])
    fn = fn.decode('utf-8') if sys.version_info[0] > 2 else fn
    src = zlib.decompress(readn(struct.unpack('>I', readn(4))[0]))
    try:
        out, st = zlib.compress(marshal.dumps(compile(src, fn, 'exec', 0, 1)), 6), 0
    except Exception as e:
        out, st = str(e).encode('utf-8', 'replace'), 1
    w.write(struct.pack('>BI', st, len(out)) + out)
    w.flush()
