# Econtext's context core: what runs in every context. The master sends it on every
# bootstrap (docs/protocol.md §1), so it stays small; it runs unchanged on Python 2.7 and
# 3.6+ and never writes to the disk. The build strips comments and docstrings from what is
# sent (scripts/bundle_core.py) and keeps every line where it is, so tracebacks from the
# core name lines of this file.
#
# Threads (docs/protocol.md §3, docs/performance.md item 10): the main thread runs calls
# (CALL_FUNCTION) one after another and reads the link between them; the I/O thread
# ("econtext-io") forwards output, relays bytes to and from child contexts and reads the link
# while a call runs long or waits for the master; a CALL_ASYNC call gets a thread of its own;
# a CALL_IO call runs at once on the thread that reads it.
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

# ---------------------------------------------------------------- the wire
# Service handles (docs/protocol.md §3); handles from FIRST_REPLY_HANDLE on are replies
# and channels.
(SHUTDOWN, CALL_FUNCTION, GET_MODULE, LOAD_MODULE, FORWARD_LOG, FORWARD_OUTPUT, IMPORT_EVENT,
 HELLO, SET_LOG_LEVEL, CALL_ASYNC, CALL_IO, FORWARD_STDIN, GET_SOURCE) = range(100, 113)
FIRST_REPLY_HANDLE = 1000
# A frame (docs/protocol.md §2) is a header, the payload and an HMAC-SHA256 tag of both.
# The header: magic, version, flags, destination, source, auth id, handle, the handle a
# reply goes to, payload size. The master names the same in core/wire/frame.h, and
# tests/broker/tst_corebundle.cpp checks that both agree.
HEADER = struct.Struct('>HBBIIIIII')
MAGIC, VERSION, TAG_SIZE = 0xEC0C, 1, 32
HEADER_SIZE = HEADER.size
FRAME_OVERHEAD = HEADER_SIZE + TAG_SIZE
RAW, DEAD, MORE = 1, 2, 4  # flags: raw bytes, not a pickle; a failure; a piece, more follow
PIECE_SIZE = 1 << 20  # a bigger message goes in pieces of this size, each with MORE but the last
MAX_PAYLOAD = 1 << 26  # a header announcing more than this is not one of ours
PICKLE_PROTOCOL = 4 if PY3 else 2

IMPORTLIB_BOOTSTRAP = ('importlib._bootstrap', '_frozen_importlib')
MAX_LINE = 1 << 20  # longer output lines are forwarded in pieces of this size
SIGINT, SIGKILL = 2, 9
_thread_id = getattr(threading, 'get_ident', None) or threading._get_ident
_monotonic = getattr(time, 'monotonic', time.time)
try:
    from _sha2 import sha256 as _sha256
except ImportError:
    from _sha256 import sha256 as _sha256
try:
    from _operator import _compare_digest as _digests_equal
except ImportError:
    from operator import _compare_digest as _digests_equal


class CallError(Exception):
    """A call that failed, as the master shows it: the exception's type name, its message,
    the traceback. Pickled as (CallError, (type_name, message, traceback)), the one class the
    master's unpickler accepts (docs/protocol.md §3)."""

    def __init__(self, type_name, message='', tb=''):
        Exception.__init__(self, type_name, message, tb)
        self.type, self.message, self.tb = type_name, message, tb

    def __reduce__(self):
        return (CallError, (self.type, self.message, self.tb))

    def __str__(self):
        return '%s: %s\n%s' % (self.type, self.message, self.tb)


CallError.__module__ = 'econtext.core'
# The only globals a pickle from the master may name.
_ALLOWED_GLOBALS = {('econtext.core', 'CallError'): CallError}
for _module in ('builtins', '__builtin__'):
    _ALLOWED_GLOBALS[(_module, 'set')] = set
    _ALLOWED_GLOBALS[(_module, 'frozenset')] = frozenset


def _allowed_global(module, name):
    try:
        return _ALLOWED_GLOBALS[(module, name)]
    except KeyError:
        raise pickle.UnpicklingError('refused global %s.%s' % (module, name))


if PY3:
    class _Unpickler(pickle.Unpickler):
        def find_class(self, module, name):
            return _allowed_global(module, name)

    def loads(data):
        return _Unpickler(BytesIO(data)).load()
else:
    def loads(data):
        unpickler = pickle.Unpickler(BytesIO(data))
        unpickler.find_global = _allowed_global
        return unpickler.load()


def dumps(obj):
    return pickle.dumps(obj, PICKLE_PROTOCOL)


def _format_exc(etype, value, tb, drop_core_frames=False):
    import traceback
    if not drop_core_frames:
        return ''.join(traceback.format_exception(etype, value, tb))
    # Without the core's own frames at the end (the SIGINT handler that raised).
    frames = traceback.extract_tb(tb)
    while frames and frames[-1][0] == '<econtext.core>':
        frames.pop()
    return ''.join(['Traceback (most recent call last):\n'] + traceback.format_list(frames) +
                   traceback.format_exception_only(etype, value))


def _read_exactly(fd, n):
    data = b''
    while len(data) < n:
        more = os.read(fd, n - len(data))
        if not more:
            raise EOFError('link closed')
        data += more
    return data


def _cloexec(fd):
    import fcntl
    fcntl.fcntl(fd, fcntl.F_SETFD, fcntl.fcntl(fd, fcntl.F_GETFD) | fcntl.FD_CLOEXEC)


class Mac(object):
    """HMAC-SHA256 under one key, its key schedule done once. The built-in sha256 needs no
    import; OpenSSL's (hashlib, 3-4 ms to import) is faster and takes over on a busy link:
    after 4096 tags or at a big frame. Both give the same digests, so threads may mix them."""

    def __init__(self, key):
        self.key = bytearray(key.ljust(64, b'\0'))
        self.tags = 0  # tags made with the built-in sha256; -1 once OpenSSL's took over
        self._keyed(_sha256)

    def _keyed(self, sha256):
        self.inner = sha256(bytes(bytearray(b ^ 0x36 for b in self.key)))
        self.outer = sha256(bytes(bytearray(b ^ 0x5c for b in self.key)))

    def tag(self, data):
        if self.tags >= 0:
            self.tags += 1
            # Only the main thread imports, and not while it reads the link: a thread
            # waiting for a module from the master holds the import lock, and the thread
            # reading the link must never wait for it.
            if (self.tags > 4096 or len(data) > 65536) and \
                    _thread_id() == MAIN_THREAD != DISPATCHER:
                self.tags = -1
                import hashlib
                self._keyed(hashlib.sha256)
        inner = self.inner.copy()
        inner.update(data)
        outer = self.outer.copy()
        outer.update(inner.digest())
        return outer.digest()

    def frame(self, payload, handle, flags=0, reply_to=0, dst=0, src=0):
        """A whole frame: header, payload, tag."""
        data = HEADER.pack(MAGIC, VERSION, flags, dst, src, src, handle, reply_to,
                           len(payload)) + payload
        return data + self.tag(data)


