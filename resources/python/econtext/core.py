# Econtext context core. Runs unchanged on Python 2.7 and 3.6+; sent
# zlib-compressed on every bootstrap, so it stays small. Protocol:
# docs/protocol.md. Never writes to the disk.
import errno, marshal, os, select, struct, sys, threading, time, zlib
from collections import deque
PY3 = sys.version_info[0] >= 3
if PY3:
    import builtins, _pickle as pickle, io, _signal as signal
    BytesIO = io.BytesIO
    StringIO = io.StringIO
    import importlib.machinery
else:
    import cPickle as pickle, imp, signal
    from cStringIO import StringIO as BytesIO
    from StringIO import StringIO
    import __builtin__ as builtins

SHUTDOWN, CALL_FUNCTION, GET_MODULE, LOAD_MODULE, FORWARD_LOG, FORWARD_OUTPUT, IMPORT_EVENT, \
    HELLO, SET_LOG_LEVEL, CALL_ASYNC, CALL_IO, FORWARD_STDIN, GET_SOURCE = range(100, 113)
RAW, DEAD, MORE = 1, 2, 4
CHUNK = 1 << 20  # a bigger message goes in pieces of this size (MORE), docs/protocol.md
HDR = struct.Struct('>BBBBIIIIII')
PROTO = 4 if PY3 else 2
BOOT = ('importlib._bootstrap', '_frozen_importlib')
MAIN_THREAD = [None]
_ident = getattr(threading, 'get_ident', None) or threading._get_ident
_clock = getattr(time, 'monotonic', time.time)
MAX_LINE = 1 << 20  # longer lines are forwarded in pieces of this size
LOG_LEVEL = [30]  # the master's level; logging is imported lazily (it is slow to import)
SIGINT, SIGKILL = 2, 9
try:
    from _sha2 import sha256 as _sha256
except ImportError:
    from _sha256 import sha256 as _sha256
try:
    from _operator import _compare_digest as _same
except ImportError:
    from operator import _compare_digest as _same


class CallError(Exception):
    def __init__(self, t, m='', tb=''):
        Exception.__init__(self, t, m, tb)
        self.type, self.message, self.tb = t, m, tb

    def __reduce__(self):
        return (CallError, (self.type, self.message, self.tb))

    def __str__(self):
        return '%s: %s\n%s' % (self.type, self.message, self.tb)


CallError.__module__ = 'econtext.core'
_SAFE = {('econtext.core', 'CallError'): CallError}
for _m in ('builtins', '__builtin__'):
    _SAFE[(_m, 'set')] = set
    _SAFE[(_m, 'frozenset')] = frozenset


def _find(m, n):
    try:
        return _SAFE[(m, n)]
    except KeyError:
        raise pickle.UnpicklingError('refused global %s.%s' % (m, n))


if PY3:
    class _Unpickler(pickle.Unpickler):
        def find_class(self, m, n):
            return _find(m, n)

    def loads(b):
        return _Unpickler(BytesIO(b)).load()
else:
    def loads(b):
        u = pickle.Unpickler(BytesIO(b))
        u.find_global = _find
        return u.load()


def dumps(o):
    return pickle.dumps(o, PROTO)


def _format_exc(t, v, tb, trim=False):
    import traceback
    if not trim:
        return ''.join(traceback.format_exception(t, v, tb))
    # Without our own frames at the end (the SIGINT handler that raised).
    e = traceback.extract_tb(tb)
    while e and e[-1][0] == '<econtext.core>':
        e.pop()
    return ''.join(['Traceback (most recent call last):\n'] + traceback.format_list(e) +
                   traceback.format_exception_only(t, v))


def _readn(fd, n):
    b = b''
    while len(b) < n:
        c = os.read(fd, n - len(b))
        if not c:
            raise EOFError('link closed')
        b += c
    return b


def _cloexec(fd):
    import fcntl
    fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.fcntl(fd, fcntl.F_GETFD) | fcntl.FD_CLOEXEC)


class Mac(object):
    """HMAC-SHA256 with the key schedule done once. The built-in sha256 needs no import;
    OpenSSL's (hashlib, 3-4 ms to import) is faster and takes over on a busy link: after
    4096 tags or at a big frame. Both give the same digests, so threads may mix them."""

    def __init__(self, key):
        self.key, self.n = bytearray(key.ljust(64, b'\0')), 0
        self._keyed(_sha256)

    def _keyed(self, sha):
        self.i = sha(bytes(bytearray(b ^ 0x36 for b in self.key)))
        self.o = sha(bytes(bytearray(b ^ 0x5c for b in self.key)))

    def tag(self, data):
        if self.n >= 0:
            self.n += 1
            # Only the main thread imports, and not while it reads the link: a thread
            # waiting for a module from the master holds the import lock, and the thread
            # reading the link must never wait for it.
            if (self.n > 4096 or len(data) > 65536) and _ident() == MAIN_THREAD[0] != DISPATCHER[0]:
                self.n = -1
                import hashlib
                self._keyed(hashlib.sha256)
        i = self.i.copy()
        i.update(data)
        o = self.o.copy()
        o.update(i.digest())
        return o.digest()


class Pieces(object):
    """Bytes arriving in pieces, joined only once `need` bytes (a whole frame) are there:
    joining on every read would copy a big frame once per read."""

    def __init__(self, data=b''):
        self.parts, self.have, self.need = [data], len(data), 0

    def add(self, data):
        self.parts.append(data)
        self.have += len(data)
        if self.have < self.need:
            return None
        b = b''.join(self.parts)
        self.parts, self.have = [], 0
        return b

    def keep(self, rest, need):
        self.parts, self.have, self.need = [rest], len(rest), need


