"""adapter.py: the vwo-conform adapter __NAME__, for a Python SDK, written by
``vwo-conform new-adapter -language python``.

It speaks the adapter protocol through vwo_conform_protocol.py
(vwo-conform's own loop: do not edit it) and answers every case, but no SDK
is wired in yet: every step returns {"thrown": "NotImplementedError: ..."},
so every case fails until the places marked TODO(sdk) call the real SDK.
README.md says what to do. Standard library only, until the SDK comes.

    python3 adapter.py        (the runner starts it: vwo-conform check-adapter .)
"""

import io
import socket
import sys

import vwo_conform_protocol as protocol

ADAPTER = {"name": "__NAME__", "version": "0.1.0"}
# TODO(sdk): the SDK's distribution name, as the package index spells it.
SDK_NAME = "unwired-sdk"

# What this adapter can really do (spec/protocol.md, "Capabilities"). A case
# that needs a capability not listed is skipped, so list one only when the
# adapter passes it on to the SDK: user-storage once launch() gives the SDK
# the MemoryStorage below, clock and random once the SDK reads CLOCK, and so
# on.
CAPABILITIES = []


def sdk_version():
    """The version of the SDK as installed."""
    # TODO(sdk): return importlib.metadata.version(SDK_NAME)
    return "0.0.0"


# ---------------------------------------------------------------------------
# Capture, in memory: http.client (under urllib.request and most clients)
# gets a MemorySocket instead of a TCP or TLS connection. Every layer above
# the socket runs as it would, so what reaches the socket is what the SDK
# sends; the socket parses it into a hit and answers "200 OK" with {}.
# Real sockets are refused, so nothing can leave the machine.
#
# TODO(sdk): an SDK on requests/urllib3 opens its sockets in
# urllib3.connection.HTTPConnection._new_conn: give it a MemorySocket there
# too (and skip the TLS wrapping), BEFORE the SDK is imported.

RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
HITS = []


def parse_request(buf):
    """The first whole request in buf as (hit, length), None while it is not whole."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None
    lines = bytes(buf[:end]).decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append({"name": name, "value": value[1:] if value.startswith(" ") else value})
    length = 0
    for h in headers:
        if h["name"].lower() == "content-length":
            length = int(h["value"])
    # TODO(sdk): chunked bodies, if the SDK sends them.
    if len(buf) < end + 4 + length:
        return None
    path, _, query = target.partition("?")
    hit = {"method": method, "path": path, "rawQuery": query, "headers": headers}
    body = bytes(buf[end + 4:end + 4 + length])
    if body:
        hit["body"] = body.decode("utf-8", errors="replace")
    return hit, end + 4 + length


class MemorySocket:
    """The socket http.client writes a request to and reads the answer from."""

    def __init__(self):
        self._out = bytearray()
        self._in = bytearray()

    def sendall(self, data, flags=0):
        self._out += bytes(data)
        parsed = parse_request(self._out)
        while parsed is not None:
            hit, n = parsed
            HITS.append(hit)
            del self._out[:n]
            self._in += RESPONSE
            parsed = parse_request(self._out)

    def makefile(self, mode="rb", buffering=None, **kwargs):
        data, self._in = bytes(self._in), bytearray()
        return io.BytesIO(data)

    def close(self):
        pass

    def settimeout(self, t):
        pass

    def setsockopt(self, *args):
        pass


def _memory_connect(self):
    self.sock = MemorySocket()


def _refuse(*args, **kwargs):
    raise OSError("capture: refused a real connection %r" % (args,))


def install_capture():
    """Points http.client at memory sockets and refuses real connections."""
    import http.client

    http.client.HTTPConnection.connect = _memory_connect
    http.client.HTTPSConnection.connect = _memory_connect
    socket.create_connection = _refuse
    socket.socket.connect = _refuse


def take_hits():
    hits = HITS[:]
    del HITS[:]
    return hits


install_capture()

# ---------------------------------------------------------------------------
# Determinism: the case's clock and random values. Give them to the SDK where
# it reads the time and random numbers (patch the SDK module's own `time`
# and `random` globals, or pass a clock if the SDK takes one).


class Clock:
    """now_ms() is the case's clock.nowMs; random() returns clock.random in turn, cycling."""

    def __init__(self):
        self.set({"nowMs": 1700000000123, "random": [0.5]})

    def set(self, clock):
        self._now_ms = clock["nowMs"]
        self._random = list(clock["random"])
        self._i = 0

    def now_ms(self):
        return self._now_ms

    def time(self):
        return self._now_ms / 1000.0

    def random(self):
        v = self._random[self._i % len(self._random)]
        self._i += 1
        return v