class FrameBuffer(object):
    """A stream of frames arriving in reads of any size. Reads are joined only once the frame
    waited for is whole: joining on every read would copy a big frame once per read."""

    def __init__(self):
        self.parts, self.size, self.need = [], 0, 0

    def add(self, data):
        """Everything buffered, once `need` bytes are; None until then."""
        self.parts.append(data)
        self.size += len(data)
        if self.size < self.need:
            return None
        data = b''.join(self.parts)
        self.parts, self.size = [], 0
        return data

    def keep(self, rest, need=0):
        """Keeps rest, the start of what comes next, until `need` bytes are buffered."""
        self.parts, self.size, self.need = [rest], len(rest), need

    def frames(self, data):
        """Yields (buffer, start, flags, handle, reply_to, size) for each whole frame buffered
        once data came: the frame is buffer[start:start + FRAME_OVERHEAD + size]. What follows
        the last whole frame is kept. A header that is not one of ours raises ValueError."""
        buf = self.add(data)
        if buf is None:
            return
        start, need, end = 0, HEADER_SIZE, len(buf)
        try:
            while end - start >= HEADER_SIZE:
                magic, version, flags, _, _, _, handle, reply_to, size = \
                    HEADER.unpack_from(buf, start)
                if magic != MAGIC or version != VERSION or size > MAX_PAYLOAD:
                    raise ValueError('not a frame')
                if end - start < FRAME_OVERHEAD + size:
                    need = FRAME_OVERHEAD + size
                    break
                yield buf, start, flags, handle, reply_to, size
                start += FRAME_OVERHEAD + size
        finally:
            self.keep(buf[start:], need)


def _log_record(logger, level, message, thread=None, created=None):
    """FORWARD_LOG's payload (docs/protocol.md §3)."""
    return (logger, level, time.time() if created is None else created,
            threading.current_thread().name if thread is None else thread, message)


class _Waiter(object):
    """A request to the master, waiting for its reply."""
    __slots__ = ('event', 'value', 'flags')

    def __init__(self):
        self.event, self.value, self.flags = threading.Event(), None, 0


class Router(object):
    """The link to the parent: frames out under a lock, frames in on the thread that reads."""

    def __init__(self, config, rfd, wfd):
        self.mac = Mac(bytes(bytearray.fromhex(config['key'])))
        self.id = config['context_id']
        self.rfd, self.wfd = rfd, wfd
        self.write_lock = threading.Lock()
        self.waiters_lock = threading.Lock()
        self.waiters = {}  # reply handle -> _Waiter
        self.next_handle = FIRST_REPLY_HANDLE
        self.inbox = FrameBuffer()
        self.corked = []  # frames kept back for the next write
        self.pieces = []  # the pieces of a message from the master so far
        self.max_value = config.get('max_value', 1 << 28)
        self.dead = False

    def send(self, handle, obj, reply_to=0, flags=0, dst=0, cork=False):
        """Sends obj (pickled, or bytes with RAW) to handle, in pieces if it is big. cork:
        keep it back for the next write (replies while more calls wait); the I/O thread
        writes what is kept back within 10 ms."""
        payload = obj if flags & RAW else dumps(obj)
        size = len(payload)
        if size > self.max_value:  # it fails alone: a reply as the caller's error, else a warning
            why = '%d bytes, over the limit of %d bytes for one value' % (size, self.max_value)
            if handle >= FIRST_REPLY_HANDLE:
                payload = dumps(CallError('ValueError', 'the result cannot be sent: ' + why, ''))
            else:
                payload = dumps(_log_record('econtext', 30, 'a message for handle %d was not '
                                            'sent: %s' % (handle, why)))
                handle = FORWARD_LOG
            size, flags = len(payload), 0
        if size <= PIECE_SIZE:
            return self.write(self.mac.frame(payload, handle, flags, reply_to, dst, self.id),
                              cork)

        def piece(at):
            more = MORE if at + PIECE_SIZE < size else 0
            return self.mac.frame(payload[at:at + PIECE_SIZE], handle, flags | more, reply_to,
                                  dst, self.id)
        first = piece(0)  # outside the lock: the tag may import hashlib, which may ask the master
        with self.write_lock:  # the pieces of one message follow each other
            self._write(first)
            for at in range(PIECE_SIZE, size, PIECE_SIZE):
                self._write(piece(at))

    def write(self, data=b'', cork=False):
        """Writes data after what was kept back; with cork, keeps it back too."""
        with self.write_lock:
            self._write(data, cork)

    def _write(self, data, cork=False):
        if cork or self.corked:
            self.corked.append(data)
            if cork:
                return
            data, self.corked = b''.join(self.corked), []
        while data:
            try:
                data = data[os.write(self.wfd, data):]
            except OSError as e:
                if e.errno != errno.EINTR:
                    raise

    def request(self, handle, obj, timeout=None):
        """Sends obj to the master's service handle and waits for the reply."""
        waiter = _Waiter()
        with self.waiters_lock:
            reply_to = self.next_handle
            self.next_handle += 1
            self.waiters[reply_to] = waiter
        self.send(handle, obj, reply_to=reply_to)
        _hand_link_to_io_thread()
        waiter.event.wait(timeout)
        with self.waiters_lock:
            del self.waiters[reply_to]
        if waiter.flags & DEAD or self.dead:
            raise EOFError('link to the master lost')
        return waiter.value

    def feed(self, data):
        """Yields (flags, handle, reply_to, payload) for each whole message from the master in
        what was read so far; a message in pieces once its last piece came."""
        tag_check = self.mac.tag
        for buf, start, flags, handle, reply_to, size in self.inbox.frames(data):
            body_end = start + HEADER_SIZE + size
            if not _digests_equal(tag_check(buf[start:body_end]),
                                  buf[body_end:body_end + TAG_SIZE]):
                raise ValueError('frame with a bad HMAC tag from the master')
            payload = buf[start + HEADER_SIZE:body_end]
            if flags & MORE or self.pieces:
                self.pieces.append(payload)
                if flags & MORE:
                    continue
                payload, self.pieces = b''.join(self.pieces), []
            yield flags, handle, reply_to, payload

    def reply(self, handle, flags, payload):
        """Hands a reply to the request waiting for it; False if none does."""
        with self.waiters_lock:
            waiter = self.waiters.get(handle)
            if waiter is None:
                return False
            waiter.value = payload if flags & RAW else loads(payload)
            waiter.flags = flags
        waiter.event.set()
        return True

    def fail_all(self):
        """The link is gone: every request waiting fails."""
        self.dead = True
        with self.waiters_lock:
            for waiter in self.waiters.values():
                waiter.flags = DEAD
                waiter.event.set()