class Router(object):
    """The link to the parent: frames out under a lock, frames in on the I/O thread."""

    def __init__(self, cfg, rfd, wfd):
        self.mac = Mac(bytes(bytearray.fromhex(cfg['key'])))
        self.id = cfg['context_id']
        self.rfd, self.wfd = rfd, wfd
        self.wlock = threading.Lock()
        self.plock = threading.Lock()
        self.pending = {}
        self.next = 1000
        self.inb = Pieces()
        self.out = []  # frames kept back (cork)
        self.part = []  # the pieces of a message from the master so far
        self.max = cfg.get('max_value', 1 << 28)
        self.dead = False

    def send(self, handle, obj, reply_to=0, flags=0, dst=0, cork=False):
        """cork: keep it back for the next write (replies while more calls wait); the I/O
        thread writes what is kept back within 10 ms."""
        p = obj if flags & RAW else dumps(obj)
        n = len(p)
        if n > self.max:  # it fails alone: a reply as the caller's error, else a warning
            why = '%d bytes, over the limit of %d bytes for one value' % (n, self.max)
            if handle >= 1000:
                p = dumps(CallError('ValueError', 'the result cannot be sent: ' + why, ''))
            else:
                p = dumps(('econtext', 30, time.time(), threading.current_thread().name,
                           'a message for handle %d was not sent: %s' % (handle, why)))
                handle = FORWARD_LOG
            n, flags = len(p), 0
        if n <= CHUNK:
            h = HDR.pack(0xEC, 0x0C, 1, flags, dst, self.id, self.id, handle, reply_to, n)
            return self.write(h + p + self.mac.tag(h + p), cork)

        def piece(i):
            c = p[i:i + CHUNK]
            h = HDR.pack(0xEC, 0x0C, 1, flags | (MORE if i + CHUNK < n else 0), dst, self.id,
                         self.id, handle, reply_to, len(c))
            return h + c + self.mac.tag(h + c)
        first = piece(0)  # outside the lock: the tag may import hashlib, which may ask the master
        with self.wlock:  # the pieces of one message follow each other
            self.put(first)
            for i in range(CHUNK, n, CHUNK):
                self.put(piece(i))

    def write(self, data=b'', cork=False):
        with self.wlock:
            self.put(data, cork)

    def put(self, data, cork=False):
        if cork or self.out:
            self.out.append(data)
            if cork:
                return
            data, self.out = b''.join(self.out), []
        while data:
            try:
                data = data[os.write(self.wfd, data):]
            except OSError as e:
                if e.errno != errno.EINTR:
                    raise

    def request(self, handle, obj, timeout=None):
        ev = threading.Event()
        with self.plock:
            h = self.next
            self.next += 1
            self.pending[h] = [ev, None, 0]
        self.send(handle, obj, reply_to=h)
        _let_go()
        ev.wait(timeout)
        with self.plock:
            _, val, flags = self.pending.pop(h)
        if flags & DEAD or self.dead:
            raise EOFError('link to the master lost')
        return val

    def feed(self, data):
        buf, i, need = self.inb.add(data), 0, 28
        if buf is None:
            return
        while len(buf) - i >= 28:
            f = HDR.unpack_from(buf, i)
            n = f[9]
            if f[0] != 0xEC or f[1] != 0x0C or f[2] != 1 or n > 0x4000000:
                raise ValueError('corrupt frame from the master')
            if len(buf) - i < 60 + n:
                need = 60 + n
                break
            frame, tag = buf[i:i + 28 + n], buf[i + 28 + n:i + 60 + n]
            i += 60 + n
            if not _same(self.mac.tag(frame), tag):
                raise ValueError('frame with a bad HMAC tag from the master')
            p = frame[28:]
            if f[3] & MORE or self.part:
                self.part.append(p)
                if f[3] & MORE:
                    continue
                p, self.part = b''.join(self.part), []
            yield f[3], f[7], f[8], p
        self.inb.keep(buf[i:], need)

    def reply(self, handle, flags, payload):
        with self.plock:
            slot = self.pending.get(handle)
            if slot is None:
                return False
            slot[1] = payload if flags & RAW else loads(payload)
            slot[2] = flags
        slot[0].set()
        return True

    def fail_all(self):
        self.dead = True
        with self.plock:
            for slot in self.pending.values():
                slot[2] = DEAD
                slot[0].set()


