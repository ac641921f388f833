"""adapter.py: the vwo-conform adapter for the real vwo-python-sdk.

It speaks protocol 1 (spec/protocol.md): JSON lines on stdin (hello, run,
stop), one JSON line per hello and run on stdout. Run it with the venv that
setup.sh makes:

    .venv/bin/python adapter.py

stdout carries protocol lines only: main() keeps a private duplicate of file
descriptor 1 for them and points descriptor 1 and sys.stdout at stderr, so
the SDK's logging, a stray print() or a C extension's write all land on
stderr.

Every case gets a fresh SDK instance (vwo.launch) with the case's settings,
launch options (translated from vwo-node-sdk's names), an in-memory user
storage seeded with the case's records, and the case's clock and random
values. Every request the SDK makes goes through requests, urllib3 and
http.client as it would, and is captured at the socket: urllib3 gets an
in-memory socket that records the bytes written to it and answers
"200 OK". No request opens a real socket: nothing ever leaves the machine.
README.md lists every translation.
"""

import copy
import json
import logging
import math
import os
import re
import sys
import threading
import time as _time
from datetime import datetime as _datetime

# The protocol loop is vwo-conform's one for Python
# (kit/python/vwo_conform_protocol.py), the file `vwo-conform new-adapter
# -language python` copies into a new adapter. Appended, not inserted: the
# kit's directory holds a skeleton adapter.py that must not shadow this one.
sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "kit", "python"))
import vwo_conform_protocol as protocol  # noqa: E402

# The clock is read through time.mktime(datetime.now().timetuple()), which is
# local time: UTC makes the round trip exact whatever the machine's zone.
os.environ["TZ"] = "UTC"
if hasattr(_time, "tzset"):
    _time.tzset()

# ---------------------------------------------------------------------------
# Capture, at the socket. The SDK's Connection is a requests.Session with an
# HTTPAdapter mounted for http and https: requests prepares the request, and
# urllib3 and http.client turn it into bytes and write them to a socket.
# BEFORE the SDK is imported, the socket urllib3 would open
# (HTTPConnection._new_conn) is replaced by an in-memory one, MemorySocket,
# and the TLS wrapping of an https connection by the identity; every layer of
# the HTTP stack above the socket runs as it would, so what reaches the socket
# is what the SDK sends. The socket parses the bytes into the protocol's hit
# and answers "HTTP/1.1 200 OK" with the body {} (the SDK sees success and
# never retries). No request opens a socket, looks up a name or makes a TLS
# handshake (the only socket the process ever makes is urllib3's import-time
# IPv6 probe, bound to ::1 and closed at once, HAS_IPV6). A
# request the stack refuses before writing it (http.client cannot encode a
# header value that is not Latin-1) writes nothing, so it is no hit.

import errno  # noqa: E402
import io  # noqa: E402

import requests  # noqa: E402,F401 (imported before the SDK, with urllib3)
import urllib3.connection  # noqa: E402

# The environment must not change what is written: requests would send
# through a proxy it names (a CONNECT to the proxy first), add credentials
# from ~/.netrc, or refuse to send when a CA bundle it names is missing.
for _name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
    for _n in {_name, _name.lower(), _name.upper()}:
        os.environ.pop(_n, None)
os.environ["NETRC"] = os.devnull


class CaptureError(Exception):
    """Bytes on a memory socket that are not an HTTP/1.x request."""


class _Order:
    """Where a request stands in the order the SDK issued it.

    Every thread that sends has an _Order: the calling thread (_MAIN_ORDER)
    and each thread the SDK starts (_TrackedThread, below), whose prefix is
    the position its start() took in the thread that started it. A request
    takes the next position of the thread that writes it, when its first
    byte is written. Hits sorted by position are in the order the SDK issued
    them: a thread's requests come where the SDK started the thread, whatever
    order the threads then ran in.
    """

    def __init__(self, prefix=()):
        self.prefix = prefix
        self._n = 0
        self._lock = threading.Lock()

    def next(self):
        with self._lock:
            self._n += 1
            return self.prefix + (self._n,)


