"""Capture is offline and runs are deterministic and isolated."""

import json
import socket
import threading
import unittest

from helpers import HELLO, fixture_runs, run_adapter, simple_case

import adapter
from adapter import run_case


class OfflineTest(unittest.TestCase):
    def setUp(self):
        self.attempts = []
        self.saved = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection,
                      socket.socket.__init__)

        def refuse(name):
            def f(*args, **kwargs):
                self.attempts.append((name, args[1:] if name.startswith("socket.") else args))
                raise AssertionError("network use during a case: %s%r" % (name, args))
            return f

        socket.socket.connect = refuse("socket.connect")
        socket.socket.connect_ex = refuse("socket.connect_ex")
        socket.getaddrinfo = refuse("getaddrinfo")
        socket.create_connection = refuse("create_connection")
        socket.socket.__init__ = refuse("socket.socket")  # no socket is even made

    def tearDown(self):
        (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection,
         socket.socket.__init__) = self.saved

    def test_corpus_cases_never_touch_the_network(self):
        total = 0
        sockets = adapter.CAPTURE.sockets
        for run in fixture_runs():
            try:
                out = run_case(run["case"])
            except adapter.Unsupported:
                continue
            total += sum(len(s["hits"]) for s in out["steps"])
            for line in out.get("logs", []):
                self.assertNotIn("network use", line)
        self.assertGreater(total, 5)
        self.assertEqual(self.attempts, [])
        # every hit went through urllib3 and http.client into a memory socket
        self.assertGreaterEqual(adapter.CAPTURE.sockets - sockets, total)

    def test_every_request_is_captured_even_from_threads(self):
        # eventsPerRequest 2: the second event fills the queue and the SDK
        # flushes it from a new thread (mode "async"); the step still owns it.
        c = simple_case(launch={"batchEvents": {"eventsPerRequest": 2}}, steps=[
            {"op": "track", "track": {"campaignKey": "AB_50_50", "userId": u, "goalIdentifier": "CUSTOM"}}
            for u in ("a", "b")])
        out = run_case(c)
        self.assertEqual([len(s["hits"]) for s in out["steps"]], [0, 1])
        body = json.loads(out["steps"][1]["hits"][0]["body"])
        self.assertEqual(len(body["ev"]), 2)
        self.assertEqual(self.attempts, [])


    def test_refused_request_is_not_sent(self):
        # http.client encodes header values as Latin-1: a user agent with a
        # check mark cannot be written (the SDK logs the error and returns
        # true), so no hit. A Latin-1 one (ä) goes out, byte for byte.
        c = simple_case(steps=[
            {"op": "track", "track": {"campaignKey": "AB_50_50", "userId": "Ashley", "goalIdentifier": "CUSTOM",
                                      "options": {"userAgent": "UA \u2713", "userIpAddress": "10.0.0.1"}}},
            {"op": "track", "track": {"campaignKey": "AB_50_50", "userId": "Ashley", "goalIdentifier": "CUSTOM",
                                      "options": {"userAgent": "K\u00e4se 1.0"}}},
        ])
        out = run_case(c)
        self.assertEqual([s["return"] for s in out["steps"]], [{"AB_50_50": True}, {"AB_50_50": True}])
        self.assertEqual(out["steps"][0]["hits"], [])
        self.assertTrue(any("latin-1" in line for line in out["logs"]), out["logs"])
        hit = out["steps"][1]["hits"][0]
        self.assertIn({"name": "X-Device-User-Agent", "value": "K\u00e4se 1.0"}, hit["headers"])
        self.assertIn("visitor_ua=K%C3%A4se+1.0", hit["rawQuery"])
        self.assertEqual(self.attempts, [])

    def test_thread_hits_in_issue_order(self):
        # One call, three campaigns with the goal, eventsPerRequest 1: every
        # event fills the queue and the SDK starts one flush thread per
        # campaign (231, 232, 233, in that order). Each thread is held until
        # the one started after it has sent, so they complete in reverse;
        # the hits are still in the order the SDK started the threads.
        done = {e: threading.Event() for e in (231, 232, 233)}
        completed = []
        dispatcher = adapter._event_dispatcher.EventDispatcher
        real_sync = dispatcher.sync_with_vwo

        def held_sync(self, events):
            e = events[0]["e"]
            if e + 1 in done:
                done[e + 1].wait(10)
            real_sync(self, events)
            completed.append(e)
            done[e].set()

        settings = simple_case()["settings"]
        base = settings["campaigns"][0]
        settings = dict(settings, campaigns=[dict(base, id=i, key="AB_%d" % i, name="AB_%d" % i) for i in (231, 232, 233)])
        c = simple_case(settings=settings, launch={"batchEvents": {"eventsPerRequest": 1}}, steps=[
            {"op": "track", "track": {"campaignKey": None, "userId": "Ashley", "goalIdentifier": "CUSTOM"}}])
        dispatcher.sync_with_vwo = held_sync
        try:
            out = run_case(c)
        finally:
            dispatcher.sync_with_vwo = real_sync
        self.assertEqual(completed, [233, 232, 231])
        hits = out["steps"][0]["hits"]
        self.assertEqual([json.loads(h["body"])["ev"][0]["e"] for h in hits], [231, 232, 233])
        self.assertEqual(self.attempts, [])


class DeterminismTest(unittest.TestCase):
    def test_same_case_same_outcome_in_process(self):
        for run in fixture_runs():
            try:
                a = run_case(run["case"])
                b = run_case(run["case"])
            except adapter.Unsupported:
                continue
            self.assertEqual(a, b, run["case"]["id"])

    def test_same_session_same_lines(self):
        runs = fixture_runs()
        msgs = [HELLO] + runs + runs[::-1] + [{"type": "stop", "seq": 999}]
        status, lines, _ = run_adapter(msgs)
        self.assertEqual(status, 0)
        first = lines[1:1 + len(runs)]
        second = lines[1 + len(runs):1 + 2 * len(runs)][::-1]
        # the same case gives the same line whatever ran before it
        for a, b in zip(first, second):
            ja, jb = json.loads(a), json.loads(b)
            ja.pop("seq"), jb.pop("seq")
            self.assertEqual(ja, jb)
        status2, lines2, _ = run_adapter(msgs)
        self.assertEqual(lines, lines2)

    def test_no_state_leaks_between_cases(self):
        # A launch with storage, a log level, batching and a collection prefix,
        # then a plain case: the plain one must look as if it ran first.
        plain = simple_case()
        fresh = run_case(plain)
        noisy = simple_case(
            settings=dict(simple_case()["settings"], collectionPrefix="pfx"),
            launch={"batchEvents": {"eventsPerRequest": 5}, "logging": {"level": 4}},
            storage={"records": []},
        )
        run_case(noisy)
        self.assertEqual(run_case(plain), fresh)


if __name__ == "__main__":
    unittest.main()
