"""Storage, option, launch, argument and return translations (in process)."""

import logging
import unittest

from helpers import simple_case

import adapter
from adapter import (
    MemoryUserStorage,
    Unsupported,
    plan_step,
    record_to_node,
    record_to_python,
    run_case,
    translate_launch,
    translate_options,
    MemorySocket,
    parse_request,
)


class StorageTranslationTest(unittest.TestCase):
    def test_record_round_trip(self):
        node = {"userId": "Ashley", "variationName": "Control", "campaignKey": "AB", "goalIdentifier": "A_vwo_B",
                "metaData": {"k": 1}}
        py = record_to_python(node)
        self.assertEqual(py, {"userId": "Ashley", "variationName": "Control", "campaignKey": "AB",
                              "goalIdentifiers": "A_vwo_B", "metaData": {"k": 1}})
        self.assertEqual(list(py), ["userId", "variationName", "campaignKey", "goalIdentifiers", "metaData"])
        self.assertEqual(record_to_node(py), node)
        self.assertEqual(list(record_to_node(py)), list(node))

    def test_record_without_goals(self):
        node = {"userId": "u", "campaignKey": "c", "variationName": "v"}
        self.assertEqual(record_to_python(node), node)
        self.assertEqual(record_to_node(node), node)

    def test_no_collision(self):
        both = {"goalIdentifier": "a", "goalIdentifiers": "b"}
        self.assertEqual(record_to_python(both), both)
        self.assertEqual(record_to_node(both), both)

    def test_memory_storage(self):
        s = MemoryUserStorage([
            {"userId": "A", "campaignKey": "C1", "variationName": "Control", "goalIdentifier": "G"},
            {"userId": "B", "campaignKey": "C1", "variationName": "Control"},
        ])
        self.assertTrue(bool(s))  # the SDK tests bool(user_storage)
        self.assertTrue(bool(MemoryUserStorage()))
        got = s.get("A", "C1")
        self.assertEqual(got["goalIdentifiers"], "G")
        got["goalIdentifiers"] = "mutated"
        self.assertEqual(s.get("A", "C1")["goalIdentifiers"], "G")  # copies out
        self.assertIsNone(s.get("A", "C2"))
        s.set({"userId": "C", "campaignKey": "C1", "variationName": "V", "goalIdentifiers": "X"})
        s.set({"userId": "A", "campaignKey": "C1", "variationName": "Control", "goalIdentifiers": "G_vwo_H"})
        self.assertEqual(s.dump(), [
            {"userId": "A", "campaignKey": "C1", "variationName": "Control", "goalIdentifier": "G_vwo_H"},
            {"userId": "B", "campaignKey": "C1", "variationName": "Control"},
            {"userId": "C", "campaignKey": "C1", "variationName": "V", "goalIdentifier": "X"},
        ])

    def test_failing_storage(self):
        with self.assertRaises(RuntimeError):
            MemoryUserStorage([], "get").get("A", "C")
        MemoryUserStorage([], "get").set({"userId": "A", "campaignKey": "C"})
        with self.assertRaises(RuntimeError):
            MemoryUserStorage([], "set").set({"userId": "A", "campaignKey": "C"})

    def test_sdk_writes_goal_identifiers(self):
        case = simple_case(storage={"records": [{"userId": "Ashley", "campaignKey": "AB_50_50",
                                                 "variationName": "Control", "goalIdentifier": "REVENUE"}]})
        out = run_case(case)
        self.assertEqual(out["steps"][0]["return"], {"AB_50_50": True})
        self.assertEqual(out["storage"], [{"userId": "Ashley", "campaignKey": "AB_50_50",
                                           "variationName": "Control", "goalIdentifier": "REVENUE_vwo_CUSTOM"}])