# ---------------------------------------------------------------- modules from the master
def _module_payload(payload):
    """LOAD_MODULE's payload (docs/protocol.md §4): its meta, (name, path, is_pkg, children,
    requested_by[, compiled]), and the zlib'd source or marshalled code."""
    size = struct.unpack('>I', payload[:4])[0]
    return loads(payload[4:4 + size]), payload[4 + size:]


class SentModule(object):
    """A module the master sent, kept until it is imported (and after, for its source)."""
    __slots__ = ('path', 'is_pkg', 'children', 'data', 'sent_ahead', 'compiled')

    def __init__(self, meta, data):
        name, self.path, self.is_pkg, children, requested_by = meta[:5]
        self.children = children and set(children)  # of a package; None: not known
        self.data = data  # zlib'd source, or code compiled for this Python (compiled)
        self.sent_ahead = requested_by != name  # sent with another module, not asked for yet
        self.compiled = meta[5:] == (True,)


class Importer(object):
    """sys.meta_path finder that fetches what the context lacks from the master."""

    def __init__(self, router):
        self.router = router
        self.modules = {}  # name -> SentModule
        self.missing = set()  # names the master does not have either
        self.lock = threading.Lock()
        self.loading = {}  # name -> Event: another thread asked the master for it
        self.stdlib = os.path.dirname(os.__file__)
        self.stdlib_names = getattr(sys, 'stdlib_module_names', ())

    def event(self, name, outcome, ms=-1.0):
        """Tells the master what became of an import (IMPORT_EVENT)."""
        try:
            self.router.send(IMPORT_EVENT, (name, outcome, float(ms)))
        except Exception:
            pass

    def load(self, payload):
        meta, data = _module_payload(payload)
        self.modules[meta[0]] = SentModule(meta, data)

    def _is_std(self, name):
        top = name.partition('.')[0]
        return top in sys.builtin_module_names or top in self.stdlib_names or top == 'econtext'

    def _local(self, name, path):
        """True if this interpreter has the module itself (noted unless it is the stdlib's)."""
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
        """The SentModule for name, asking the master if need be; None if not ours to load."""
        module = self.modules.get(name)
        if module is not None and module.sent_ahead and '.' not in name and \
                self._local(name, path):
            # Sent ahead, but this interpreter has its own copy: its own wins.
            del self.modules[name]
            return None
        if module is not None:
            if module.sent_ahead:
                module.sent_ahead = False
                self.event(name, 'cached', 0.0)
            return module
        if self._is_std(name) or name in self.missing or _thread_id() == DISPATCHER:
            # The thread reading the master's answers must never wait for one.
            return None
        parent, _, last = name.rpartition('.')
        if parent:
            # Children of a package we did not serve are its own finders' business.
            package = self.modules.get(parent)
            if package is None:
                return None
            if package.children is not None and last not in package.children:
                self.event(name, 'negative', 0.0)
                return None
        elif self._local(name, path):
            return None
        with self.lock:
            done = self.loading.get(name)
            asking = done is None
            if asking:
                done = self.loading[name] = threading.Event()
        if not asking:
            _hand_link_to_io_thread()
            done.wait()
            return self.modules.get(name)
        try:
            # `import a.b.c` asks for `a` first: ask for the whole name so one roundtrip serves all.
            for wanted in (self._wanted(name), name):
                if wanted in self.modules or wanted in self.missing:
                    continue
                started = time.time()
                status = 'notfound'
                try:
                    status = self.router.request(GET_MODULE, wanted)[1]
                except EOFError:
                    pass
                if not isinstance(status, str):
                    status = status.decode()
                self.event(wanted, status if status != 'ok' else 'served',
                           (time.time() - started) * 1000)
                if wanted not in self.modules:
                    self.missing.add(wanted)
                if name in self.modules:
                    break
            module = self.modules.get(name)
            if module is None:
                self.missing.add(name)
            else:
                module.sent_ahead = False
            return module
        finally:
            with self.lock:
                del self.loading[name]
            done.set()

    def _wanted(self, name):
        """The longest name importlib is loading on this thread that starts with name."""
        wanted, frame = name, sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_name == '_find_and_load' and \
                    frame.f_globals.get('__name__') in IMPORTLIB_BOOTSTRAP:
                loading = frame.f_locals.get('name')
                if isinstance(loading, str) and loading.startswith(wanted + '.'):
                    wanted = loading
            frame = frame.f_back
        return wanted

    def _hook_logging(self, path):
        """The stdlib's logging, with our forwarder installed once it has loaded."""
        spec = importlib.machinery.PathFinder.find_spec('logging', path)
        load = getattr(spec and spec.loader, 'exec_module', None)
        if load is not None:
            def exec_module(module):
                load(module)
                _install_logging(module)
            spec.loader.exec_module = exec_module
        return spec

    # Python 3
    def find_spec(self, name, path=None, target=None):
        if name == 'logging' and 'logging' not in sys.modules:
            return self._hook_logging(path)
        module = self._find(name, path)
        if module is None:
            return None
        spec = importlib.machinery.ModuleSpec(name, self, origin=module.path,
                                              is_package=module.is_pkg)
        spec.has_location = bool(module.path)
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        self._run(module, module.__name__)

    # Python 2
    def find_module(self, name, path=None):
        return self if self._find(name, path) is not None else None

    def load_module(self, name):
        module = sys.modules.get(name)
        if module is None:
            module = sys.modules[name] = imp.new_module(name)
        try:
            self._run(module, name)
        except Exception:
            sys.modules.pop(name, None)
            raise
        return module

    def _run(self, module, name):
        sent = self.modules[name]
        module.__file__ = sent.path or '<econtext %s>' % name
        module.__loader__ = self
        if sent.is_pkg:
            module.__path__ = []
            module.__package__ = name
        else:
            module.__package__ = name.rpartition('.')[0]
        data = zlib.decompress(sent.data)
        code = marshal.loads(data) if sent.compiled else compile(data, module.__file__, 'exec')
        exec(code, module.__dict__)

    def get_source(self, name):
        """For tracebacks (linecache). A module sent compiled has no source here: asked
        for, unless this thread reads the master's answers."""
        sent = self.modules.get(name)
        if sent is None:
            return None
        source = None
        if not sent.compiled:
            source = zlib.decompress(sent.data)
        elif _thread_id() != DISPATCHER and not self.router.dead:
            try:
                source = self.router.request(GET_SOURCE, name, 10)
            except Exception:
                pass
        return source.decode('utf-8', 'replace') if source else None