_MAIN_ORDER = _Order()


def current_order():
    """The _Order of the running thread."""
    return getattr(threading.current_thread(), "vwo_conform_order", None) or _MAIN_ORDER


class Capture:
    """Collects the requests written to memory sockets, from any thread."""

    def __init__(self):
        self._lock = threading.Lock()
        self._hits = []  # (position, hit)
        self._notes = []
        self.sockets = 0  # memory sockets made, ever

    def add(self, position, hit):
        with self._lock:
            self._hits.append((position, hit))

    def note(self, text):
        with self._lock:
            self._notes.append(text)

    def opened(self):
        with self._lock:
            self.sockets += 1

    def take(self):
        """The hits captured since the last take, in the order issued."""
        with self._lock:
            hits, self._hits = self._hits, []
        hits.sort(key=lambda p: p[0])
        return [h for _, h in hits]

    def take_notes(self):
        with self._lock:
            notes, self._notes = self._notes, []
        return notes


CAPTURE = Capture()

# The answer to every request. "Connection: close" makes http.client drop the
# socket after the response, so each request gets a fresh memory socket and
# urllib3 never has to poll a pooled one.
RESPONSE = (
    b"HTTP/1.1 200 OK\r\n"
    b"Content-Type: application/json\r\n"
    b"Content-Length: 2\r\n"
    b"Connection: close\r\n"
    b"\r\n"
    b"{}"
)

_REQUEST_LINE = re.compile(r"([!-~]+) (\S+) HTTP/1\.[01]\Z")


def parse_request(buf):
    """The first whole HTTP/1.x request in buf (bytes) as (hit, length), or
    None while buf does not hold a whole one yet.

    The hit is the protocol's: method; path and rawQuery, the request target
    split at its first '?', exactly as written; headers in wire order, name
    and value as written (the value without the one space after ':'), the
    head decoded as Latin-1, one character per byte, as http.client encodes
    it; body, the bytes after the head (Content-Length, or chunked) as UTF-8
    text (Latin-1 if they are not UTF-8), absent when there are none.
    """
    head_end = buf.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    lines = bytes(buf[:head_end]).decode("latin-1").split("\r\n")
    m = _REQUEST_LINE.match(lines[0])
    if not m:
        raise CaptureError("bad request line %r" % lines[0])
    headers = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:  # a continuation line
            headers[-1]["value"] += "\r\n" + line
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise CaptureError("bad header line %r" % line)
        headers.append({"name": name, "value": value[1:] if value.startswith(" ") else value})

    def header(name):
        for h in headers:
            if h["name"].lower() == name:
                return h["value"]
        return None

    pos = head_end + 4
    body = b""
    te, cl = header("transfer-encoding"), header("content-length")
    if te is not None and "chunked" in te.lower():
        parts = []
        while True:
            line_end = buf.find(b"\r\n", pos)
            if line_end < 0:
                return None
            try:
                size = int(bytes(buf[pos:line_end]).split(b";")[0], 16)
            except ValueError:
                raise CaptureError("bad chunk size %r" % bytes(buf[pos:line_end]))
            data = line_end + 2
            if len(buf) < data + size + 2:
                return None
            if size == 0:  # urllib3 sends no trailers
                pos = data + 2
                break
            parts.append(bytes(buf[data:data + size]))
            pos = data + size + 2
        body = b"".join(parts)
    elif cl is not None:
        try:
            n = int(cl)
        except ValueError:
            raise CaptureError("bad Content-Length %r" % cl)
        if len(buf) < pos + n:
            return None
        body = bytes(buf[pos:pos + n])
        pos += n
    path, _, query = m.group(2).partition("?")
    hit = {"method": m.group(1), "path": path, "rawQuery": query, "headers": headers}
    if body:
        hit["body"] = _text(body)
    return hit, pos


