# Writes fuzz_pickle seeds: the pickles real traffic carries, as this interpreter writes
# them at every protocol from 2 to its highest, plus hostile ones. Runs on Python 2.7 and
# 3.6+. Usage: PYTHON gen_pickles.py OUT_DIR [--raw]   (--raw: also the handcrafted ones)
import os
import pickle
import struct
import sys
import time
import types

PY2 = sys.version_info[0] == 2
TAG = 'py%d.%d.%d' % sys.version_info[:3]
out = sys.argv[1]
if not os.path.isdir(out):
    os.makedirs(out)

# A stand-in for econtext.core.CallError, reduced the way resources/python/econtext/core.py
# reduces it: the global econtext.core CallError applied to (type, message, traceback).
econtext = types.ModuleType('econtext')
core = types.ModuleType('econtext.core')


class CallError(Exception):
    def __init__(self, t, m='', tb=''):
        Exception.__init__(self, t, m, tb)
        self.type, self.message, self.tb = t, m, tb

    def __reduce__(self):
        return (CallError, (self.type, self.message, self.tb))


CallError.__module__ = 'econtext.core'
core.CallError = CallError
econtext.core = core
sys.modules['econtext'] = econtext
sys.modules['econtext.core'] = core


class Evil(object):
    """Reduces to os.system: the classic code-running pickle."""

    def __reduce__(self):
        return (os.system, ('echo pwned',))


class EvalEvil(object):
    def __reduce__(self):
        return (eval, ("__import__('os').system('id')",))


class Thing(object):
    """An arbitrary class: NEWOBJ / BUILD (or REDUCE of copy_reg) in the pickle."""

    def __init__(self):
        self.a = 1
        self.b = [1, 2]


def text(s):
    return s.decode('utf-8') if PY2 else s


shared = [1, 2, 3]
payloads = {
    'call': ('mypkg.tasks', None, 'compute',
             (1, -2, 2 ** 70, -2 ** 70, 3.5, float('inf'), text('t\xc3\xa9xt \xe2\x82\xac'),
              b'\x00\xffbytes', [1, [2, [3]]], {'k': (1, 2)}, None, True, False),
             {'timeout': 30, 'verbose': True}),
    'call-method': ('mypkg.tasks', 'Worker', 'run', (), {}),
    'call-io': ('econtext.core', None, 'ping', (), {}),
    'run-command': ('econtext.core', None, 'run_command',
                    (['sh', '-c', 'echo hi'], 1000), {'cwd': '/tmp', 'env': None, 'shell': False}),
    'hello': {'version': sys.version, 'version_info': tuple(sys.version_info),
              'pid': os.getpid(), 'user': 'root', 'host': 'buildhost', 'platform': sys.platform,
              'executable': sys.executable, 'protocol': 2 if PY2 else 4},
    'config': {'key': 'ab' * 32, 'context_id': 3, 'parent_id': 0, 'name': 'local.3',
               'log_level': 20, 'protocol': 2},
    'log': ('econtext.core', 20, time.time(), 'MainThread',
            text('started \x1b[31mred\x1b[0m \xe2\x9c\x93')),
    'output': (1, [text('line one'), text('line two \xc3\xbc'), text('')]),
    'get-module': text('pkg.sub.mod'),
    'module-reply': ('pkg.sub.mod', 'ok'),
    'import-event': ('pkg.mod', 'served', 12.5),
    'stream-chunk': ('out', b'partial output\n' * 20),
    'dead': text('context disconnected'),
    'call-error': CallError('ZeroDivisionError', 'division by zero',
                            'Traceback (most recent call last):\n  File "x.py", line 1\n'),
    'result-sets': (set([1, 2, 3]), frozenset(['a', 'b']), set(), frozenset()),
    'result-shared': (shared, shared, {'x': shared}),
    'result-empty': ((), [], {}, '', b''),
    'ints': (0, 1, 255, 256, 65535, 65536, 2 ** 31 - 1, -2 ** 31, 2 ** 63 - 1, -2 ** 63,
             2 ** 64, -2 ** 64 - 1, 2 ** 1000),
    'floats': (float('nan'), -0.0, 1e308, 5e-324, -1.5),
    'nested-150': None,
    'nested-250': None,
    'dict-500': dict(('key%d' % i, i) for i in range(500)),
    'none': None,
    'bool': True,
}
nested = []
for _ in range(150):
    nested = [nested]