def _install_logging(logging):
    """Forwards records of the root logger to the master at its level."""
    class LogForwarder(logging.Handler):
        def __init__(self, router):
            logging.Handler.__init__(self)
            self.router = router
            self.local = threading.local()

        def emit(self, record):
            if getattr(self.local, 'busy', False) or self.router.dead:
                return
            self.local.busy = True
            try:
                message = record.getMessage()
                if record.exc_info:
                    import traceback
                    message += '\n' + ''.join(
                        traceback.format_exception(*record.exc_info)).rstrip()
                self.router.send(FORWARD_LOG, _log_record(
                    record.name, record.levelno, message, record.threadName, record.created))
            except Exception:
                pass
            finally:
                self.local.busy = False

    root = logging.getLogger()
    root.addHandler(LogForwarder(ROUTER))
    root.setLevel(LOG_LEVEL)


# ---------------------------------------------------------------- what the master calls
# The functions below are the core's interface to the master: core/broker/corecalls.h
# names them and the shapes of their arguments, and nothing else in the master does.
COMMANDS = {}  # handle -> the Popen of a command streaming to it (run_command, shell)
NAMESPACES = {}  # console session -> the namespace its Python code runs in
SHELLS = {}  # console session -> {'cwd': ..., 'env': ...} of its shell
_STDOUT_LOCK = threading.Lock()  # repl() swaps sys.stdout under it
CONSOLE_SESSION = None  # the session whose console code the main thread runs (only it sets this)


def _namespace(session):
    namespace = NAMESPACES.get(session)
    if namespace is None:
        namespace = NAMESPACES[session] = {'__name__': '__console__', 'sys': sys, 'os': os}
    return namespace


def ping():
    return True


def eval_repr(expr):
    return repr(eval(expr, _namespace('default')))


def repl(source, session='default'):
    """Runs console input: statements run, a trailing expression prints its repr. Answers
    {'output': what it printed, 'error': the traceback or None}."""
    global CONSOLE_SESSION
    import ast
    namespace = _namespace(session)
    out = StringIO()
    with _STDOUT_LOCK:
        stdout = sys.stdout
        sys.stdout = out
        error = None
        try:
            tree = ast.parse(source, '<console>', 'exec')
            last = tree.body[-1:] if tree.body and isinstance(tree.body[-1], ast.Expr) else []
            if last:
                tree.body = tree.body[:-1]
            if _thread_id() == MAIN_THREAD:
                CONSOLE_SESSION = session
            exec(compile(tree, '<console>', 'exec'), namespace)
            if last:
                value = eval(compile(ast.Expression(last[0].value), '<console>', 'eval'),
                             namespace)
                if value is not None:
                    namespace['_'] = value
                    out.write(repr(value) + '\n')
        except SystemExit:
            error = 'SystemExit ignored in the console\n'
        except BaseException:
            etype, value, tb = sys.exc_info()
            error = _format_exc(etype, value, tb.tb_next, etype is KeyboardInterrupt)
        finally:
            if _thread_id() == MAIN_THREAD:
                CONSOLE_SESSION = None
            sys.stdout = stdout
    return {'output': out.getvalue(), 'error': error}


def _in_console(frame):
    while frame is not None:
        if frame.f_code.co_filename == '<console>':
            return True
        frame = frame.f_back
    return False


def _on_sigint(signum, frame):
    # Runs on the main thread between bytecodes: raises only inside console code, never in
    # the core (nor in repl() around it, whose clean-up must run).
    global CONSOLE_SESSION
    if CONSOLE_SESSION is not None and _in_console(frame):
        CONSOLE_SESSION = None
        raise KeyboardInterrupt


def interrupt_repl(session='default'):
    """Raises KeyboardInterrupt in the console code of session if it runs (also in a sleep),
    once. A signal that lands just before a blocking call is only handled after it: sent
    again until the handler has run (it clears CONSOLE_SESSION), for up to 0.2 s."""
    for attempt in range(20):
        if CONSOLE_SESSION != session or \
                not _in_console(sys._current_frames().get(MAIN_THREAD)):
            return attempt > 0
        if hasattr(signal, 'pthread_kill'):
            signal.pthread_kill(MAIN_THREAD, SIGINT)
        else:
            os.kill(os.getpid(), SIGINT)
        time.sleep(0.01)
    return True


def complete(prefix, session='default'):
    """The names that complete prefix (an attribute path) in session's namespace."""
    namespace = _namespace(session)
    head, dot, tail = prefix.rpartition('.')
    if dot:
        parts = head.split('.')
        obj = namespace.get(parts[0], getattr(builtins, parts[0], None))
        for part in parts[1:]:
            obj = getattr(obj, part, None)
        names = dir(obj) if obj is not None else []
        return sorted(head + '.' + n for n in names if n.startswith(tail))
    names = set(namespace) | set(dir(builtins))
    return sorted(n for n in names if n.startswith(prefix))


def _run_streaming(argv, handle, shell, cwd, env, fd3=None):
    """Runs a command in a session of its own, streaming ('out'|'err', bytes) to handle; the
    exit status (negative: the signal that killed it). fd3 becomes its fd 3."""
    def in_child():
        os.setsid()
        if fd3 is not None:
            os.dup2(fd3, 3)
    import subprocess
    process = subprocess.Popen(argv, shell=shell, cwd=cwd, env=env, stdin=open(os.devnull),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=in_child, close_fds=fd3 is None)
    COMMANDS[handle] = process
    _note_group(process.pid)
    try:
        streams = {process.stdout.fileno(): 'out', process.stderr.fileno(): 'err'}
        while streams:
            for fd in select.select(list(streams), [], [])[0]:
                data = os.read(fd, 65536)
                if data:
                    ROUTER.send(handle, (streams[fd], data))
                else:
                    del streams[fd]
        return process.wait()
    finally:
        COMMANDS.pop(handle, None)
        if process.returncode is not None:
            _note_group(process.pid, False)
        process.stdout.close()
        process.stderr.close()


def run_command(cmd, handle, cwd=None, env=None, shell=False):
    """Runs cmd (argv list, or a string with shell=True), streaming ('out'|'err', bytes)."""
    if not isinstance(cmd, (list, tuple)):
        shell = True
    return _run_streaming(cmd, handle, shell, cwd, env)