class OptionTranslationTest(unittest.TestCase):
    def test_track_options(self):
        got = translate_options({
            "revenueValue": 7, "customVariables": {"a": 1}, "variationTargetingVariables": {"b": 2},
            "goalTypeToTrack": "ALL", "eventProperties": {"p": 1}, "userAgent": "UA", "userIpAddress": "1.2.3.4",
            "somethingElse": 1,
        })
        self.assertEqual(got, {
            "revenue_value": 7, "custom_variables": {"a": 1}, "variation_targeting_variables": {"b": 2},
            "goal_type_to_track": "ALL", "event_properties": {"p": 1}, "user_agent": "UA",
            "user_ip_address": "1.2.3.4", "somethingElse": 1,
        })

    def test_untranslatable_options(self):
        for key in ("userStorageData", "metaData", "shouldTrackReturningUser"):
            with self.assertRaises(Unsupported) as cm:
                translate_options({key: {}})
            self.assertIn(key, str(cm.exception))
        for value in (None, [1], "x", 3, True):
            with self.assertRaises(Unsupported):
                translate_options(value)

    def test_launch_options(self):
        self.assertEqual(translate_launch(None), {})
        self.assertEqual(translate_launch({}), {})
        self.assertEqual(
            translate_launch({"goalTypeToTrack": "CUSTOM_GOAL", "isDevelopmentMode": True,
                              "batchEvents": {"eventsPerRequest": 3, "requestTimeInterval": 60},
                              "logging": {"level": 4}}),
            {"goal_type_to_track": "CUSTOM_GOAL", "is_development_mode": True,
             "batch_events": {"events_per_request": 3, "request_time_interval": 60}, "log_level": logging.ERROR},
        )
        # values go through untouched, for the SDK to judge
        self.assertEqual(translate_launch({"isDevelopmentMode": "yes", "batchEvents": 5}),
                         {"is_development_mode": "yes", "batch_events": 5})
        for bad in ({"shouldTrackReturningUser": True}, {"returnPromiseFor": {"track": True}}, {"hooks": {}},
                    {"logging": {"level": 9}}, {"batchEvents": {"foo": 1}}, [1]):
            with self.assertRaises(Unsupported):
                translate_launch(bad)

    def test_arguments(self):
        self.assertEqual(plan_step({"op": "flush"}), ("flush",))
        self.assertEqual(plan_step({"op": "track", "track": {"campaignKey": None, "userId": "u", "goalIdentifier": "g"}}),
                         ("track", [None, "u", "g"], {}))
        # an absent argument is None, Python's "not given"
        self.assertEqual(plan_step({"op": "track", "track": {"userId": "u", "goalIdentifier": "g"}}),
                         ("track", [None, "u", "g"], {}))
        self.assertEqual(plan_step({"op": "track", "track": {"campaignKey": "c", "goalIdentifier": "g",
                                                             "options": {"revenueValue": 1}}}),
                         ("track", ["c", None, "g"], {"revenue_value": 1}))
        self.assertEqual(plan_step({"op": "track", "track": {"campaignKey": "c", "userId": "u"}}),
                         ("track", ["c", "u", None], {}))
        with self.assertRaises(ValueError):
            plan_step({"op": "activate"})

    def test_absent_argument_reaches_the_sdk_as_none(self):
        out = run_case(simple_case(steps=[{"op": "track", "track": {"campaignKey": "AB_50_50", "goalIdentifier": "CUSTOM"}}]))
        # a None user id is invalid: the SDK returns None
        self.assertIsNone(out["steps"][0]["return"])
        self.assertEqual(out["steps"][0]["hits"], [])