def _text(v):
    if isinstance(v, bytes):
        try:
            return v.decode("utf-8")
        except UnicodeDecodeError:
            return v.decode("latin-1")
    return str(v)


class MemorySocket:
    """The socket urllib3 gets instead of a TCP (and TLS) one.

    sendall() records the bytes; each whole request in them becomes a hit,
    placed at the position the writing thread gave it when its first byte
    came (see _Order), and queues RESPONSE, which makefile() hands to
    http.client to read. Bytes of a request never completed (the socket
    closed first) are no hit; the case's logs say so.
    """

    def __init__(self, address):
        self.address = address
        self._out = bytearray()  # written, not yet a whole request
        self._position = None  # position of the request being written
        self._in = bytearray()  # responses not yet handed out
        self._timeout = None
        self.closed = False

    def sendall(self, data, flags=0):
        if self.closed:
            raise OSError(errno.EBADF, "memory socket is closed")
        data = bytes(data)
        if not data:
            return None
        if self._position is None:
            self._position = current_order().next()
        self._out += data
        while True:
            try:
                parsed = parse_request(self._out)
            except CaptureError as e:
                CAPTURE.note("capture: %s (%d bytes not reported)" % (e, len(self._out)))
                self._out.clear()
                self._position = None
                raise
            if parsed is None:
                return None
            hit, n = parsed
            CAPTURE.add(self._position, hit)
            del self._out[:n]
            self._position = current_order().next() if self._out else None
            self._in += RESPONSE

    def send(self, data, flags=0):
        self.sendall(data)
        return len(data)

    def makefile(self, mode="rb", buffering=None, **kwargs):
        if "b" not in mode or "w" in mode:
            raise ValueError("memory socket: makefile(%r) is not supported" % mode)
        data, self._in = bytes(self._in), bytearray()
        return io.BytesIO(data)

    def close(self):
        if not self.closed and self._out:
            CAPTURE.note("a request was written only in part (%d bytes) and never completed: not reported as sent"
                         % len(self._out))
            self._out.clear()
        self.closed = True

    def shutdown(self, how):
        pass

    def settimeout(self, t):
        self._timeout = t

    def gettimeout(self):
        return self._timeout

    def setsockopt(self, *args):
        pass

    def getsockopt(self, *args):
        return 0

    def setblocking(self, flag):
        pass

    def fileno(self):
        return -1

    def getpeername(self):
        return self.address

    def getsockname(self):
        return ("127.0.0.1", 0)


def _memory_new_conn(self):
    """urllib3.connection.HTTPConnection._new_conn: a memory socket."""
    CAPTURE.opened()
    return MemorySocket((self._dns_host, self.port))


def _memory_tls_wrap(sock, **kwargs):
    """urllib3.connection._ssl_wrap_socket_and_match_hostname: no TLS; the
    memory socket is the connection, as if verified."""
    if not isinstance(sock, MemorySocket):
        raise CaptureError("a socket that is not a memory socket reached TLS")
    return urllib3.connection._WrappedAndVerifiedSocket(socket=sock, is_verified=True)


for _attr in ("_ssl_wrap_socket_and_match_hostname", "_WrappedAndVerifiedSocket"):
    if not hasattr(urllib3.connection, _attr):  # pragma: no cover (urllib3 is pinned)
        raise ImportError("urllib3.connection has no %s: capture needs urllib3 2.x (requirements.txt)" % _attr)
urllib3.connection.HTTPConnection._new_conn = _memory_new_conn
urllib3.connection._ssl_wrap_socket_and_match_hostname = _memory_tls_wrap

# ---------------------------------------------------------------------------
# The SDK, imported only now.

import vwo  # noqa: E402
import vwo.event.event_dispatcher as _event_dispatcher  # noqa: E402
import vwo.helpers.generic_util as _generic_util  # noqa: E402
from vwo.services.url_manager import url_manager as _url_manager  # noqa: E402
from vwo.services.usage_stats_manager import UsageStats as _UsageStats  # noqa: E402
from vwo.storage.user import UserStorage as _UserStorage  # noqa: E402

