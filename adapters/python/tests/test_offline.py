"""Capture is offline and runs are deterministic and isolated."""

import json
import socket
import unittest

from helpers import HELLO, fixture_runs, run_adapter, simple_case

import adapter
from adapter import run_case


class OfflineTest(unittest.TestCase):
    def setUp(self):
        self.attempts = []
        self.saved = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection)

        def refuse(name):
            def f(*args, **kwargs):
                self.attempts.append((name, args[1:] if name.startswith("socket.") else args))
                raise AssertionError("network use during a case: %s%r" % (name, args))
            return f

        socket.socket.connect = refuse("socket.connect")
        socket.socket.connect_ex = refuse("socket.connect_ex")
        socket.getaddrinfo = refuse("getaddrinfo")
        socket.create_connection = refuse("create_connection")

    def tearDown(self):
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection = self.saved

    def test_corpus_cases_never_touch_the_network(self):
        total = 0
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