class Importer(object):
    """sys.meta_path finder that fetches what the context lacks from the master."""

    def __init__(self, router):
        self.router = router
        self.cache = {}   # name -> [path, is_pkg, children, source, sent_ahead]
        self.neg = set()
        self.lock = threading.Lock()
        self.waits = {}
        self.stdlib = os.path.dirname(os.__file__)
        self.stdnames = getattr(sys, 'stdlib_module_names', ())

    def event(self, name, outcome, ms=-1.0):
        try:
            self.router.send(IMPORT_EVENT, (name, outcome, float(ms)))
        except Exception:
            pass

    def load(self, meta, src):
        # src: zlib'd source, or code the master compiled for our magic number (meta[5]).
        name, path, is_pkg, children, requested_by = meta[:5]
        self.cache[name] = [path, is_pkg, children and set(children), src, requested_by != name,
                            meta[5:] == (True,)]

    def _is_std(self, name):
        top = name.partition('.')[0]
        return top in sys.builtin_module_names or top in self.stdnames or top == 'econtext'

    def _local(self, name, path):
        try:
            if PY3:
                spec = importlib.machinery.PathFinder.find_spec(name, path)
                origin = spec and (spec.origin or 'namespace')
            else:
                f, origin, _ = imp.find_module(name.rpartition('.')[2], path)
                f and f.close()
        except ImportError:
            return False
        if not origin:
            return False
        if not (origin.startswith(self.stdlib) and 'packages' not in origin):
            self.event(name, 'local')
        return True

    def _find(self, name, path):
        ent = self.cache.get(name)
        if ent is not None and ent[4] and '.' not in name and self._local(name, path):
            # Sent ahead, but this interpreter has its own copy: its own wins.
            del self.cache[name]
            return None
        if ent is not None:
            if ent[4]:
                ent[4] = False
                self.event(name, 'cached', 0.0)
            return ent
        if self._is_std(name) or name in self.neg or _ident() == DISPATCHER[0]:
            # The thread reading the master's answers must never wait for one.
            return None
        parent, _, last = name.rpartition('.')
        if parent:
            # Children of a package we did not serve are its own finders' business.
            pent = self.cache.get(parent)
            if pent is None:
                return None
            if pent[2] is not None and last not in pent[2]:
                self.event(name, 'negative', 0.0)
                return None
        elif self._local(name, path):
            return None
        with self.lock:
            ev = self.waits.get(name)
            owner = ev is None
            if owner:
                ev = self.waits[name] = threading.Event()
        if not owner:
            _let_go()
            ev.wait()
            return self.cache.get(name)
        try:
            # `import a.b.c` asks for `a` first: ask for the whole name so one roundtrip serves all.
            for want in (self._wanted(name), name):
                if want in self.cache or want in self.neg:
                    continue
                t0 = time.time()
                status = 'notfound'
                try:
                    status = self.router.request(GET_MODULE, want)[1]
                except EOFError:
                    pass
                if not isinstance(status, str):
                    status = status.decode()
                self.event(want, status if status != 'ok' else 'served', (time.time() - t0) * 1000)
                if want not in self.cache:
                    self.neg.add(want)
                if name in self.cache:
                    break
            ent = self.cache.get(name)
            if ent is None:
                self.neg.add(name)
            else:
                ent[4] = False
            return ent
        finally:
            with self.lock:
                del self.waits[name]
            ev.set()

    def _wanted(self, name):
        """The longest name importlib is loading on this thread that starts with name."""
        want, f = name, sys._getframe(2)
        while f is not None:
            if f.f_code.co_name == '_find_and_load' and f.f_globals.get('__name__') in BOOT:
                n = f.f_locals.get('name')
                if isinstance(n, str) and n.startswith(want + '.'):
                    want = n
            f = f.f_back
        return want

    def _hook_logging(self, path):
        """The stdlib's logging, with our forwarder installed once it has loaded."""
        spec = importlib.machinery.PathFinder.find_spec('logging', path)
        load = getattr(spec and spec.loader, 'exec_module', None)
        if load is not None:
            def exec_module(mod):
                load(mod)
                _install_logging(mod)
            spec.loader.exec_module = exec_module
        return spec

    # Python 3
    def find_spec(self, name, path=None, target=None):
        if name == 'logging' and 'logging' not in sys.modules:
            return self._hook_logging(path)
        ent = self._find(name, path)
        if ent is None:
            return None
        spec = importlib.machinery.ModuleSpec(name, self, origin=ent[0], is_package=ent[1])
        spec.has_location = bool(ent[0])
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, mod):
        self._run(mod, mod.__name__)

    # Python 2
    def find_module(self, name, path=None):
        return self if self._find(name, path) is not None else None

    def load_module(self, name):
        mod = sys.modules.get(name)
        if mod is None:
            mod = sys.modules[name] = imp.new_module(name)
        try:
            self._run(mod, name)
        except Exception:
            sys.modules.pop(name, None)
            raise
        return mod

    def _run(self, mod, name):
        path, is_pkg, _, src, _, code = self.cache[name]
        mod.__file__ = path or '<econtext %s>' % name
        mod.__loader__ = self
        if is_pkg:
            mod.__path__ = []
            mod.__package__ = name
        else:
            mod.__package__ = name.rpartition('.')[0]
        src = zlib.decompress(src)
        exec(marshal.loads(src) if code else compile(src, mod.__file__, 'exec'), mod.__dict__)

    def get_source(self, name):
        """For tracebacks (linecache). A module sent compiled has no source here: asked
        for, unless this thread reads the master's answers."""
        ent = self.cache.get(name)
        if ent is None:
            return None
        src = None
        if not ent[5]:
            src = zlib.decompress(ent[3])
        elif _ident() != DISPATCHER[0] and not self.router.dead:
            try:
                src = self.router.request(GET_SOURCE, name, 10)
            except Exception:
                pass
        return src.decode('utf-8', 'replace') if src else None


def _install_logging(logging):
    """Forwards records of the root logger to the master at its level."""
    class LogForwarder(logging.Handler):
        def __init__(self, router):
            logging.Handler.__init__(self)
            self.router = router
            self.local = threading.local()

        def emit(self, rec):
            if getattr(self.local, 'busy', False) or self.router.dead:
                return
            self.local.busy = True
            try:
                msg = rec.getMessage()
                if rec.exc_info:
                    import traceback
                    msg += '\n' + ''.join(traceback.format_exception(*rec.exc_info)).rstrip()
                self.router.send(FORWARD_LOG, (rec.name, rec.levelno, rec.created, rec.threadName, msg))
            except Exception:
                pass
            finally:
                self.local.busy = False

    root = logging.getLogger()
    root.addHandler(LogForwarder(ROUTER))
    root.setLevel(LOG_LEVEL[0])


# ---------------------------------------------------------------- built-ins
CHILDREN = {}
SESSIONS = {}
SHELLS = {}
_OUT_LOCK = threading.Lock()


def _ns(session):
    ns = SESSIONS.get(session)
    if ns is None:
        ns = SESSIONS[session] = {'__name__': '__console__', 'sys': sys, 'os': os}
    return ns


def ping():
    return True


def eval_repr(expr):
    return repr(eval(expr, _ns('default')))


def repl(source, session='default'):
    """Runs console input: statements run, a trailing expression prints its repr."""
    import ast
    ns = _ns(session)
    out = StringIO()
    with _OUT_LOCK:
        old = sys.stdout
        sys.stdout = out
        error = None
        try:
            tree = ast.parse(source, '<console>', 'exec')
            last = tree.body[-1:] if tree.body and isinstance(tree.body[-1], ast.Expr) else []
            if last:
                tree.body = tree.body[:-1]
            if _ident() == MAIN_THREAD[0]:
                REPL[0] = session
            exec(compile(tree, '<console>', 'exec'), ns)
            if last:
                val = eval(compile(ast.Expression(last[0].value), '<console>', 'eval'), ns)
                if val is not None:
                    ns['_'] = val
                    out.write(repr(val) + '\n')
        except SystemExit:
            error = 'SystemExit ignored in the console\n'
        except BaseException:
            t, v, tb = sys.exc_info()
            error = _format_exc(t, v, tb.tb_next, t is KeyboardInterrupt)
        finally:
            if _ident() == MAIN_THREAD[0]:
                REPL[0] = None
            sys.stdout = old
    return {'output': out.getvalue(), 'error': error}