try:
    from importlib.metadata import version as _dist_version
except ImportError:  # pragma: no cover (Python < 3.8)
    _dist_version = None

PROTOCOL = protocol.PROTOCOL
ADAPTER = {"name": "python", "version": "0.1.0"}
SDK_NAME = "vwo-python-sdk"
LANGUAGE = "python"

# What the SDK can express (README.md says why for each). Not here:
# returning-user (no shouldTrackReturningUser anywhere in the SDK) and
# return-promise (no promises in Python).
CAPABILITIES = [
    "user-storage",
    "storage-failure",
    "event-arch",
    "batch-events",
    "meg",
    "development-mode",
    "goal-type",
    "global-goals",
    "visitor-fields",
    "event-properties",
    "dynamic-args",
    "clock",
    "random",
]

DEFAULT_CLOCK = {"nowMs": 1700000000123, "random": [0.5]}
MAX_SDK_LOG_LINES = 20
THREAD_JOIN_SECONDS = 10.0


def sdk_version():
    if _dist_version is not None:
        return _dist_version(SDK_NAME)
    import pkg_resources  # pragma: no cover

    return pkg_resources.require(SDK_NAME)[0].version  # pragma: no cover


# ---------------------------------------------------------------------------
# Clock and random. The SDK reads them in vwo/helpers/generic_util.py only,
# through that module's globals: random.random() (the query's random),
# int(time.mktime(datetime.now().timetuple())) (sId, sessionId) and
# int(time.time() * 1000) (eTime, msgId, time). Those three globals are
# replaced by stand-ins that answer with the case's values; the SDK's own
# arithmetic (mktime, int(), * 1000) still runs.


class Clock:
    def __init__(self):
        self.set(DEFAULT_CLOCK["nowMs"], DEFAULT_CLOCK["random"])

    def set(self, now_ms, randoms):
        self.now_ms = int(now_ms)
        self.randoms = list(randoms)
        self.index = 0
        # time.time() in seconds, chosen so that int(t * 1000) == now_ms
        # exactly (now_ms / 1000 * 1000 can land a hair below).
        t = self.now_ms / 1000.0
        for _ in range(8):
            got = int(t * 1000)
            if got < self.now_ms:
                t = math.nextafter(t, math.inf)
            elif got > self.now_ms:
                t = math.nextafter(t, -math.inf)
            else:
                break
        self.seconds = t

    def random(self):
        v = self.randoms[self.index % len(self.randoms)]
        self.index += 1
        return v

    def now(self):
        whole, ms = divmod(self.now_ms, 1000)
        return _datetime.fromtimestamp(whole).replace(microsecond=ms * 1000)


CLOCK = Clock()


class _RandomStandIn:
    """generic_util.random: random() returns the case's values in turn."""

    def random(self):
        return CLOCK.random()

    def __getattr__(self, name):
        import random

        return getattr(random, name)


class _TimeStandIn:
    """generic_util.time: time() is the case's clock; the rest is time."""

    def time(self):
        return CLOCK.seconds

    def __getattr__(self, name):
        return getattr(_time, name)


class _FrozenDatetime(_datetime):
    """generic_util.datetime: now() is the case's clock, in local time."""

    @classmethod
    def now(cls, tz=None):
        d = CLOCK.now()
        return d if tz is None else d.astimezone(tz)


_generic_util.random = _RandomStandIn()
_generic_util.time = _TimeStandIn()
_generic_util.datetime = _FrozenDatetime

# ---------------------------------------------------------------------------
# Threads. With batch_events the dispatcher starts a threading.Timer when its
# queue gets its first event (a time-based flush after request_time_interval
# seconds, at least 1), and a flush that is not flush_events(mode="sync")
# posts from a new threading.Thread. The dispatcher module's `threading` is
# replaced by a stand-in: Lock is threading's; Thread is a real thread that
# the adapter joins after each step, so its hits belong to the step that
# started it, and that takes its place in the issue order when it is started,
# in the SDK's calling thread (flush_queue, under the dispatcher's lock), so
# its hits are ordered by when the SDK started it, not by when it ran
# (_Order); Timer is inert (a case cannot wait for a time-based flush, and
# one must not fire in a later case).