def shell(cmd, handle, session='default'):
    """Runs cmd with /bin/sh; the working directory and environment persist per session."""
    state = SHELLS.setdefault(session, {'cwd': os.getcwd(), 'env': dict(os.environ)})
    r, w = os.pipe()
    # The shell tells where it ended up (directory, environment) on fd 3 as it exits.
    script = "trap '{ pwd; env; } >&3' EXIT\n" + cmd
    try:
        try:
            status = _run_streaming(['/bin/sh', '-c', script], handle, False, state['cwd'],
                                    state['env'], w)
        finally:
            os.close(w)
        told = b''
        while True:
            more = os.read(r, 65536)
            if not more:
                break
            told += more
    finally:
        os.close(r)
    lines = told.decode('utf-8', 'replace').split('\n')
    if lines and lines[0] and os.path.isdir(lines[0]):
        state['cwd'] = lines[0]
        env = {}
        for line in lines[1:]:
            key, eq, value = line.partition('=')
            if eq and key and key not in ('PWD', 'OLDPWD', 'SHLVL', '_'):
                env[str(key)] = str(value)
        if env:
            state['env'] = env
    return status


def shell_cwd(session='default'):
    return SHELLS.get(session, {}).get('cwd', os.getcwd())


def interrupt(handle, sig=SIGINT):
    """Signals the process group of the command streaming to handle; False if there is none."""
    process = COMMANDS.get(handle)
    if process is None:
        return False
    try:
        os.killpg(process.pid, sig)
    except OSError:
        return False
    return True


def interrupt_all(sig=SIGINT):
    return sum(interrupt(handle, sig) for handle in list(COMMANDS))


def dump_stacks():
    """Every thread's stack, and the call it runs."""
    import traceback
    names = dict((t.ident, t.name) for t in threading.enumerate())
    out = []
    for ident, frame in sys._current_frames().items():
        call, running = '', RUNNING.get(ident)
        if running:
            module, cls, function, started = running
            call = '  in the call %s.%s (%.1f s)\n' % (
                module, cls + '.' + function if cls else function, time.time() - started)
        out.append('Thread %s (%s):\n%s%s' % (names.get(ident, '?'), ident,
                                               ''.join(traceback.format_stack(frame)), call))
    return '\n'.join(out)


def send_zeros(handle, total, chunk=262144):
    """Sends total zero bytes to handle in raw frames of chunk bytes: the throughput benchmark."""
    data, sent = b'\0' * chunk, 0
    while sent < total:
        ROUTER.send(handle, data, flags=RAW)
        sent += chunk
    return sent


def set_log_level(level):
    global LOG_LEVEL
    LOG_LEVEL = level
    if 'logging' in sys.modules:
        sys.modules['logging'].getLogger().setLevel(level)


# ---------------------------------------------------------------- child contexts
class RelayedModules(object):
    """Modules the master sent to children through this context, kept (source only, up to a
    size) so that the next child is answered here (docs/protocol.md §6)."""
    MAX_SIZE = 1 << 26

    def __init__(self):
        self.payloads = {}  # name -> LOAD_MODULE payload
        self.sent_with = {}  # name -> the modules sent ahead with it
        self.missing = set()  # names the master answered 'notfound'
        self.size = 0

    def keep(self, payload):
        """Notes a LOAD_MODULE payload going by; the name of its module."""
        meta, _ = _module_payload(payload)
        name, requested_by = meta[0], meta[4]
        # Code compiled for this child's Python release may not suit the next.
        if name not in self.payloads and meta[5:] != (True,) and self.size < self.MAX_SIZE:
            self.payloads[name] = payload
            self.size += len(payload)
            if requested_by != name:
                self.sent_with.setdefault(requested_by, []).append(name)
        return name


RELAYED = RelayedModules()
RELAYS = {}  # handle -> Relay