REPL = [None]  # the session whose console code the main thread runs (only it sets this)


def _in_console(f):
    while f is not None:
        if f.f_code.co_filename == '<console>':
            return True
        f = f.f_back
    return False


def _on_sigint(sig, frame):
    # Runs on the main thread between bytecodes: raises only inside console code, never in
    # the core (nor in repl() around it, whose clean-up must run).
    if REPL[0] is not None and _in_console(frame):
        REPL[0] = None
        raise KeyboardInterrupt


def interrupt_repl(session='default'):
    """Raises KeyboardInterrupt in the console code of session if it runs (also in a sleep),
    once. A signal that lands just before a blocking call is only handled after it: sent
    again until the handler has run (it clears REPL), for up to 0.2 s."""
    for i in range(20):
        if REPL[0] != session or not _in_console(sys._current_frames().get(MAIN_THREAD[0])):
            return i > 0
        if hasattr(signal, 'pthread_kill'):
            signal.pthread_kill(MAIN_THREAD[0], SIGINT)
        else:
            os.kill(os.getpid(), SIGINT)
        time.sleep(0.01)
    return True


def complete(prefix, session='default'):
    ns = _ns(session)
    head, dot, tail = prefix.rpartition('.')
    if dot:
        obj = None
        parts = head.split('.')
        obj = ns.get(parts[0], getattr(builtins, parts[0], None))
        for p in parts[1:]:
            obj = getattr(obj, p, None)
        names = dir(obj) if obj is not None else []
        return sorted(head + '.' + n for n in names if n.startswith(tail))
    names = set(ns) | set(dir(builtins))
    return sorted(n for n in names if n.startswith(prefix))


def _spawn(cmd, handle, shell, cwd, env, extra=None):
    fd3 = extra

    def pre():
        os.setsid()
        if fd3 is not None:
            os.dup2(fd3, 3)
    import subprocess
    p = subprocess.Popen(cmd, shell=shell, cwd=cwd, env=env, stdin=open(os.devnull),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=pre,
                         close_fds=fd3 is None)
    CHILDREN[handle] = p
    _group(p.pid)
    try:
        fds = {p.stdout.fileno(): 'out', p.stderr.fileno(): 'err'}
        while fds:
            for fd in select.select(list(fds), [], [])[0]:
                data = os.read(fd, 65536)
                if data:
                    ROUTER.send(handle, (fds[fd], data))
                else:
                    del fds[fd]
        return p.wait()
    finally:
        CHILDREN.pop(handle, None)
        if p.returncode is not None:
            _group(p.pid, False)
        p.stdout.close()
        p.stderr.close()


def run_command(cmd, handle, cwd=None, env=None, shell=False):
    """Runs cmd (argv list, or a string with shell=True), streaming ('out'|'err', bytes)."""
    if not isinstance(cmd, (list, tuple)):
        shell = True
    return _spawn(cmd, handle, shell, cwd, env)


def shell(cmd, handle, session='default'):
    """Runs cmd with /bin/sh; the working directory and environment persist per session."""
    st = SHELLS.setdefault(session, {'cwd': os.getcwd(), 'env': dict(os.environ)})
    r, w = os.pipe()
    script = "trap '{ pwd; env; } >&3' EXIT\n" + cmd
    try:
        try:
            status = _spawn(['/bin/sh', '-c', script], handle, False, st['cwd'], st['env'], w)
        finally:
            os.close(w)
        state = b''
        while True:
            c = os.read(r, 65536)
            if not c:
                break
            state += c
    finally:
        os.close(r)
    lines = state.decode('utf-8', 'replace').split('\n')
    if lines and lines[0] and os.path.isdir(lines[0]):
        st['cwd'] = lines[0]
        env = {}
        for line in lines[1:]:
            k, eq, v = line.partition('=')
            if eq and k and k not in ('PWD', 'OLDPWD', 'SHLVL', '_'):
                env[str(k)] = str(v)
        if env:
            st['env'] = env
    return status


def shell_cwd(session='default'):
    return SHELLS.get(session, {}).get('cwd', os.getcwd())


def interrupt(handle, sig=SIGINT):
    p = CHILDREN.get(handle)
    if p is None:
        return False
    try:
        os.killpg(p.pid, sig)
    except OSError:
        return False
    return True


def interrupt_all(sig=SIGINT):
    return sum(interrupt(h, sig) for h in list(CHILDREN))