_THREADS_LOCK = threading.Lock()
_THREADS = []


class _TrackedThread(threading.Thread):
    def start(self):
        # In the thread that starts it: this is where the SDK issues the
        # thread's requests.
        self.vwo_conform_order = _Order(current_order().next())
        with _THREADS_LOCK:
            _THREADS.append(self)
        super().start()


class _InertTimer:
    def __init__(self, interval, function, args=None, kwargs=None):
        self.interval = interval
        self.function = function
        self.started = False
        self.cancelled = False

    def start(self):
        self.started = True

    def cancel(self):
        self.cancelled = True

    def is_alive(self):
        return False


class _ThreadingStandIn:
    Lock = staticmethod(threading.Lock)
    Thread = _TrackedThread
    Timer = _InertTimer

    def __getattr__(self, name):
        return getattr(threading, name)


_event_dispatcher.threading = _ThreadingStandIn()


def join_threads():
    """Joins the threads the SDK started; returns how many are still alive."""
    with _THREADS_LOCK:
        threads = list(_THREADS)
    alive = 0
    for t in threads:
        t.join(THREAD_JOIN_SECONDS)
        if t.is_alive():
            alive += 1
    with _THREADS_LOCK:
        _THREADS[:] = [t for t in _THREADS if t.is_alive()]
    return alive


# ---------------------------------------------------------------------------
# SDK logs. The SDK logs through the standard logging module (a console
# handler on stderr, level ERROR unless log_level says otherwise); records
# propagate to the root logger, where this handler keeps the errors of the
# running case for the outcome's logs.


_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")


class _SdkLogCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.where = None
        self.lines = None

    def emit(self, record):
        if self.lines is None or len(self.lines) >= MAX_SDK_LOG_LINES:
            return
        try:
            text = record.getMessage()
        except Exception:  # pragma: no cover
            text = str(record.msg)
        # one line, without object addresses (so that outcomes are repeatable)
        text = _ADDRESS.sub("0x…", " ".join(text.split()))
        self.lines.append("%s: sdk %s: %s" % (self.where, record.levelname.lower(), text[:500]))


SDK_LOG = _SdkLogCollector()
logging.getLogger().addHandler(SDK_LOG)

# ---------------------------------------------------------------------------
# User storage.


def record_to_python(rec):
    """vwo-node-sdk's record shape to vwo-python-sdk's.

    Python keeps the goal list under goalIdentifiers (plural); userId,
    campaignKey and variationName are spelt the same. Other keys (metaData,
    anything else) are kept as they are, in place.
    """
    if not isinstance(rec, dict):
        return copy.deepcopy(rec)
    out = {}
    for k, v in rec.items():
        if k == "goalIdentifier" and "goalIdentifiers" not in rec:
            k = "goalIdentifiers"
        out[k] = copy.deepcopy(v)
    return out


def record_to_node(rec):
    """vwo-python-sdk's record shape back to vwo-node-sdk's (the inverse)."""
    if not isinstance(rec, dict):
        return copy.deepcopy(rec)
    out = {}
    for k, v in rec.items():
        if k == "goalIdentifiers" and "goalIdentifier" not in rec:
            k = "goalIdentifier"
        out[k] = copy.deepcopy(v)
    return out


def _storage_key(user_id, campaign_key):
    return json.dumps([user_id, campaign_key], sort_keys=True, default=repr)