class Relay(object):
    """A child context's process started for the master: its stdio tunnelled as raw frames.
    Its output goes to handle, its stderr to handle + 1; notes of the modules answered here
    to handle + 2."""

    def __init__(self, argv, handle, frames=False):
        self.handle, self.buf = handle, bytearray()
        # With frames: the child's output is split into frames after its EC2 line
        # (child_frames), and once relay_frames() gave its key, the master's frames to it too
        # (master_frames), so that modules passing through are kept and a second child is
        # answered from them.
        self.child_frames = frames and FrameBuffer() or None
        self.speaks_frames = False  # the child's EC2 line went by
        self.master_frames, self.mac = None, None
        self.asked = {}  # reply handle -> the module the child asked the master for
        self.child_has = set()  # modules the child was sent
        self.in_pieces = False  # the master's message to the child goes by in pieces
        import subprocess
        self.process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, close_fds=True,
                                        preexec_fn=os.setsid)
        _note_group(self.process.pid)
        self.fds = {self.process.stdout.fileno(): handle, self.process.stderr.fileno(): handle + 1}
        self.wfd = self.process.stdin.fileno()
        import fcntl
        for fd in list(self.fds) + [self.wfd]:
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)

    def read(self, fd):
        """Forwards what the child wrote on fd."""
        try:
            data = os.read(fd, 65536)
        except OSError as e:
            if e.errno == errno.EAGAIN:
                return
            data = b''
        handle = self.fds[fd]
        out = data
        if self.child_frames and handle == self.handle:
            # At the end, what was held back (a partial line or frame) goes as it is.
            out = self.from_child(data) if data else b''.join(self.child_frames.parts)
        if out:
            ROUTER.send(handle, out, flags=RAW)
        if data:
            return
        del self.fds[fd]
        if not self.fds:
            self.close_stdin()
            RELAYS.pop(self.handle, None)
            threading.Thread(target=self.reap).start()

    def from_child(self, data):
        """The child's output to forward: whole lines until its EC2 line, then whole frames,
        minus the module requests answered here."""
        frames, out = self.child_frames, []
        if not self.speaks_frames:
            buf = frames.add(data)
            start = 0
            while not self.speaks_frames:
                end = buf.find(b'\n', start)
                if end < 0:
                    frames.keep(buf[start:])
                    return buf[:start]
                self.speaks_frames, start = buf.startswith(b'EC2 ', start), end + 1
            frames.keep(buf[start:], HEADER_SIZE)
            out.append(buf[:start])
            data = b''
        buf, sent_to, whole = b'', 0, 0
        try:
            for buf, start, flags, handle, reply_to, size in frames.frames(data):
                whole = start + FRAME_OVERHEAD + size
                if handle == GET_MODULE and \
                        self.serve(buf[start + HEADER_SIZE:whole - TAG_SIZE], reply_to):
                    out.append(buf[sent_to:start])
                    sent_to = whole
        except ValueError:  # not ours to judge: the master will
            self.child_frames = None
            return b''.join(out + [buf[sent_to:whole]] + frames.parts)
        out.append(buf[sent_to:whole])
        return b''.join(out)

    def serve(self, payload, reply_to):
        """Answers the child's module request here if the module was kept (or the master
        lacks it); False to let it go to the master."""
        if self.mac is None:
            return False
        try:
            name = loads(payload)
            name = name if isinstance(name, str) else name.decode()
        except Exception:
            return False
        status = 'ok' if name in RELAYED.payloads else \
            'notfound' if name in RELAYED.missing else None
        if status is None:
            self.asked[reply_to] = name
            return False
        sent = []
        for module in [name] + RELAYED.sent_with.get(name, []):
            if module in RELAYED.payloads and module not in self.child_has:
                self.child_has.add(module)
                self.to_child(LOAD_MODULE, RELAYED.payloads[module], RAW)
                sent.append((module, len(RELAYED.payloads[module])))
        self.to_child(reply_to, pickle.dumps((name, status), 2))
        ROUTER.send(self.handle + 2, (name, status, sent))
        return True

    def to_child(self, handle, payload, flags=0):
        self.write(self.mac.frame(payload, handle, flags))

    def inbound(self, data):
        """The master's bytes for the child (FORWARD_STDIN): passed on whole frames at a time,
        keeping the modules (and the answers to module requests) that go by. Empty: the end."""
        frames = self.master_frames
        if frames is None or not data:
            if frames is not None and frames.size:
                self.write(b''.join(frames.parts))
            return self.write(data)
        buf, whole = b'', 0
        try:
            for buf, start, flags, handle, reply_to, size in frames.frames(data):
                whole = start + FRAME_OVERHEAD + size
                self._look_into(flags, handle, buf[start + HEADER_SIZE:whole - TAG_SIZE])
        except ValueError:  # not frames after all: passed on as they come
            self.master_frames = None
            return self.write(buf[:whole] + b''.join(frames.parts))
        if whole:
            self.write(buf[:whole])

    def _look_into(self, flags, handle, payload):
        """Keeps a module sent to the child; notes a module the master does not have."""
        in_pieces, self.in_pieces = self.in_pieces, flags & MORE
        try:
            if in_pieces or self.in_pieces:
                pass  # not looked into
            elif handle == LOAD_MODULE:
                self.child_has.add(RELAYED.keep(payload))
            elif handle in self.asked and loads(payload)[1] in ('notfound', b'notfound'):
                RELAYED.missing.add(self.asked[handle])
        except Exception:
            pass
        self.asked.pop(handle, None)

    def reap(self):
        code = self.process.wait()
        _note_group(self.process.pid, False)
        self.process.stdout.close()
        self.process.stderr.close()
        ROUTER.send(self.handle, 'exited with status %d' % code if code >= 0 else
                    'killed by signal %d' % -code, flags=DEAD)

    def write(self, data=None):
        """Writes data to the child's stdin after what waits (None: only what waits; empty:
        the end, its stdin is closed)."""
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
            self.close_stdin()

    def close_stdin(self):
        if self.wfd >= 0:
            os.close(self.wfd)
            self.process.stdin = None
            self.wfd = -1


def spawn_child(argv, handle, frames=False):
    """Starts argv (a child context's bootstrap) with its stdout sent to handle, stderr to handle+1;
    modules it was sent by the master serve later children (notes to handle+2)."""
    RELAYS[handle] = relay = Relay(argv, handle, frames)
    return relay.process.pid


def relay_frames(handle, key):
    """The child behind handle is up: from now on the master's bytes for it are frames."""
    relay = RELAYS.get(handle)
    if relay is None or not relay.child_frames:
        return False
    relay.mac, relay.master_frames = Mac(bytes(bytearray.fromhex(key))), FrameBuffer()
    return True


def kill_child(handle, sig=SIGKILL):
    relay = RELAYS.get(handle)
    if relay is not None:
        try:
            os.killpg(relay.process.pid, sig)
        except OSError:
            os.kill(relay.process.pid, sig)
    return relay is not None


# ---------------------------------------------------------------- running calls
RUNNING = {}  # thread ident -> (module, class, function, start) of the call it runs


def _text(value):
    """str(value), whatever value is (on 2.7 a unicode message may not fit str)."""
    for convert in (str, getattr(builtins, 'unicode', repr), repr):
        try:
            return convert(value)
        except Exception:
            pass
    return type(value).__name__


def _error(skip_frames=1):
    """The exception being handled as a CallError, with its traceback (minus skip_frames)."""
    etype, value, tb = sys.exc_info()
    for _ in range(skip_frames):
        tb = tb and tb.tb_next
    message, text = _text(value), ''
    try:
        text = _format_exc(etype, value, tb)
        if not PY3 and isinstance(message, type(u'')):  # 2.7 escapes it in the traceback
            text = text.decode('utf-8', 'replace').rstrip().rpartition(u'\n')[0] + \
                u'\n%s: %s\n' % (etype.__name__, message)
    except Exception:
        pass
    return CallError(etype.__name__, message, text)


def _call(message):
    """Runs a call (docs/protocol.md §3: module, class or None, function, args, kwargs); its
    result, or the CallError it raised."""
    try:
        module_name, cls, function, args, kwargs = loads(message)
        if PY3:
            module = sys.modules.get(module_name) or importlib.import_module(module_name)
        else:
            __import__(module_name)
            module = sys.modules[module_name]
        owner = getattr(module, cls) if cls else module
        if kwargs:
            kwargs = dict((str(k), v) for k, v in kwargs.items())
        RUNNING[_thread_id()] = (module_name, cls, function, time.time())
        return getattr(owner, function)(*args, **kwargs)
    except BaseException:
        return _error()


def _run_call(message, reply_to, cork=False):
    """Runs a call and replies; whatever fails (the call, pickling its result, sending it) is
    that call's error, and the context goes on."""
    result = _call(message)
    RUNNING.pop(_thread_id(), None)
    try:
        if not cork:
            OUTPUT.flush()  # what the calls printed goes before their replies
        ROUTER.send(reply_to, result, cork=cork)
    except BaseException:
        error = _error(0)
        error.tb = 'The result (%s) could not be sent:\n%s' % (type(result).__name__, error.tb)
        try:
            ROUTER.send(reply_to, error, cork=cork)
        except BaseException:
            pass  # the link is gone: the loops reading it see that


# ---------------------------------------------------------------- leaving (docs/isolation.md)
GROUPS = set()  # process groups we started
WATCHDOG_PIPE = -1  # the pipe to the watchdog, which learns of them too