class Relay(object):
    """A child context's process started for the master: its stdio tunnelled as raw frames."""

    def __init__(self, argv, handle, frames=False):
        self.handle, self.buf = handle, bytearray()
        # With frames: the child's output is split into frames after its EC2 line (out), and
        # once relay_frames() gave its key, the master's frames to it too (inp), so that
        # modules passing through are kept and a second child is answered from them.
        self.out, self.inp, self.mac, self.asked, self.has = frames and [Pieces(), 0], None, None, {}, set()
        self.more = 0  # the master's frames go by in pieces: not looked into
        import subprocess
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, close_fds=True, preexec_fn=os.setsid)
        _group(self.p.pid)
        self.fds = {self.p.stdout.fileno(): handle, self.p.stderr.fileno(): handle + 1}
        self.wfd = self.p.stdin.fileno()
        for fd in list(self.fds) + [self.wfd]:
            import fcntl
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)

    def read(self, fd):
        try:
            data = os.read(fd, 65536)
        except OSError as e:
            if e.errno == errno.EAGAIN:
                return
            data = b''
        h = self.fds[fd]
        out = data
        if self.out and h == self.handle:
            out = self.split(data) if data else b''.join(self.out[0].parts)  # at EOF: held back
        if out:
            ROUTER.send(h, out, flags=RAW)
        if data:
            return
        del self.fds[fd]
        if not self.fds:
            self.close_in()
            RELAYS.pop(self.handle, None)
            threading.Thread(target=self.reap).start()

    def split(self, data):
        """The child's output to forward: whole frames once it speaks frames, minus the module
        requests answered here."""
        buf, i, need = self.out[0].add(data), 0, 28
        if buf is None:
            return b''
        while not self.out[1]:
            j = buf.find(b'\n', i)
            if j < 0:
                self.out[0].keep(buf[i:], 0)
                return buf[:i]
            self.out[1], i = buf.startswith(b'EC2 ', i), j + 1
        out, k = [], 0
        while len(buf) - i >= 28:
            f = HDR.unpack_from(buf, i)
            n = 60 + f[9]
            if f[0] != 0xEC or n > 0x4000040:  # not ours to judge: the master will
                self.out = None
                return buf
            if len(buf) - i < n:
                need = n
                break
            if f[7] == GET_MODULE and self.serve(buf[i + 28:i + n - 32], f[8]):
                out.append(buf[k:i])
                k = i + n
            i += n
        self.out[0].keep(buf[i:], need)
        out.append(buf[k:i])
        return b''.join(out)

    def serve(self, payload, reply_to):
        if self.mac is None:
            return False
        try:
            name = loads(payload)
            name = name if isinstance(name, str) else name.decode()
        except Exception:
            return False
        status = 'ok' if name in MODS else 'notfound' if name in NEG else None
        if status is None:
            self.asked[reply_to] = name
            return False
        sent = []
        for m in [name] + REL.get(name, []):
            if m in MODS and m not in self.has:
                self.has.add(m)
                self.to_child(LOAD_MODULE, MODS[m], RAW)
                sent.append((m, len(MODS[m])))
        self.to_child(reply_to, pickle.dumps((name, status), 2))
        ROUTER.send(self.handle + 2, (name, status, sent))
        return True

    def to_child(self, handle, p, flags=0):
        h = HDR.pack(0xEC, 0x0C, 1, flags, 0, 0, 0, handle, 0, len(p))
        self.write(h + p + self.mac.tag(h + p))

    def inbound(self, data):
        """The master's bytes for the child: passed on whole frames at a time, keeping the
        modules (and the answers to module requests) that go by."""
        if self.inp is None or not data:
            if self.inp is not None and self.inp.have:
                self.write(b''.join(self.inp.parts))
            return self.write(data)
        buf, i, need = self.inp.add(data), 0, 28
        if buf is None:
            return
        while len(buf) - i >= 28:
            f = HDR.unpack_from(buf, i)
            n = f[9]
            if len(buf) - i < 60 + n:
                need = 60 + n
                break
            p, more, self.more = buf[i + 28:i + 28 + n], self.more, f[3] & MORE
            try:
                if more or self.more:
                    pass
                elif f[7] == LOAD_MODULE and MODS_SIZE[0] < 0x4000000:
                    meta = loads(p[4:4 + struct.unpack('>I', p[:4])[0]])
                    self.has.add(meta[0])
                    # Code compiled for this child's Python release may not suit the next.
                    if meta[0] not in MODS and meta[5:] != (True,):
                        MODS[meta[0]] = p
                        MODS_SIZE[0] += n
                        if meta[4] != meta[0]:
                            REL.setdefault(meta[4], []).append(meta[0])
                elif f[7] in self.asked and loads(p)[1] in ('notfound', b'notfound'):
                    NEG.add(self.asked[f[7]])
            except Exception:
                pass
            self.asked.pop(f[7], None)
            i += 60 + n
        self.inp.keep(buf[i:], need)
        if i:
            self.write(buf[:i])

    def reap(self):
        code = self.p.wait()
        _group(self.p.pid, False)
        self.p.stdout.close()
        self.p.stderr.close()
        ROUTER.send(self.handle, 'exited with status %d' % code if code >= 0 else
                    'killed by signal %d' % -code, flags=DEAD)

    def write(self, data=None):
        if data is not None:
            if not data:
                self.buf = None
            elif self.buf is not None:
                self.buf += data
        try:
            while self.buf:
                del self.buf[:os.write(self.wfd, self.buf)]
        except OSError as e:
            if e.errno != errno.EAGAIN:
                self.buf = None
        if self.buf is None:
            self.close_in()

    def close_in(self):
        if self.wfd >= 0:
            os.close(self.wfd)
            self.p.stdin = None
            self.wfd = -1


RELAYS = {}
RUNNING = {}  # thread ident -> (module, class, function, start) of the call it runs
MODS, REL, NEG, MODS_SIZE = {}, {}, set(), [0]  # modules relayed to children, for the next child


def spawn_child(argv, handle, frames=False):
    """Starts argv (a child context's bootstrap) with its stdout sent to handle, stderr to handle+1;
    modules it was sent by the master serve later children (notes to handle+2)."""
    RELAYS[handle] = r = Relay(argv, handle, frames)
    return r.p.pid


def relay_frames(handle, key):
    """The child behind handle is up: from now on the master's bytes for it are frames."""
    r = RELAYS.get(handle)
    if r is None or not r.out:
        return False
    r.mac, r.inp = Mac(bytes(bytearray.fromhex(key))), Pieces()
    return True


def kill_child(handle, sig=SIGKILL):
    r = RELAYS.get(handle)
    if r is not None:
        try:
            os.killpg(r.p.pid, sig)
        except OSError:
            os.kill(r.p.pid, sig)
    return r is not None


