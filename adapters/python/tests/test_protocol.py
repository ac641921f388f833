"""The protocol round trip, with adapter.py as a separate process."""

import json
import unittest

from helpers import HELLO, fixture_runs, run_adapter, simple_case

KNOWN_CAPABILITIES = {
    "user-storage", "storage-failure", "returning-user", "event-arch", "batch-events", "meg",
    "development-mode", "goal-type", "global-goals", "visitor-fields", "event-properties",
    "return-promise", "dynamic-args", "clock", "random",
}


class ProtocolTest(unittest.TestCase):
    def test_session(self):
        runs = fixture_runs()
        msgs = [HELLO] + runs + [{"type": "stop", "seq": len(runs) + 1}]
        status, lines, stderr = run_adapter(msgs)
        self.assertEqual(status, 0, stderr[-2000:])
        replies = [json.loads(line) for line in lines]  # every stdout line is JSON
        self.assertEqual(len(replies), 1 + len(runs), lines)

        hello = replies[0]
        self.assertEqual(hello["type"], "hello")
        self.assertEqual(hello["seq"], 0)
        self.assertEqual(hello["protocol"], 1)
        self.assertEqual(hello["sdk"], {"name": "vwo-python-sdk", "version": "1.68.2"})
        self.assertEqual(hello["adapter"], {"name": "python", "version": "0.1.0"})
        self.assertEqual(hello["language"], "python")
        self.assertTrue(set(hello["capabilities"]) <= KNOWN_CAPABILITIES)
        self.assertNotIn("returning-user", hello["capabilities"])
        self.assertNotIn("return-promise", hello["capabilities"])

        for run, reply in zip(runs, replies[1:]):
            self.assertEqual(reply["seq"], run["seq"])
            self.assertIn(reply["type"], ("result", "skipped"), reply)
            if reply["type"] == "result":
                steps = reply["outcome"]["steps"]
                self.assertEqual(len(steps), len(run["case"]["steps"]))
                for st in steps:
                    self.assertIn("return", st)
                    for hit in st["hits"]:
                        self.assertEqual(set(hit) - {"body"}, {"method", "path", "rawQuery", "headers"})
                if "storage" in run["case"]:
                    self.assertIn("storage", reply["outcome"])

    def test_sdk_logs_stay_off_stdout(self):
        # An invalid call makes the SDK log errors; they must reach stderr only.
        case = simple_case(steps=[
            {"op": "track", "track": {"campaignKey": "AB_50_50", "userId": 7, "goalIdentifier": "CUSTOM"}},
            {"op": "track", "track": {"campaignKey": "NOPE", "userId": "Ashley", "goalIdentifier": "CUSTOM"}},
        ])
        status, lines, stderr = run_adapter([HELLO, {"type": "run", "seq": 1, "case": case, "deadlineMs": 10000}])
        self.assertEqual(status, 0)
        self.assertEqual(len(lines), 2, lines)
        reply = json.loads(lines[1])
        self.assertEqual([s["return"] for s in reply["outcome"]["steps"]], [None, None])
        self.assertIn("VWO-SDK", stderr)
        self.assertTrue(any("sdk error" in line for line in reply["outcome"]["logs"]))

    def test_version_mismatch(self):
        status, lines, stderr = run_adapter([{"type": "hello", "seq": 0, "protocol": {"min": 2, "max": 3}}])
        self.assertEqual(status, 2)
        self.assertEqual(json.loads(lines[0])["protocol"], 1)
        self.assertIn("speaks 1", stderr)

    def test_skip_and_error_and_unknown(self):
        skip = simple_case(steps=[{"op": "track", "track": {
            "campaignKey": "AB_50_50", "userId": "Ashley", "goalIdentifier": "CUSTOM", "options": None}}])
        bad = {"id": "test/bad", "steps": []}  # no settings
        msgs = [
            HELLO,
            {"type": "run", "seq": 1, "case": skip, "deadlineMs": 10000},
            {"type": "run", "seq": 2, "case": bad, "deadlineMs": 10000},
            {"type": "bogus", "seq": 3},
            {"type": "stop", "seq": 4},
        ]
        status, lines, _ = run_adapter(msgs)
        self.assertEqual(status, 0)
        replies = [json.loads(line) for line in lines[1:]]
        self.assertEqual([(r["type"], r["seq"]) for r in replies], [("skipped", 1), ("errored", 2), ("errored", 3)])
        self.assertIn("keyword arguments", replies[0]["reason"])
        self.assertIn("settings", replies[1]["message"])

    def test_end_of_input_exits_cleanly(self):
        status, lines, _ = run_adapter([HELLO])
        self.assertEqual(status, 0)
        self.assertEqual(len(lines), 1)


if __name__ == "__main__":
    unittest.main()