def _note_group(pgid, started=True):
    (GROUPS.add if started else GROUPS.discard)(pgid)
    try:
        os.write(WATCHDOG_PIPE, struct.pack('i', pgid if started else -pgid))
    except OSError:
        pass


def _kill(groups):
    for group in groups:
        try:
            os.killpg(group, SIGKILL)
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
    global WATCHDOG_PIPE
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
            WATCHDOG_PIPE = w
        return
    try:
        os.setpgid(0, 0)
        for fd in (0, 1, 2, w) + WAKE_IO:
            os.close(fd)
        for sig in (SIGINT, 1):
            signal.signal(sig, signal.SIG_IGN)
        poll, groups, data = select.poll(), set([me]), 1
        poll.register(link, getattr(select, 'POLLRDHUP', 0))
        poll.register(r, select.POLLIN)
        while data:
            try:
                if link in dict(poll.poll()):
                    break
            except (OSError, select.error) as e:  # EINTR on 2.7
                if _eintr(e):
                    continue
                raise
            data = os.read(r, 4096)
            for group in struct.unpack('%di' % (len(data) // 4), data):
                (groups.add if group > 0 else groups.discard)(abs(group))
        # A group may not be told yet: its starter held back by a call that holds the GIL.
        # Never the watchdog's own group, nor the one we were started in if it is not ours.
        spare = set([os.getpgrp()] + ([ours] if ours != me else []))
        _kill((groups | _groups_below(me)) - spare)
    finally:
        os._exit(0)


def _groups_below(root):
    """The process groups of root's descendants, read from /proc where there is one."""
    children, found, todo = {}, set(), [root]
    try:
        for d in [d for d in os.listdir('/proc') if d.isdigit()]:
            try:
                with open('/proc/%s/stat' % d, 'rb') as f:
                    stat = f.read()
            except (IOError, OSError):
                continue
            stat = stat[stat.rfind(b')') + 2:].split()  # state, parent, group, ...
            children.setdefault(int(stat[1]), []).append((int(d), int(stat[2])))
    except OSError:
        pass
    while todo:
        for pid, pgid in children.get(todo.pop(), ()):
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


# ---------------------------------------------------------------- output
class _OutputPipe(object):
    """What was read from one of our stdout/stderr pipes and not forwarded yet."""
    __slots__ = ('prefix', 'partial', 'size')

    def __init__(self, stream):
        self.prefix = struct.pack('B', stream)  # FORWARD_OUTPUT's stream byte
        self.partial, self.size = [], 0  # a partial line in pieces, and its size


class Output(object):
    """Forwards what is written to fds 1 and 2 (ours and our children's) in raw frames of whole
    lines; a partial line once a call ends (flush) or at MAX_LINE bytes."""

    def __init__(self):
        import fcntl
        self.pipes, self.lock = {}, threading.Lock()  # read end -> _OutputPipe
        self.poll = hasattr(select, 'poll') and select.poll()  # faster than select()
        for stream in (1, 2):
            r, w = os.pipe()
            os.dup2(w, stream)
            os.close(w)
            _cloexec(r)
            fcntl.fcntl(r, fcntl.F_SETFL, fcntl.fcntl(r, fcntl.F_GETFL) | os.O_NONBLOCK)
            self.pipes[r] = _OutputPipe(stream)
            self.poll and self.poll.register(r, select.POLLIN)

    def read(self, fd):
        with self.lock:
            self._read(fd)

    def _read(self, fd):
        """Forwards what fd has now; False if nothing."""
        pipe = self.pipes.get(fd)
        try:
            data = pipe and os.read(fd, 65536)
        except OSError as e:
            if _eintr(e):
                return False
            raise
        if not data:
            if pipe:  # closed by the code we run: forward the rest and forget it
                self.send(pipe, b'')
                del self.pipes[fd]
                self.poll and self.poll.unregister(fd)
                os.close(fd)
            return False
        lines_end = data.rfind(b'\n') + 1
        if lines_end:
            self.send(pipe, data[:lines_end])
        if lines_end < len(data):
            pipe.partial.append(data[lines_end:])
            pipe.size += len(data) - lines_end
            if pipe.size >= MAX_LINE:
                self.send(pipe, b'', True)
        return True

    def send(self, pipe, data, cut=False):
        if pipe.partial:
            data = b''.join(pipe.partial) + data
            pipe.partial, pipe.size = [], 0
        if cut:  # a piece of a long line: its last character, if not ASCII, goes next
            tail, keep = bytearray(data[-4:]), len(data)
            while tail and tail[-1] & 0xC0 == 0x80:
                tail.pop()
                keep -= 1
            if tail and tail[-1] >= 0xC0:
                keep -= 1
            pipe.partial, pipe.size, data = [data[keep:]], len(data) - keep, data[:keep]
        if data:
            ROUTER.send(FORWARD_OUTPUT, pipe.prefix + data, flags=RAW)

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
                    ready = select.select(list(self.pipes), [], [], 0)[0]
                if not [fd for fd in ready if self._read(fd)]:
                    break
            for pipe in self.pipes.values():
                self.send(pipe, b'')


# ---------------------------------------------------------------- who reads the link
# The main thread reads the link between calls and runs a quick call without waking anyone;
# the I/O thread takes the link from a call that runs 10 ms or waits for the master
# (docs/performance.md item 10). Frames are dispatched under READ_LOCK, in the order they
# came, whichever thread reads.
MAIN_THREAD = None  # its ident
READER = 'io'  # who reads the link: 'io' or 'main' (changed under READ_LOCK)
DISPATCHER = 0  # the thread dispatching frames now: it must never wait for a reply
READ_LOCK = threading.Lock()
WAKE_IO = os.pipe()  # a byte written here wakes the I/O thread
STOP_IO = False
LEAVE_AT = 0  # after SHUTDOWN: when to leave at the latest
GRACE = 1.0
LEAVING = threading.Lock()
CALLS_STARTED = 0  # calls the main thread started
RUNNING_CALL = 0  # the number of the call the main thread runs; 0: none
IO_ASLEEP = False  # the I/O thread waits without a timeout
LOG_LEVEL = 30  # the master's; logging is imported lazily (it is slow to import)


def _wake_io():
    try:
        os.write(WAKE_IO[1], b'.')
    except OSError:
        pass  # full (non-blocking): it is awake anyway


def _hand_link_to_io_thread():
    """Before the main thread waits for the master, the I/O thread takes the link."""
    global READER
    if READER == 'main' and _thread_id() == MAIN_THREAD != DISPATCHER:
        with READ_LOCK:
            READER = 'io'
        _wake_io()


def _eintr(e):
    return (e.args and e.args[0]) in (errno.EINTR, errno.EAGAIN)


def _read_link(calls, who):
    """Reads and dispatches what the link has if who ('io' or 'main') reads it now. Frames are
    dispatched under the lock, so they are handled in the order they came whichever thread
    reads."""
    global DISPATCHER, LEAVE_AT
    with READ_LOCK:
        # The I/O thread may find that the main thread read what woke it (the link stays
        # blocking: over a socketpair it shares its flags with the writing end).
        if READER != who or who == 'io' and not select.select([ROUTER.rfd], [], [], 0)[0]:
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
        DISPATCHER = _thread_id()
        try:
            for flags, handle, reply_to, payload in ROUTER.feed(data):
                if handle == CALL_FUNCTION:
                    calls.append((payload, reply_to))
                elif handle == CALL_ASYNC:
                    thread = threading.Thread(target=_run_call, args=(payload, reply_to))
                    thread.daemon = True
                    thread.start()
                elif handle == CALL_IO:
                    _run_call(payload, reply_to)
                elif handle == LOAD_MODULE:
                    IMPORTER.load(payload)
                elif handle == FORWARD_STDIN:
                    relay = RELAYS.get(struct.unpack('>I', payload[:4])[0])
                    if relay is not None:
                        relay.inbound(payload[4:])
                elif handle == SET_LOG_LEVEL:
                    set_log_level(loads(payload))
                elif handle == SHUTDOWN:
                    LEAVE_AT = _monotonic() + GRACE
                    calls.append(None)
                    _wake_io()
                else:
                    ROUTER.reply(handle, flags, payload)
        finally:
            DISPATCHER = 0


def _io_loop(output, calls):
    global READER, IO_ASLEEP
    seen, watched, watched_since = -1, 0, 0
    try:
        while not STOP_IO:
            # While calls come, look every 10 ms for one that has run that long and take the
            # link from it (it may block), however often output wakes this thread; with no
            # call since the last look, sleep until one starts (RUNNING_CALL, then IO_ASLEEP).
            running, now = RUNNING_CALL, _monotonic()
            if running != watched:
                watched, watched_since = running, now
            elif running and READER == 'main' and now - watched_since >= 0.01:
                with READ_LOCK:
                    if READER == 'main' and RUNNING_CALL == running:
                        READER = 'io'
            mine = READER == 'io'
            readable = [WAKE_IO[0]] + list(output.pipes) + ([ROUTER.rfd] if mine else [])
            relayed = {}
            for relay in list(RELAYS.values()):
                for fd in relay.fds:
                    relayed[fd] = relay
            writable = dict((r.wfd, r) for r in RELAYS.values() if r.buf and r.wfd >= 0)
            # Replies kept back are written within 1-10 ms.
            wait = 0.001 if calls or ROUTER.corked else None
            if not mine and wait is None:
                if running or CALLS_STARTED != seen:
                    wait = 0.01
                else:
                    IO_ASLEEP = True
                    if RUNNING_CALL:
                        IO_ASLEEP, wait = False, 0.01
            seen = CALLS_STARTED
            if LEAVE_AT:
                left = LEAVE_AT - _monotonic()
                if left <= 0:
                    _leave(output, False)
                wait = left if wait is None else min(wait, left)
            ready, can_write, _ = select.select(readable + list(relayed), list(writable), [],
                                                wait)
            IO_ASLEEP = False
            if not ready and not can_write and ROUTER.corked:
                ROUTER.write()
            for fd in can_write:
                with READ_LOCK:  # relays are also fed by whichever thread reads the link
                    writable[fd].write()
            for fd in ready:
                if fd in relayed:
                    with READ_LOCK:
                        relayed[fd].read(fd)
                elif fd == ROUTER.rfd:
                    _read_link(calls, 'io')
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
    global CALLS_STARTED, RUNNING_CALL, READER
    while True:
        if calls:
            call = calls.popleft()
            if call is None:
                return
            CALLS_STARTED += 1
            RUNNING_CALL = CALLS_STARTED
            if IO_ASLEEP:
                _wake_io()
            _run_call(call[0], call[1], bool(calls))
            RUNNING_CALL = 0
            continue
        ROUTER.write()
        with READ_LOCK:  # now only this thread queues calls
            took, READER = READER == 'io', 'main'
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
                _read_link(calls, 'main')
                if not calls and RELAYS:
                    _wake_io()  # relays may have bytes to write
        except Exception:  # link closed, a bad frame
            ROUTER.fail_all()
            _die(1)


def main():
    global ROUTER, IMPORTER, OUTPUT, MAIN_THREAD, LOG_LEVEL, STOP_IO
    try:
        os.setsid()
    except OSError:
        pass
    # The first stage left the link on fd 100; first comes the config block (u32 size, pickle).
    size = struct.unpack('>I', _read_exactly(100, 4))[0]
    config = loads(_read_exactly(100, size))
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
    ROUTER = Router(config, 100, wfd)
    MAIN_THREAD = _thread_id()
    signal.signal(SIGINT, _on_sigint)

    package = type(sys)('econtext')
    package.__path__ = []
    package.__package__ = 'econtext'
    me = sys.modules['__main__']
    package.core = me
    sys.modules['econtext'] = package
    sys.modules['econtext.core'] = me
    IMPORTER = Importer(ROUTER)
    sys.meta_path.insert(0, IMPORTER)
    LOG_LEVEL = config.get('log_level', 30)
    if not PY3 or 'logging' in sys.modules:
        import logging
        _install_logging(logging)

    os.write(wfd, b'EC2 1\n')
    import pwd
    from binascii import hexlify
    ROUTER.send(HELLO, {
        'version': sys.version, 'version_info': tuple(sys.version_info[:3]), 'pid': os.getpid(),
        'user': pwd.getpwuid(os.getuid()).pw_name, 'host': os.uname()[1],
        'platform': sys.platform, 'executable': sys.executable, 'protocol': PICKLE_PROTOCOL,
        'magic': hexlify(getattr(sys.modules.get('_frozen_importlib_external'), 'MAGIC_NUMBER', b'')
                         if PY3 else imp.get_magic()).decode()})
    calls = deque()
    for fd in WAKE_IO:
        _cloexec(fd)
    thread = threading.Thread(target=_io_loop, args=(OUTPUT, calls), name='econtext-io')
    thread.daemon = True
    thread.start()
    _main_loop(calls)
    STOP_IO = True
    _wake_io()
    thread.join(2)
    _leave(OUTPUT)


if __name__ == '__main__':
    main()