class MemoryUserStorage(_UserStorage):
    """An in-memory vwo.UserStorage: get(user_id, campaign_key) and
    set(user_data), records kept under (userId, campaignKey) in first-write
    order, copies in and out. fail "get" or "set" makes that method raise.

    It must stay truthy: the SDK tests `bool(user_storage)`, so no __len__.
    """

    def __init__(self, records=None, fail=None):
        self._store = {}
        self.fail = fail
        for rec in records or []:
            r = record_to_python(rec)
            key = _storage_key(*_ids(r))
            self._store[key] = r

    def get(self, user_id, campaign_key):
        if self.fail == "get":
            raise RuntimeError("user storage get failed (scenario)")
        rec = self._store.get(_storage_key(user_id, campaign_key))
        return copy.deepcopy(rec)

    def set(self, user_data):
        if self.fail == "set":
            raise RuntimeError("user storage set failed (scenario)")
        self._store[_storage_key(*_ids(user_data))] = copy.deepcopy(user_data)

    def dump(self):
        """The records in vwo-node-sdk's shape, in first-write order."""
        return [record_to_node(r) for r in self._store.values()]


def _ids(rec):
    if isinstance(rec, dict):
        return rec.get("userId"), rec.get("campaignKey")
    return None, None


# ---------------------------------------------------------------------------
# Translation of launch options and track options from vwo-node-sdk's names.


class Unsupported(protocol.Skip):
    """The case needs something vwo-python-sdk cannot express: skipped."""


# vwo-node-sdk logging.level (DEBUG 1, INFO 2, WARN 3, ERROR 4) to the
# Python SDK's log_level (the logging module's levels).
NODE_LOG_LEVELS = {1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING, 4: logging.ERROR}

# Launch options with no vwo-python-sdk equivalent, and why.
LAUNCH_UNSUPPORTED = {
    "shouldTrackReturningUser": "vwo-python-sdk has no shouldTrackReturningUser",
    "returnPromiseFor": "vwo-python-sdk has no returnPromiseFor (its calls are synchronous)",
    "userStorageService": "the user storage comes from the case's storage, not from launch",
    "settingsFile": "the settings come from the case's settings, not from launch",
}


def translate_launch(launch):
    """Launch options (vwo-node-sdk's names) to vwo.launch's keyword args."""
    if launch is None:
        return {}
    if not isinstance(launch, dict):
        raise Unsupported("launch options are not an object: vwo.launch takes keyword arguments")
    out = {}
    for key, value in launch.items():
        if key == "goalTypeToTrack":
            out["goal_type_to_track"] = value
        elif key == "isDevelopmentMode":
            out["is_development_mode"] = value
        elif key == "batchEvents":
            out["batch_events"] = translate_batch_events(value)
        elif key == "logging":
            out.update(translate_logging(value))
        elif key in LAUNCH_UNSUPPORTED:
            raise Unsupported("launch option %s: %s" % (key, LAUNCH_UNSUPPORTED[key]))
        else:
            raise Unsupported("launch option %s has no vwo-python-sdk equivalent" % key)
    return out


def translate_batch_events(value):
    """batchEvents {eventsPerRequest, requestTimeInterval} to batch_events
    {events_per_request, request_time_interval}; a value that is not an
    object is passed as it is (the SDK rejects it)."""
    if not isinstance(value, dict):
        return copy.deepcopy(value)
    names = {"eventsPerRequest": "events_per_request", "requestTimeInterval": "request_time_interval"}
    out = {}
    for k, v in value.items():
        if k in names:
            out[names[k]] = copy.deepcopy(v)
        elif k == "flushCallback":
            raise Unsupported("batchEvents.flushCallback cannot be given in JSON")
        else:
            raise Unsupported("batchEvents.%s has no vwo-python-sdk equivalent" % k)
    return out


def translate_logging(value):
    """logging {level: 1..4} to log_level; {} to nothing."""
    if not isinstance(value, dict):
        raise Unsupported("launch option logging is not an object")
    out = {}
    for k, v in value.items():
        if k == "level":
            if type(v) is int and v in NODE_LOG_LEVELS:
                out["log_level"] = NODE_LOG_LEVELS[v]
            else:
                raise Unsupported("logging.level %r has no vwo-python-sdk log_level" % (v,))
        else:
            raise Unsupported("logging.%s has no vwo-python-sdk equivalent" % k)
    return out


