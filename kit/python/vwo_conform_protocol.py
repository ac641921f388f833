"""vwo_conform_protocol.py: the adapter end of the vwo-conform protocol,
version 1 (spec/protocol.md), for Python (standard library only).

It is written once, in the vwo-conform repository
(kit/python/vwo_conform_protocol.py): adapters/python runs this very file,
and ``vwo-conform new-adapter -language python`` copies it unchanged into a
new adapter. Change it there, not in a copy.

    import vwo_conform_protocol as protocol

    def hello():
        return {"sdk": {"name": ..., "version": ...}, "adapter": {...},
                "language": "python", "capabilities": [...]}

    def run(case):
        return {"steps": [{"return": None, "hits": []}, ...]}

    sys.exit(protocol.serve_stdio(hello, run))

The loop reads JSON lines and answers one line per hello and run:

- hello: the reply is {type, seq, protocol: 1} plus hello(); when the
  runner's range does not hold 1 it still answers, says why on stderr and
  stops with exit status 2;
- run: run(case) returns the outcome, a result; a Skip it raises is
  skipped (its text is the reason); any other exception is errored, with
  the traceback as the trace;
- stop: exit status 0, without a reply (so does the end of input).

A line that is not a JSON object is reported on stderr, and answered with
errored when its seq can be read; an unknown message type is errored too.
The session goes on after both.
"""

import json
import os
import re
import sys
import traceback

PROTOCOL = 1


class Skip(Exception):
    """Declines a case the SDK cannot express; the text is the reason."""


class Protocol:
    """Reads messages from inp (bytes, one JSON object a line) and writes
    replies to out (a text stream). hello() gives the hello reply's sdk,
    adapter, language and capabilities; run(case) runs one case."""

    def __init__(self, inp, out, hello, run):
        self.inp = inp
        self.out = out
        self.hello = hello
        self.run = run

    def send(self, msg):
        self.out.write(json.dumps(msg, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n")
        self.out.flush()

    def serve(self):
        """Answers messages until stop or end of input; returns the exit status."""
        while True:
            raw = self.inp.readline()
            if not raw:
                return 0
            status = self.handle(raw.decode("utf-8", errors="replace"))
            if status is not None:
                return status

    def handle(self, line):
        """Handles one line; returns an exit status to stop, else None."""
        if line.strip() == "":
            return None
        try:
            msg = json.loads(line)
            if not isinstance(msg, dict):
                raise ValueError("not a JSON object")
        except ValueError as e:
            shown = line if len(line) <= 200 else line[:200] + "..."
            sys.stderr.write("adapter: bad protocol line (%s): %s\n" % (e, shown.rstrip()))
            m = re.search(r'"seq"\s*:\s*(-?\d+)', line)
            if m:
                self.send({"type": "errored", "seq": int(m.group(1)), "message": "bad protocol line: %s" % e})
            return None
        seq = msg.get("seq")
        kind = msg.get("type")
        if kind == "hello":
            rng = msg.get("protocol")
            ok = (
                isinstance(rng, dict)
                and isinstance(rng.get("min"), int)
                and isinstance(rng.get("max"), int)
                and rng["min"] <= PROTOCOL <= rng["max"]
            )
            reply = {"type": "hello", "seq": seq, "protocol": PROTOCOL}
            reply.update(self.hello())
            self.send(reply)
            if not ok:
                sys.stderr.write(
                    "adapter: the runner speaks protocol %s, this adapter speaks %d\n" % (json.dumps(rng), PROTOCOL)
                )
                return 2
            return None
        if kind == "run":
            case = msg.get("case")
            try:
                reply = {"type": "result", "seq": seq, "outcome": self.run(case)}
            except Skip as e:
                reply = {"type": "skipped", "seq": seq, "reason": str(e)}
            except Exception as e:
                trace = traceback.format_exc()
                sys.stderr.write("adapter: case %s: %s" % (isinstance(case, dict) and case.get("id"), trace))
                reply = {"type": "errored", "seq": seq, "message": "adapter: %s: %s" % (type(e).__name__, e), "trace": trace}
            try:
                self.send(reply)
            except ValueError as e:  # a value JSON cannot carry (NaN)
                self.send({"type": "errored", "seq": seq, "message": "adapter: reply not encodable: %s" % e})
            return None
        if kind == "stop":
            return 0
        sys.stderr.write("adapter: unknown message type %r\n" % (kind,))
        if seq is not None:
            self.send({"type": "errored", "seq": seq, "message": "unknown message type %r" % (kind,)})
        return None


def serve_stdio(hello, run):
    """Serves the protocol on the process's stdin and stdout; returns the
    exit status. Protocol lines go to a private duplicate of descriptor 1;
    descriptor 1 and sys.stdout then point at stderr, so nothing else (an
    SDK's logging, a stray print(), a C extension's write) reaches stdout."""
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
    sys.stdout.flush()
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    status = Protocol(sys.stdin.buffer, proto, hello, run).serve()
    proto.flush()
    return status