class ReturnAndWireTest(unittest.TestCase):
    def test_returns(self):
        c = simple_case(steps=[
            {"op": "track", "track": {"campaignKey": "AB_50_50", "userId": "Ashley", "goalIdentifier": "CUSTOM"}},
            {"op": "track", "track": {"campaignKey": "NOPE", "userId": "Ashley", "goalIdentifier": "CUSTOM"}},
            {"op": "flush"},
        ])
        out = run_case(c)
        self.assertEqual([s["return"] for s in out["steps"]], [{"AB_50_50": True}, None, None])
        c["launch"] = {"batchEvents": {"eventsPerRequest": 10}}
        out = run_case(c)
        self.assertEqual([s["return"] for s in out["steps"]], [{"AB_50_50": True}, None, True])
        self.assertEqual([len(s["hits"]) for s in out["steps"]], [0, 0, 1])

    def test_invalid_launch_gives_null_everywhere(self):
        out = run_case(simple_case(launch={"goalTypeToTrack": "BOGUS"}, steps=[{"op": "flush"}, {
            "op": "track", "track": {"campaignKey": "AB_50_50", "userId": "Ashley", "goalIdentifier": "CUSTOM"}}]))
        self.assertEqual(out["steps"], [{"return": None, "hits": []}, {"return": None, "hits": []}])
        self.assertTrue(any("launch returned None" in line for line in out["logs"]))

    def test_query_as_sent(self):
        # requests form-encodes params (quote_plus): a space goes out as '+',
        # a real '+' as %2B. rawQuery is those bytes, not rewritten.
        c = simple_case(steps=[{"op": "track", "track": {
            "campaignKey": "AB_50_50", "userId": "Ashley", "goalIdentifier": "REVENUE",
            "options": {"revenueValue": "12 50", "userAgent": "Mozilla/5.0 (X11) a+b"}}}])
        hit = run_case(c)["steps"][0]["hits"][0]
        self.assertIn("&visitor_ua=Mozilla%2F5.0+%28X11%29+a%2Bb&", hit["rawQuery"])
        self.assertTrue(hit["rawQuery"].endswith("&r=12+50"), hit["rawQuery"])
        self.assertNotIn("%20", hit["rawQuery"])
        # the header goes out raw, as http.client writes it
        self.assertIn({"name": "X-Device-User-Agent", "value": "Mozilla/5.0 (X11) a+b"}, hit["headers"])

    def test_parse_request(self):
        raw = (b"GET /server-side/track-goal?a=1+2&b=%2B HTTP/1.1\r\nHost: example.invalid\r\n"
               b"X-Device-User-Agent: K\xe4se  \r\nEmpty:\r\n\r\n")
        self.assertIsNone(parse_request(raw[:-2]))
        hit, n = parse_request(raw + b"GET /next")
        self.assertEqual(n, len(raw))
        self.assertEqual(hit, {"method": "GET", "path": "/server-side/track-goal", "rawQuery": "a=1+2&b=%2B",
                               "headers": [{"name": "Host", "value": "example.invalid"},
                                           {"name": "X-Device-User-Agent", "value": "K\u00e4se  "},
                                           {"name": "Empty", "value": ""}]})
        post = b"POST /events/t HTTP/1.1\r\nContent-Length: 7\r\n\r\n"
        self.assertIsNone(parse_request(post + b"{\"a\":"))
        hit, n = parse_request(post + b'{"a":1}')
        self.assertEqual((hit["body"], hit["rawQuery"], n), ('{"a":1}', "", len(post) + 7))
        chunked = b"POST /x?q HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n\xc3\xbc!\r\n0\r\n\r\n"
        self.assertIsNone(parse_request(chunked[:-4]))
        hit, n = parse_request(chunked)
        self.assertEqual((hit["body"], hit["rawQuery"], n), ("\u00fc!", "q", len(chunked)))
        with self.assertRaises(adapter.CaptureError):
            parse_request(b"NOT A REQUEST\r\n\r\n")

    def test_memory_socket(self):
        # http.client writes the head and the body in separate sendall calls;
        # one hit when the request is whole, one response per request.
        s = MemorySocket(("example.invalid", 443))
        adapter.CAPTURE.take()
        s.sendall(b"POST /p?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n")
        self.assertEqual(adapter.CAPTURE.take(), [])
        s.sendall(memoryview(b"{}"))
        hits = adapter.CAPTURE.take()
        self.assertEqual([(h["method"], h["path"], h["rawQuery"], h["body"]) for h in hits], [("POST", "/p", "x=1", "{}")])
        self.assertEqual(s.makefile("rb").read(), adapter.RESPONSE)
        s.sendall(b"GET / HTTP/1.1\r\nHost: h\r\n")  # never finished
        s.close()
        self.assertEqual(adapter.CAPTURE.take(), [])
        self.assertIn("written only in part", adapter.CAPTURE.take_notes()[0])

    def test_post_body_and_headers(self):
        c = simple_case(settings=dict(simple_case()["settings"], isEventArchEnabled=True))
        out = run_case(c)
        hit = out["steps"][0]["hits"][0]
        self.assertEqual((hit["method"], hit["path"]), ("POST", "/events/t"))
        names = [h["name"] for h in hit["headers"]]
        self.assertEqual(names[:2], ["Host", "User-Agent"])
        self.assertIn("Content-Type", names)
        self.assertIn('"vwo_sdkName": "vwo-python-sdk"', hit["body"])

    def test_clock_and_random(self):
        c = simple_case(
            clock={"nowMs": 1700000000999, "random": [0.25, 0.75]},
            steps=[{"op": "track", "track": {"campaignKey": "AB_50_50", "userId": u, "goalIdentifier": "CUSTOM"}}
                   for u in ("a", "b", "c")],
        )
        out = run_case(c)
        queries = [s["hits"][0]["rawQuery"] for s in out["steps"]]
        self.assertEqual([q.split("&")[0] for q in queries], ["random=0.25", "random=0.75", "random=0.25"])
        self.assertTrue(all("sId=1700000000&" in q for q in queries))  # the SDK floors
        c["settings"] = dict(c["settings"], isEventArchEnabled=True)
        out = run_case(c)
        hit = out["steps"][0]["hits"][0]
        self.assertIn("eTime=1700000000999", hit["rawQuery"])
        self.assertIn('"time": 1700000000999', hit["body"])
        self.assertIn('"sessionId": 1700000000', hit["body"])

    def test_exact_milliseconds(self):
        # int(time.time() * 1000) must give nowMs back exactly, for any nowMs
        for ms in (1700000000123, 1700000000001, 1, 999, 1234567890123, 4102444800999, 1700000000000):
            adapter.CLOCK.set(ms, [0.5])
            self.assertEqual(int(adapter._generic_util.time.time() * 1000), ms)
            self.assertEqual(adapter._generic_util.get_current_unix_timestamp_milli(), ms)
            self.assertEqual(adapter._generic_util.get_current_unix_timestamp(), ms // 1000)


if __name__ == "__main__":
    unittest.main()