# track options: vwo-node-sdk's name to vwo-python-sdk's keyword argument.
TRACK_OPTIONS = {
    "revenueValue": "revenue_value",
    "customVariables": "custom_variables",
    "variationTargetingVariables": "variation_targeting_variables",
    "goalTypeToTrack": "goal_type_to_track",
    "eventProperties": "event_properties",
    "userAgent": "user_agent",
    "userIpAddress": "user_ip_address",
}

TRACK_UNSUPPORTED = {
    "userStorageData": "vwo-python-sdk's track has no userStorageData (user_storage_data) option",
    "metaData": "vwo-python-sdk's track has no metaData option (its storage records carry none)",
    "shouldTrackReturningUser": "vwo-python-sdk has no shouldTrackReturningUser",
}

TRACK_PARAMS = (("campaignKey", "campaign_specifier"), ("userId", "user_id"), ("goalIdentifier", "goal_identifier"))


def translate_options(options):
    """track's options object to keyword arguments.

    A known vwo-node-sdk option becomes its vwo-python-sdk keyword; one that
    has no equivalent skips the case; any other name is passed under its own
    name, as a caller would (both SDKs ignore names they do not know)."""
    if not isinstance(options, dict):
        raise Unsupported(
            "options is %s: vwo-python-sdk's track takes its options as keyword arguments, "
            "so only an object can be passed" % _json_type(options)
        )
    out = {}
    for key, value in options.items():
        if key in TRACK_OPTIONS:
            out[TRACK_OPTIONS[key]] = copy.deepcopy(value)
        elif key in TRACK_UNSUPPORTED:
            raise Unsupported("track option %s: %s" % (key, TRACK_UNSUPPORTED[key]))
        else:
            out[key] = copy.deepcopy(value)
    return out