def dump_stacks():
    import traceback
    names = dict((t.ident, t.name) for t in threading.enumerate())
    out = []
    for tid, frame in sys._current_frames().items():
        run = RUNNING.get(tid)
        run = run and '  in the call %s.%s (%.1f s)\n' % (run[0], '.'.join(run[1:3]) if run[1]
                                                        else run[2], time.time() - run[3]) or ''
        out.append('Thread %s (%s):\n%s%s' % (names.get(tid, '?'), tid,
                                               ''.join(traceback.format_stack(frame)), run))
    return '\n'.join(out)


def blast(handle, total, chunk=262144):
    """Sends total bytes to handle in raw frames: the throughput benchmark."""
    data, sent = b'\0' * chunk, 0
    while sent < total:
        ROUTER.send(handle, data, flags=RAW)
        sent += chunk
    return sent


def set_log_level(level):
    LOG_LEVEL[0] = level
    if 'logging' in sys.modules:
        sys.modules['logging'].getLogger().setLevel(level)


# ---------------------------------------------------------------- runtime
def _text(v):
    """str(v), whatever v is (on 2.7 a unicode message may not fit str)."""
    for f in (str, getattr(builtins, 'unicode', repr), repr):
        try:
            return f(v)
        except Exception:
            pass
    return type(v).__name__


def _error(trim=1):
    """The exception being handled as a CallError, with its traceback (minus trim frames)."""
    t, v, tb = sys.exc_info()
    for _ in range(trim):
        tb = tb and tb.tb_next
    msg, text = _text(v), ''
    try:
        text = _format_exc(t, v, tb)
        if not PY3 and isinstance(msg, type(u'')):  # 2.7 escapes it in the traceback
            text = text.decode('utf-8', 'replace').rstrip().rpartition(u'\n')[0] + \
                u'\n%s: %s\n' % (t.__name__, msg)
    except Exception:
        pass
    return CallError(t.__name__, msg, text)


def _call(msg):
    try:
        mod, cls, fn, args, kw = loads(msg)
        if PY3:
            m = sys.modules.get(mod) or importlib.import_module(mod)
        else:
            __import__(mod)
            m = sys.modules[mod]
        obj = getattr(m, cls) if cls else m
        if kw:
            kw = dict((str(k), v) for k, v in kw.items())
        RUNNING[_ident()] = (mod, cls, fn, time.time())
        return getattr(obj, fn)(*args, **kw)
    except BaseException:
        return _error()


def _run_call(msg, reply_to, cork=False):
    """Runs a call and replies; whatever fails (the call, pickling its result, sending it) is
    that call's error, and the context goes on."""
    res = _call(msg)
    RUNNING.pop(_ident(), None)
    try:
        if not cork:
            OUTPUT.flush()  # what the calls printed goes before their replies
        ROUTER.send(reply_to, res, cork=cork)
    except BaseException:
        err = _error(0)
        err.tb = 'The result (%s) could not be sent:\n%s' % (type(res).__name__, err.tb)
        try:
            ROUTER.send(reply_to, err, cork=cork)
        except BaseException:
            pass  # the link is gone: the loops reading it see that


GROUPS, WATCH = set(), [-1]  # process groups we started; the pipe to the watchdog


def _group(pgid, started=True):
    (GROUPS.add if started else GROUPS.discard)(pgid)
    try:
        os.write(WATCH[0], struct.pack('i', pgid if started else -pgid))
    except OSError:
        pass


def _kill(groups):
    for g in groups:
        try:
            os.killpg(g, SIGKILL)
        except OSError:
            pass


def _die(code=0):
    """Leaves now, taking every process we started along (docs/isolation.md)."""
    try:
        _kill(list(GROUPS))
        if os.getpgid(0) == os.getpid():
            os.killpg(0, SIGKILL)
    finally:
        os._exit(code)