payloads['nested-150'] = nested
nested = []
for _ in range(250):
    nested = [nested]
payloads['nested-250'] = nested
if not PY2:
    payloads['lone-surrogate'] = '\ud800 and \U0001f600'
    payloads['bytes-py3'] = (b'', b'\x80\x81', bytearray(b'ba'))
else:
    payloads['str-py2'] = ('native str', 'caf\xe9', unicode('u'))  # noqa: F821

hostile = {
    'os-system': Evil(),
    'builtins-eval': EvalEvil(),
    'arbitrary-class': Thing(),
    'exception': ValueError('not a CallError'),
}
recursive = []
recursive.append(recursive)
hostile['recursive-list'] = recursive


def write(name, data):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)


count = 0
for proto in range(2, pickle.HIGHEST_PROTOCOL + 1):
    for name, value in sorted(list(payloads.items()) + list(hostile.items())):
        try:
            data = pickle.dumps(value, proto)
        except Exception:
            continue
        write('%s-%s-p%d' % (TAG, name, proto), data)
        count += 1
    if proto == 2:
        write('%s-call-p0' % TAG, pickle.dumps(payloads['call'], 0))
        count += 1

if '--raw' in sys.argv:
    raw = {}
    n = 30000
    raw['deep-lists'] = b'\x80\x02' + b']' * n + b'a' * (n - 1) + b'.'
    raw['deep-marks'] = b'\x80\x02' + b'(' * n + b'.'
    raw['deep-tuples'] = b'\x80\x02N' + b'\x85' * n + b'.'
    # Each level a tuple of the one before twice (memo references): 2**40 objects once
    # expanded, in 300 bytes.
    laughs = b'\x80\x02]q\x00'
    for i in range(1, 41):
        laughs += b'h' + struct.pack('<B', i - 1) + b'h' + struct.pack('<B', i - 1)
        laughs += b'\x86q' + struct.pack('<B', i)
    raw['billion-laughs'] = laughs + b'.'
    # The same with lists, which stay open (nodes) until STOP: caught when the graph freezes.
    laughs = b'\x80\x02]q\x000'
    for i in range(1, 41):
        laughs += b'](h' + struct.pack('<B', i - 1) + b'h' + struct.pack('<B', i - 1)
        laughs += b'eq' + struct.pack('<B', i) + b'0'
    raw['billion-laughs-lists'] = laughs + b'h\x28.'
    raw['huge-binunicode'] = b'\x80\x02X\xff\xff\xff\xffabc.'
    raw['huge-binbytes8'] = b'\x80\x04\x8e' + struct.pack('<Q', 2 ** 63) + b'abc.'
    raw['huge-binbytes8-max'] = b'\x80\x04\x8e' + b'\xff' * 8 + b'abc.'
    raw['huge-long4'] = b'\x80\x02\x8b\xff\xff\xff\x7f\x01.'
    raw['huge-frame'] = b'\x80\x04\x95' + b'\xff' * 8 + b'N.'
    raw['huge-binstring'] = b'\x80\x02T\xff\xff\xff\x7fab.'
    raw['huge-bytearray8'] = b'\x80\x05\x96' + b'\xff' * 8 + b'.'
    raw['huge-memo-get'] = b'\x80\x02j\xff\xff\xff\xff.'
    raw['huge-memo-put'] = b'\x80\x02Nr\xff\xff\xff\xff.'
    raw['text-int-long'] = b'I' + b'9' * 5000 + b'\n.'
    raw['text-long-huge'] = b'L' + b'-' + b'7' * 20000 + b'L\n.'
    raw['text-float'] = b'F1e999\n.'
    raw['global-os-system'] = b'cos\nsystem\n(S\'id\'\ntR.'
    raw['global-posix-system'] = b'\x80\x02cposix\nsystem\nX\x02\x00\x00\x00idtR.'
    raw['global-eval'] = b'\x80\x02c__builtin__\neval\nX\x01\x00\x00\x001\x85R.'
    raw['stack-global-eval'] = (b'\x80\x04\x8c\x08builtins\x8c\x04eval\x93'
                                b'\x8c\x011\x85R.')
    raw['stack-global-callerror-bad'] = (b'\x80\x04\x8c\recontext.core\x8c\tCallError\x93'
                                         b'K\x01\x85R.')
    raw['callerror-build'] = (b'\x80\x02cecontext.core\nCallError\nX\x01\x00\x00\x00a'
                              b'X\x00\x00\x00\x00X\x00\x00\x00\x00\x87R}b.')
    raw['inst'] = b'(ios\nsystem\nS\'id\'\np0\n.'
    raw['obj'] = b'\x80\x02(cos\nsystem\nX\x02\x00\x00\x00ido.'
    raw['persid'] = b'P1\n.'
    raw['binpersid'] = b'\x80\x02K\x01Q.'
    raw['ext1'] = b'\x80\x02\x82\x01.'
    raw['newobj-ex'] = b'\x80\x04cbuiltins\nset\n)}\x92.'
    raw['set-of-dict'] = b'\x80\x02c__builtin__\nset\n]}a\x85R.'
    raw['set-of-list-in-tuple'] = b'\x80\x02c__builtin__\nset\n]]a\x85R.'
    raw['set-reduce-notlist'] = b'\x80\x02c__builtin__\nset\nK\x01\x85R.'
    raw['codecs-encode'] = b'\x80\x02c_codecs\nencode\nX\x02\x00\x00\x00\xc4\x80X\x06\x00\x00\x00latin1\x86R.'
    raw['codecs-encode-utf8'] = b'\x80\x02c_codecs\nencode\nX\x01\x00\x00\x00aX\x05\x00\x00\x00utf-8\x86R.'
    raw['dict-odd'] = b'\x80\x02}(K\x01u.'
    raw['dict-unhashable'] = b'\x80\x02}]K\x01s.'
    raw['setitem-on-tuple'] = b'\x80\x02)K\x01K\x02s.'
    raw['append-on-dict'] = b'\x80\x02}K\x01a.'
    raw['empty-stop'] = b'\x80\x02.'
    raw['two-items-stop'] = b'\x80\x02NN.'
    raw['no-stop'] = b'\x80\x02N'
    raw['proto-9'] = b'\x80\x09N.'
    raw['pop-empty'] = b'\x80\x020N.'
    raw['popmark-nomark'] = b'\x80\x021N.'
    raw['dup-empty'] = b'\x80\x022.'
    raw['memoize-empty'] = b'\x80\x04\x94N.'
    raw['binunicode-bad-utf8'] = b'\x80\x02X\x02\x00\x00\x00\xff\xfe.'
    raw['shortbinunicode-surrogate'] = b'\x80\x04\x8c\x03\xed\xa0\x80.'
    raw['long1-negative-zero'] = b'\x80\x02\x8a\x02\x00\x80.'
    raw['long1-empty'] = b'\x80\x02\x8a\x00.'
    raw['cycle-dict'] = b'\x80\x02}q\x00X\x01\x00\x00\x00ah\x00s.'
    raw['cycle-via-tuple'] = b'\x80\x02]q\x00h\x00\x85q\x01a.'
    raw['frozenset-items'] = b'\x80\x04(K\x01K\x02\x91.'
    raw['additems-dup'] = b'\x80\x04\x8f(K\x01K\x01\x90.'
    for name, data in sorted(raw.items()):
        write('raw-%s' % name, data)
        count += 1

sys.stdout.write('%s: %d pickles\n' % (TAG, count))