CLOCK = Clock()
# TODO(sdk): for example, after importing the SDK:
#   sdk_util.time = CLOCK        (if it calls time.time())
#   sdk_util.random = CLOCK      (if it calls random.random())

# ---------------------------------------------------------------------------
# User storage: the case's records, in memory. Records have vwo-node-sdk's
# shape {userId, variationName, campaignKey, goalIdentifier?, metaData?};
# translate them to and from the SDK's shape in get/set if it differs.


class MemoryStorage:
    def __init__(self, records=(), fail=None):
        self.fail = fail
        self.records = {}
        for r in records:
            self.records[(r.get("campaignKey"), r.get("userId"))] = dict(r)

    # TODO(sdk): the method names and signatures the SDK calls.
    def get(self, user_id, campaign_key):
        if self.fail == "get":
            raise RuntimeError("storage get failed")
        r = self.records.get((campaign_key, user_id))
        return dict(r) if r else None

    def set(self, record):
        if self.fail == "set":
            raise RuntimeError("storage set failed")
        self.records[(record.get("campaignKey"), record.get("userId"))] = dict(record)

    def dump(self):
        """The outcome's storage: the records in first-write order."""
        return list(self.records.values())


# ---------------------------------------------------------------------------
# The SDK calls.


class NotWired:
    """Stands for the SDK instance until launch() makes a real one."""

    def track(self, *args, **kwargs):
        raise NotImplementedError("launch and track (TODO(sdk) in adapter.py)")

    def flush_events(self):
        raise NotImplementedError("launch and flush_events (TODO(sdk) in adapter.py)")


def launch(case, storage):
    """A fresh SDK instance for one case. Isolation: no state may leak from
    one case to the next; reset what the SDK keeps in module globals."""
    # TODO(sdk): for example
    #   return sdk.launch(json.dumps(case["settings"]), user_storage=storage, **translate(case.get("launch")))
    # case["launch"] holds launch options in vwo-node-sdk's names: translate
    # them, and raise protocol.Skip("why") for one the SDK cannot express.
    return NotWired()


def call_step(instance, step):
    """Makes one step's SDK call and returns what the SDK returned. A member
    absent from step["track"] is left out of the call; null is None."""
    if step.get("op") == "track":
        t = step.get("track") or {}
        # TODO(sdk): the SDK's track signature (an absent member: leave it out).
        return instance.track(t.get("campaignKey"), t.get("userId"), t.get("goalIdentifier"), t.get("options"))
    if step.get("op") == "flush":
        # TODO(sdk): the SDK's flush.
        return instance.flush_events()
    raise ValueError("unknown step op %r" % (step.get("op"),))


def canonical(op, value):
    """The SDK's return value in the protocol's form: for track an object
    mapping campaign keys to booleans, or None; for flush {status, message}.
    A shape it cannot convert losslessly stays as it is."""
    # TODO(sdk): the SDK's return shapes.
    return value


def thrown(e):
    """The protocol's answer for an exception out of the SDK."""
    text = " ".join(("%s: %s" % (type(e).__name__, e)).split())
    return {"thrown": text[:200]}


def run_case(case):
    """Runs one case; returns its outcome."""
    if not isinstance(case, dict) or not isinstance(case.get("steps"), list):
        raise ValueError("run without a case")
    CLOCK.set(case["clock"])
    take_hits()
    logs = []
    storage = None
    if "storage" in case:
        storage = MemoryStorage(case["storage"].get("records") or (), case["storage"].get("fail"))
    instance = None
    try:
        instance = launch(case, storage)
    except protocol.Skip:
        raise
    except Exception as e:
        logs.append("launch raised %s: %s (every call returns null)" % (type(e).__name__, e))
    take_hits()  # hits of the launch belong to no step
    steps = []
    for step in case["steps"]:
        ret = None
        if instance is not None:
            try:
                ret = canonical(step.get("op"), call_step(instance, step))
            except Exception as e:
                ret = thrown(e)
        # TODO(sdk): wait for the SDK's background sends (join its threads) before taking the hits.
        steps.append({"return": ret, "hits": take_hits()})
    outcome = {"steps": steps}
    if storage is not None:
        outcome["storage"] = storage.dump()
    if logs:
        outcome["logs"] = logs
    return outcome


def hello():
    return {
        "sdk": {"name": SDK_NAME, "version": sdk_version()},
        "adapter": ADAPTER,
        "language": "python",
        "capabilities": CAPABILITIES,
    }


if __name__ == "__main__":
    sys.exit(protocol.serve_stdio(hello, run_case))