def _watchdog(link):
    """Kills our groups once the link hangs up or we are gone, GIL or not (docs/isolation.md)."""
    if not hasattr(select, 'poll'):
        return
    me, ours = os.getpid(), os.getpgrp()
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: we go without
        os.close(w)
        pid = -1
    if pid:
        os.close(r)
        if pid > 0:
            _cloexec(w)
            WATCH[0] = w
        return
    try:
        os.setpgid(0, 0)
        for fd in (0, 1, 2, w) + WAKE_IO:
            os.close(fd)
        for sig in (SIGINT, 1):
            signal.signal(sig, signal.SIG_IGN)
        p, groups, data = select.poll(), set([me]), 1
        p.register(link, getattr(select, 'POLLRDHUP', 0))
        p.register(r, select.POLLIN)
        while data:
            try:
                if link in dict(p.poll()):
                    break
            except (OSError, select.error) as e:  # EINTR on 2.7
                if _eintr(e):
                    continue
                raise
            data = os.read(r, 4096)
            for g in struct.unpack('%di' % (len(data) // 4), data):
                (groups.add if g > 0 else groups.discard)(abs(g))
        # A group may not be told yet: its starter held back by a call that holds the GIL.
        # Never the watchdog's own group, nor the one we were started in if it is not ours.
        spare = set([os.getpgrp()] + ([ours] if ours != me else []))
        _kill((groups | _groups_below(me)) - spare)
    finally:
        os._exit(0)


def _groups_below(root):
    """The process groups of root's descendants, read from /proc where there is one."""
    kids, found, todo = {}, set(), [root]
    try:
        for d in [d for d in os.listdir('/proc') if d.isdigit()]:
            try:
                with open('/proc/%s/stat' % d, 'rb') as f:
                    st = f.read()
            except (IOError, OSError):
                continue
            st = st[st.rfind(b')') + 2:].split()
            kids.setdefault(int(st[1]), []).append((int(d), int(st[2])))
    except OSError:
        pass
    while todo:
        for pid, pgid in kids.get(todo.pop(), ()):
            found.add(pgid)
            todo.append(pid)
    return set(g for g in found if g > 1)


def _leave(output, flush=True):
    """Leaves once, output first. Not flushed from the I/O thread: a call may hold the lock."""
    LEAVING.acquire()
    try:
        output.flush(flush, 64)  # at most 64 reads of 64 KiB per stream: 4 MiB
        ROUTER.write()
    except Exception:
        pass
    _die(0)


class Output(object):
    """Forwards what is written to fds 1 and 2 (ours and our children's) in raw frames of whole
    lines; a partial line once a call ends (flush) or at MAX_LINE bytes."""

    def __init__(self):
        import fcntl
        self.fds, self.lock = {}, threading.Lock()
        self.poll = hasattr(select, 'poll') and select.poll()  # faster than select()
        for n in (1, 2):
            r, w = os.pipe()
            os.dup2(w, n)
            os.close(w)
            _cloexec(r)
            fcntl.fcntl(r, fcntl.F_SETFL, fcntl.fcntl(r, fcntl.F_GETFL) | os.O_NONBLOCK)
            self.fds[r] = [struct.pack('B', n), [], 0]  # stream byte, partial line, its size
            self.poll and self.poll.register(r, select.POLLIN)

    def read(self, fd):
        with self.lock:
            self._read(fd)

    def _read(self, fd):
        """Forwards what fd has now; False if nothing."""
        st = self.fds.get(fd)
        try:
            data = st and os.read(fd, 65536)
        except OSError as e:
            if _eintr(e):
                return False
            raise
        if not data:
            if st:  # closed by the code we run: forward the rest and forget it
                self.send(st, b'')
                del self.fds[fd]
                self.poll and self.poll.unregister(fd)
                os.close(fd)
            return False
        i = data.rfind(b'\n') + 1
        if i:
            self.send(st, data[:i])
        if i < len(data):
            st[1].append(data[i:])
            st[2] += len(data) - i
            if st[2] >= MAX_LINE:
                self.send(st, b'', True)
        return True

    def send(self, st, data, cut=False):
        if st[1]:
            data = b''.join(st[1]) + data
            st[1], st[2] = [], 0
        if cut:  # a piece of a long line: its last character, if not ASCII, goes next
            b, k = bytearray(data[-4:]), len(data)
            while b and b[-1] & 0xC0 == 0x80:
                b.pop()
                k -= 1
            if b and b[-1] >= 0xC0:
                k -= 1
            st[1], st[2], data = [data[k:]], len(data) - k, data[:k]
        if data:
            ROUTER.send(FORWARD_OUTPUT, st[0] + data, flags=RAW)

    def flush(self, streams=True, reads=-1):
        """Forwards everything written so far (or reads times 64 KiB per stream), a partial
        line too. Not streams from the I/O thread: a call may hold their locks."""
        for f in (sys.stdout, sys.stderr) if streams else ():
            try:
                f.flush()
            except Exception:
                pass
        with self.lock:  # one thread at a time: a poll object is not for several
            while reads:
                reads -= 1
                if self.poll:
                    ready = [fd for fd, _ in self.poll.poll(0)]
                else:
                    ready = select.select(list(self.fds), [], [], 0)[0]
                if not [fd for fd in ready if self._read(fd)]:
                    break
            for st in self.fds.values():
                self.send(st, b'')


READER = [0]      # who reads the link: 0 the I/O thread, 1 the main thread
DISPATCHER = [0]  # the thread dispatching frames now: it must never wait for a reply
RLOCK = threading.Lock()
WAKE_IO, STOP_IO = os.pipe(), [False]
LEAVE_AT, GRACE = [0], 1.0  # after SHUTDOWN, leave by then
LEAVING = threading.Lock()
CALLNO, BUSY = [0], [0]  # calls the main thread started; the one it runs (0: none)
IO_ASLEEP = [False]      # the I/O thread waits without a timeout


def _wake_io():
    try:
        os.write(WAKE_IO[1], b'.')
    except OSError:
        pass  # full (non-blocking): it is awake anyway


def _let_go():
    """Before the main thread waits for the master, the I/O thread takes the link."""
    if READER[0] == 1 and _ident() == MAIN_THREAD[0] != DISPATCHER[0]:
        with RLOCK:
            READER[0] = 0
        _wake_io()


def _eintr(e):
    return (e.args and e.args[0]) in (errno.EINTR, errno.EAGAIN)


def _read_link(calls, who):
    """Reads and dispatches what the link has if who reads it now. Frames are dispatched
    under the lock, so they are handled in the order they came whichever thread reads."""
    with RLOCK:
        # The I/O thread may find that the main thread read what woke it (the link stays
        # blocking: over a socketpair it shares its flags with the writing end).
        if READER[0] != who or who == 0 and not select.select([ROUTER.rfd], [], [], 0)[0]:
            return
        try:
            # Below malloc's mmap threshold: a bigger read costs an mmap, mremap and
            # munmap (with TLB shootdowns) per message.
            data = os.read(ROUTER.rfd, 65536)
        except OSError as e:
            if _eintr(e):
                return
            raise
        if not data:
            raise EOFError
        DISPATCHER[0] = _ident()
        try:
            for flags, handle, reply_to, payload in ROUTER.feed(data):
                if handle == CALL_FUNCTION:
                    calls.append((payload, reply_to))
                elif handle == CALL_ASYNC:
                    t = threading.Thread(target=_run_call, args=(payload, reply_to))
                    t.daemon = True
                    t.start()
                elif handle == CALL_IO:
                    _run_call(payload, reply_to)
                elif handle == LOAD_MODULE:
                    n = struct.unpack('>I', payload[:4])[0]
                    IMPORTER.load(loads(payload[4:4 + n]), payload[4 + n:])
                elif handle == FORWARD_STDIN:
                    r = RELAYS.get(struct.unpack('>I', payload[:4])[0])
                    if r is not None:
                        r.inbound(payload[4:])
                elif handle == SET_LOG_LEVEL:
                    set_log_level(loads(payload))
                elif handle == SHUTDOWN:
                    LEAVE_AT[0] = _clock() + GRACE
                    calls.append(None)
                    _wake_io()
                else:
                    ROUTER.reply(handle, flags, payload)
        finally:
            DISPATCHER[0] = 0


def _io_loop(output, calls):
    seen, watch = -1, (0, 0)
    try:
        while not STOP_IO[0]:
            # While calls come, look every 10 ms for one that has run that long and take the
            # link from it (it may block), however often output wakes this thread; with no
            # call since the last look, sleep until one starts (BUSY, then IO_ASLEEP).
            busy, now = BUSY[0], _clock()
            if busy != watch[0]:
                watch = (busy, now)
            elif busy and READER[0] == 1 and now - watch[1] >= 0.01:
                with RLOCK:
                    if READER[0] == 1 and BUSY[0] == busy:
                        READER[0] = 0
            mine = READER[0] == 0
            rfds = [WAKE_IO[0]] + list(output.fds) + ([ROUTER.rfd] if mine else [])
            relayed = {}
            for r in list(RELAYS.values()):
                for fd in r.fds:
                    relayed[fd] = r
            wr = dict((r.wfd, r) for r in RELAYS.values() if r.buf and r.wfd >= 0)
            # Replies kept back are written within 1-10 ms.
            wait = 0.001 if calls or ROUTER.out else None
            if not mine and wait is None:
                if busy or CALLNO[0] != seen:
                    wait = 0.01
                else:
                    IO_ASLEEP[0] = True
                    if BUSY[0]:
                        IO_ASLEEP[0], wait = False, 0.01
            seen = CALLNO[0]
            if LEAVE_AT[0]:
                left = LEAVE_AT[0] - _clock()
                if left <= 0:
                    _leave(output, False)
                wait = left if wait is None else min(wait, left)
            ready, writable, _ = select.select(rfds + list(relayed), list(wr), [], wait)
            IO_ASLEEP[0] = False
            if not ready and not writable and ROUTER.out:
                ROUTER.write()
            for fd in writable:
                with RLOCK:  # relays are also fed by whichever thread reads the link
                    wr[fd].write()
            for fd in ready:
                if fd in relayed:
                    with RLOCK:
                        relayed[fd].read(fd)
                elif fd == ROUTER.rfd:
                    _read_link(calls, 0)
                elif fd == WAKE_IO[0]:
                    os.read(fd, 512)
                else:
                    output.read(fd)
    except Exception:
        ROUTER.fail_all()
        _die(1)


def _main_loop(calls):
    """Runs calls, reading the link itself between them: no hand-off between threads.
    The I/O thread reads it while a call waits for the master or has run 10-20 ms."""
    while True:
        if calls:
            item = calls.popleft()
            if item is None:
                return
            CALLNO[0] += 1
            BUSY[0] = CALLNO[0]
            if IO_ASLEEP[0]:
                _wake_io()
            _run_call(item[0], item[1], bool(calls))
            BUSY[0] = 0
            continue
        ROUTER.write()
        with RLOCK:  # now only this thread queues calls
            took, READER[0] = READER[0] == 0, 1
        if took:
            _wake_io()  # it stops reading the link
        try:
            while not calls:
                try:
                    select.select([ROUTER.rfd], [], [])
                except (OSError, select.error) as e:  # EINTR on 2.7
                    if _eintr(e):
                        continue
                    raise
                _read_link(calls, 1)
                if not calls and RELAYS:
                    _wake_io()  # relays may have bytes to write
        except Exception:  # link closed, a bad frame
            ROUTER.fail_all()
            _die(1)


def main():
    global ROUTER, IMPORTER, OUTPUT
    try:
        os.setsid()
    except OSError:
        pass
    n = struct.unpack('>I', _readn(100, 4))[0]
    cfg = loads(_readn(100, n))
    _watchdog(100)
    wfd = os.dup(1)
    _cloexec(100)
    import fcntl
    fcntl.fcntl(WAKE_IO[1], fcntl.F_SETFL, fcntl.fcntl(WAKE_IO[1], fcntl.F_GETFL) | os.O_NONBLOCK)
    _cloexec(wfd)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.close(null)
    OUTPUT = Output()
    if PY3:
        sys.stdout = io.TextIOWrapper(io.FileIO(1, 'w', closefd=False), line_buffering=True)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, 'w', closefd=False), line_buffering=True)
    else:
        sys.stdout = os.fdopen(1, 'w', 1)
        sys.stderr = os.fdopen(2, 'w', 0)
    sys.stdin = open(os.devnull)
    ROUTER = Router(cfg, 100, wfd)
    MAIN_THREAD[0] = _ident()
    signal.signal(SIGINT, _on_sigint)

    pkg = type(sys)('econtext')
    pkg.__path__ = []
    pkg.__package__ = 'econtext'
    me = sys.modules['__main__']
    pkg.core = me
    sys.modules['econtext'] = pkg
    sys.modules['econtext.core'] = me
    IMPORTER = Importer(ROUTER)
    sys.meta_path.insert(0, IMPORTER)
    LOG_LEVEL[0] = cfg.get('log_level', 30)
    if not PY3 or 'logging' in sys.modules:
        import logging
        _install_logging(logging)

    os.write(wfd, b'EC2 1\n')
    import pwd
    from binascii import hexlify
    ROUTER.send(HELLO, {
        'version': sys.version, 'version_info': tuple(sys.version_info[:3]), 'pid': os.getpid(),
        'user': pwd.getpwuid(os.getuid()).pw_name, 'host': os.uname()[1],
        'platform': sys.platform, 'executable': sys.executable, 'protocol': PROTO,
        'magic': hexlify(getattr(sys.modules.get('_frozen_importlib_external'), 'MAGIC_NUMBER', b'')
                         if PY3 else imp.get_magic()).decode()})
    calls = deque()
    for fd in WAKE_IO:
        _cloexec(fd)
    t = threading.Thread(target=_io_loop, args=(OUTPUT, calls), name='econtext-io')
    t.daemon = True
    t.start()
    _main_loop(calls)
    STOP_IO[0] = True
    _wake_io()
    t.join(2)
    _leave(OUTPUT)


if __name__ == '__main__':
    main()