def _json_type(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "an array"
    return "an object"


def plan_step(step):
    """A protocol step to ("track", args, kwargs) or ("flush",).

    Python has no undefined: an absent argument is passed as None, which is
    how a Python caller says "not given" (for the campaign specifier, None
    is the SDK's "every campaign with the goal", like node's undefined)."""
    if not isinstance(step, dict):
        raise ValueError("bad step %r" % (step,))
    op = step.get("op")
    if op == "flush":
        return ("flush",)
    if op != "track":
        raise ValueError("unknown step op %r" % (op,))
    track = step.get("track")
    if not isinstance(track, dict):
        raise ValueError("track step without its arguments")
    args, kwargs = [], {}
    for node_name, _ in TRACK_PARAMS:
        args.append(copy.deepcopy(track[node_name]) if node_name in track else None)
    if "options" in track:
        kwargs.update(translate_options(track["options"]))
    return ("track", args, kwargs)


# ---------------------------------------------------------------------------
# Returns.


def canonical_return(value):
    """The SDK's return value as JSON.

    track returns a dict (campaign key to bool) or None: an object or null.
    flush_events returns True, False or None (not node's {status, message}):
    passed as it is, true/false/null, since it cannot be converted
    losslessly. Anything else JSON can carry passes as it is; anything it
    cannot is reported as its repr() string."""
    try:
        json.dumps(value, allow_nan=False)
        return value
    except (TypeError, ValueError):
        return repr(value)


# ---------------------------------------------------------------------------
# Running a case.


def clock_of(req):
    """The case's clock; like the reference engine and the node adapter, a
    zero clock (nowMs 0, no random values) is the default clock."""
    clock = req.get("clock") or {}
    random = clock.get("random")
    random = random if isinstance(random, list) and random else None
    now_ms = clock.get("nowMs")
    if not isinstance(now_ms, (int, float)) or isinstance(now_ms, bool):
        now_ms = DEFAULT_CLOCK["nowMs"]
    if now_ms == 0 and random is None:
        now_ms = DEFAULT_CLOCK["nowMs"]
    return int(now_ms), random or DEFAULT_CLOCK["random"]


def reset_sdk_state():
    """Module-level state of the SDK that a fresh import would not have."""
    _UsageStats._UsageStats__usage_stats_data = {}
    _url_manager.set_config({})


def run_case(req):
    """Runs one case; returns the outcome, or raises Unsupported."""
    if not isinstance(req, dict):
        raise ValueError("run without a case")
    settings = req.get("settings")
    if not isinstance(settings, dict):
        raise ValueError("case without settings")
    steps = req.get("steps")
    if not isinstance(steps, list):
        raise ValueError("case without steps")

    # Everything that could make the case inexpressible is decided first, so
    # that a skipped case runs nothing.
    launch_kwargs = translate_launch(req.get("launch"))
    plans = [plan_step(s) for s in steps]
    storage_req = req.get("storage")

    logs = []
    alive = join_threads()
    stray = CAPTURE.take()
    CAPTURE.take_notes()
    if stray or alive:
        sys.stderr.write(
            "adapter: dropped %d stray hit(s), %d thread(s) still running before case %s\n"
            % (len(stray), alive, req.get("id"))
        )

    now_ms, randoms = clock_of(req)
    CLOCK.set(now_ms, randoms)
    reset_sdk_state()
    SDK_LOG.where, SDK_LOG.lines = "launch", []
    instance = None
    try:
        storage = None
        if storage_req is not None:
            if not isinstance(storage_req, dict):
                raise ValueError("storage is not an object")
            storage = MemoryUserStorage(storage_req.get("records"), storage_req.get("fail"))
            launch_kwargs["user_storage"] = storage

        try:
            instance = vwo.launch(json.dumps(settings, ensure_ascii=False), **launch_kwargs)
        except Exception as e:  # the SDK's launch is not fail-safe
            logs.append("launch raised %s: %s (every call returns null)" % (type(e).__name__, e))
            instance = None
        if instance is None and not logs:
            logs.append("vwo.launch returned None (invalid settings or options): every call returns null")
        join_threads()
        launch_hits = CAPTURE.take()
        if launch_hits:
            logs.append("launch sent %d hit(s), not attributed to a step" % len(launch_hits))
        logs.extend("launch: %s" % n for n in CAPTURE.take_notes())

        out = []
        for i, plan in enumerate(plans):
            where = "step %d" % (i + 1)
            SDK_LOG.where = where
            if instance is None:
                out.append({"return": None, "hits": []})
                continue
            if plan[0] == "flush":
                ret = instance.flush_events(mode="sync")
            else:
                _, args, kwargs = plan
                ret = instance.track(*args, **kwargs)
            alive = join_threads()
            if alive:
                logs.append("%s: %d SDK thread(s) still running after %.0f s" % (where, alive, THREAD_JOIN_SECONDS))
            out.append({"return": canonical_return(ret), "hits": CAPTURE.take()})
            logs.extend("%s: %s" % (where, n) for n in CAPTURE.take_notes())

        outcome = {"steps": out}
        if storage is not None:
            outcome["storage"] = storage.dump()
        logs.extend(SDK_LOG.lines)
        if logs:
            outcome["logs"] = logs
        return outcome
    finally:
        SDK_LOG.where, SDK_LOG.lines = None, None
        if instance is not None:
            timer = getattr(getattr(instance, "event_dispatcher", None), "timer", None)
            if timer is not None:
                timer.cancel()


# ---------------------------------------------------------------------------
# Protocol.


def hello():
    """The hello reply's sdk, adapter, language and capabilities."""
    return {
        "sdk": {"name": SDK_NAME, "version": sdk_version()},
        "adapter": ADAPTER,
        "language": LANGUAGE,
        "capabilities": CAPABILITIES,
    }


def main():
    return protocol.serve_stdio(hello, run_case)


if __name__ == "__main__":
    sys.exit(main())
