package conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -cp … conform.Adapter --self-test}: checks the adapter
 * without the runner (a few seconds). Prints one line per check and
 * "N passed, N failed"; exits 1 when a check failed.
 */
final class SelfTest {
  private SelfTest() {}

  /** Two running A/B-like campaigns sharing the goal CUSTOM; AB has a REVENUE goal too. */
  static final String SETTINGS = "{\"sdkKey\":\"sample-sdk-key-0001\",\"accountId\":888888,\"version\":1,\"campaigns\":["
      + "{\"id\":231,\"key\":\"AB_50_50\",\"name\":\"AB\",\"type\":\"VISUAL_AB\",\"status\":\"RUNNING\",\"percentTraffic\":100,"
      + "\"isForcedVariationEnabled\":false,\"segments\":{},\"goals\":[{\"id\":201,\"identifier\":\"CUSTOM\",\"type\":\"CUSTOM_GOAL\"},"
      + "{\"id\":202,\"identifier\":\"REVENUE\",\"type\":\"REVENUE_TRACKING\"}],\"variations\":[{\"id\":1,\"name\":\"Control\",\"weight\":50,\"changes\":{}},"
      + "{\"id\":2,\"name\":\"Variation-1\",\"weight\":50,\"changes\":{}}]},"
      + "{\"id\":232,\"key\":\"FT_50_50\",\"name\":\"FT\",\"type\":\"FEATURE_TEST\",\"status\":\"RUNNING\",\"percentTraffic\":100,"
      + "\"isForcedVariationEnabled\":false,\"segments\":{},\"goals\":[{\"id\":203,\"identifier\":\"CUSTOM\",\"type\":\"CUSTOM_GOAL\"}],"
      + "\"variations\":[{\"id\":1,\"name\":\"Control\",\"weight\":50,\"isFeatureEnabled\":false,\"variables\":[]},"
      + "{\"id\":2,\"name\":\"Variation-1\",\"weight\":50,\"isFeatureEnabled\":true,\"variables\":[]}],\"variables\":[]}]}";

  private static int passed;
  private static int failed;
  private static PrintStream out;

  interface Check {
    void run() throws Exception;
  }

  static void check(String name, Check c) {
    try {
      c.run();
      passed++;
      out.println("ok   " + name);
    } catch (Throwable t) {
      failed++;
      out.println("FAIL " + name + ": " + t);
    }
    out.flush();
  }

  static void expect(boolean cond, String what) {
    if (!cond) {
      throw new AssertionError(what);
    }
  }

  static String runLine(int seq, String caseJson) {
    return "{\"type\":\"run\",\"seq\":" + seq + ",\"deadlineMs\":20000,\"case\":" + caseJson + "}";
  }

  static String kase(String id, String extra, String steps) {
    return kase(id, SETTINGS, extra, steps);
  }

  static String kase(String id, String settings, String extra, String steps) {
    return "{\"id\":\"" + id + "\",\"settings\":" + settings + (extra.isEmpty() ? "" : "," + extra)
        + ",\"clock\":{\"nowMs\":1700000000123,\"random\":[0.5]},\"steps\":" + steps + "}";
  }

  static JsonNode runCase(String caseJson) throws Exception {
    String line = runLine(7, caseJson);
    return Adapter.run(Json.M.readTree(line), line);
  }

  static JsonNode result(String caseJson) throws Exception {
    JsonNode r = runCase(caseJson);
    expect(r.path("type").asText().equals("result"), "reply is a result: " + r);
    return r.path("outcome");
  }

  /** Hits with the values that depend on the real clock and Math.random masked. */
  static String masked(JsonNode outcome) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : outcome.path("steps")) {
      for (JsonNode h : s.path("hits")) {
        String q = h.path("rawQuery").asText().replaceAll("(^|&)(random|sId|eTime)=[^&]*", "$1$2=*");
        String b = h.path("body").asText().replaceAll("\"(sId|sessionId|time)\":[0-9]+", "\"$1\":*")
            .replaceAll("\"msgId\":\"[^\"]*\"", "\"msgId\":*");
        out.add(h.path("method").asText() + " " + h.path("path").asText() + "?" + q + " " + h.path("headers") + " " + b);
      }
      out.add("return " + s.path("return"));
    }
    return String.join("\n", out);
  }

  /** The outcome of a case run in a loader the caller keeps (the isolation check reads its statics afterwards). */
  static JsonNode runIn(CaseLoader loader, String caseJson) throws Exception {
    JsonNode msg = Json.M.readTree(runLine(9, caseJson));
    Capture.resetCase();
    try {
      return loader.driver().run(msg.path("case"), msg.path("case").path("settings").toString(), System.nanoTime() + 20_000_000_000L);
    } finally {
      Capture.resetCase();
    }
  }

  static int run(PrintStream protocolOut) {
    out = protocolOut;
    final String trackAb = "[{\"op\":\"track\",\"track\":{\"campaignKey\":\"AB_50_50\",\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}}]";
    final String trackAll = "[{\"op\":\"track\",\"track\":{\"campaignKey\":null,\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}}]";

    check("shadow HttpClient is the class the SDK loads", () -> {
      String d = Adapter.checkShadow();
      expect(d.contains("vwo-conform"), d);
    });

    check("protocol round trip (hello, run, stop); hello names the SDK jar's own version", () -> {
      String in = "{\"type\":\"hello\",\"seq\":0,\"protocol\":{\"min\":1,\"max\":1},\"tool\":\"self-test\",\"version\":\"0\"}\n"
          + runLine(1, kase("self/round-trip", "", trackAb)) + "\n"
          + "{\"type\":\"stop\",\"seq\":2}\n";
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      PrintStream ps = new PrintStream(buf, true, "UTF-8");
      int rc = Adapter.serve(new BufferedReader(new StringReader(in)), ps);
      String[] lines = new String(buf.toByteArray(), StandardCharsets.UTF_8).split("\n");
      expect(rc == 0, "exit status " + rc);
      expect(lines.length == 2, "two replies, got " + lines.length);
      JsonNode h = Json.M.readTree(lines[0]);
      expect(h.path("type").asText().equals("hello") && h.path("seq").asInt() == 0 && h.path("protocol").asInt() == 1, lines[0]);
      String version = h.path("sdk").path("version").asText();
      expect(h.path("sdk").path("name").asText().equals("vwo-java-sdk") && !version.isEmpty(), lines[0]);
      String jar = CaseLoader.roots(SelfTest.class.getClassLoader(), CaseLoader.SDK_MARK).toString();
      expect(jar.contains("vwo-java-sdk-" + version + ".jar"), "hello says " + version + ", the SDK jar is " + jar);
      JsonNode r = Json.M.readTree(lines[1]);
      expect(r.path("type").asText().equals("result") && r.path("seq").asInt() == 1, lines[1]);
      expect(r.path("outcome").path("steps").size() == 1, lines[1]);
    });

    check("unsupported protocol range: hello with version 1, then exit", () -> {
      String in = "{\"type\":\"hello\",\"seq\":0,\"protocol\":{\"min\":2,\"max\":3},\"tool\":\"self-test\",\"version\":\"0\"}\n";
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      int rc = Adapter.serve(new BufferedReader(new StringReader(in)), new PrintStream(buf, true, "UTF-8"));
      expect(rc == 1, "exit status " + rc);
      expect(Json.M.readTree(buf.toString("UTF-8")).path("protocol").asInt() == 1, buf.toString("UTF-8"));
    });

    check("one campaign: one track-goal GET, captured from the wire", () -> {
      JsonNode o = result(kase("self/get", "", trackAb));
      JsonNode s = o.path("steps").get(0);
      expect(s.path("return").toString().equals("{\"AB_50_50\":true}"), "return " + s.path("return"));
      expect(s.path("hits").size() == 1, "one hit: " + s.path("hits"));
      JsonNode h = s.path("hits").get(0);
      expect(h.path("method").asText().equals("GET") && h.path("path").asText().equals("/server-side/track-goal"), h.toString());
      expect(h.path("rawQuery").asText().contains("experiment_id=231") && h.path("rawQuery").asText().contains("goal_id=201"), h.toString());
      expect(h.path("headers").toString().contains("\"Host\""), "wire headers: " + h.path("headers"));
    });

    check("null specifier: a GET per campaign in call order, keys in settings order", () -> {
      JsonNode o = result(kase("self/all", "", trackAll));
      JsonNode s = o.path("steps").get(0);
      expect(s.path("return").toString().equals("{\"AB_50_50\":true,\"FT_50_50\":true}"), "return " + s.path("return"));
      expect(s.path("hits").size() == 2, "two hits: " + s.path("hits"));
      expect(s.path("hits").get(0).path("rawQuery").asText().contains("experiment_id=231")
          && s.path("hits").get(1).path("rawQuery").asText().contains("experiment_id=232"), "hits in call order: " + s.path("hits"));
    });

    check("list specifier: keys in list order, unknown key false", () -> {
      JsonNode o = result(kase("self/list", "",
          "[{\"op\":\"track\",\"track\":{\"campaignKey\":[\"NOPE\",\"FT_50_50\",\"AB_50_50\"],\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}}]"));
      String r = o.path("steps").get(0).path("return").toString();
      expect(r.equals("{\"NOPE\":false,\"FT_50_50\":true,\"AB_50_50\":true}"), "return " + r);
    });

    check("settings: campaign names left out for the 1.10.0 model (logged); as given, the SDK refuses them", () -> {
      JsonNode o = result(kase("self/fit", "", trackAb));
      expect(o.path("logs").toString().contains("campaigns[0].name, campaigns[1].name"), "logs " + o.path("logs"));
      JsonNode given = result(kase(SettingsFit.AS_GIVEN.iterator().next(), "", trackAb));
      expect(given.path("steps").get(0).path("return").isNull(), "as given: " + given);
      expect(given.path("logs").toString().contains("Unrecognized field \\\"name\\\""), "the SDK's own error is logged: " + given.path("logs"));
    });

    check("settings using a feature 1.10.0 lacks are skipped with the member named", () -> {
      String c = kase("self/seed", "", trackAb).replace("\"key\":\"AB_50_50\",", "\"key\":\"AB_50_50\",\"isBucketingSeedEnabled\":true,");
      JsonNode r = runCase(c);
      expect(r.path("type").asText().equals("skipped") && r.path("reason").asText().contains("campaigns[0].isBucketingSeedEnabled"), r.toString());
    });

    check("storage: seeded, translated both ways, goal list without trailing _vwo_", () -> {
      String steps = "[{\"op\":\"track\",\"track\":{\"campaignKey\":\"AB_50_50\",\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}},"
          + "{\"op\":\"track\",\"track\":{\"campaignKey\":\"AB_50_50\",\"userId\":\"Ashley\",\"goalIdentifier\":\"REVENUE\",\"options\":{\"revenueValue\":5}}},"
          + "{\"op\":\"track\",\"track\":{\"campaignKey\":\"AB_50_50\",\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}}]";
      String storage = "\"storage\":{\"records\":[{\"userId\":\"Ashley\",\"campaignKey\":\"AB_50_50\",\"variationName\":\"Control\"},"
          + "{\"userId\":\"Bill\",\"campaignKey\":\"AB_50_50\",\"variationName\":\"Control\",\"metaData\":{\"k\":1}}]}";
      JsonNode o = result(kase("self/storage", storage, steps));
      StringBuilder rets = new StringBuilder();
      for (JsonNode s : o.path("steps")) {
        rets.append(s.path("return")).append(' ');
      }
      expect(rets.toString().equals("{\"AB_50_50\":true} {\"AB_50_50\":true} {\"AB_50_50\":false} "), "returns " + rets);
      String st = o.path("storage").toString();
      expect(st.equals("[{\"userId\":\"Ashley\",\"variationName\":\"Control\",\"campaignKey\":\"AB_50_50\",\"goalIdentifier\":\"CUSTOM_vwo_REVENUE\"},"
          + "{\"userId\":\"Bill\",\"campaignKey\":\"AB_50_50\",\"variationName\":\"Control\",\"metaData\":{\"k\":1}}]"), "storage " + st);
    });

    check("storage get failure is injected (1.10.0 logs it and goes on without storage, D-19)", () -> {
      JsonNode o = result(kase("self/storage-get", "\"storage\":{\"records\":[],\"fail\":\"get\"}", trackAb));
      expect(o.path("logs").toString().contains("sdk WARN VariationDecider: Data not found"), "the SDK saw the failing get: " + o.path("logs"));
      expect(o.path("steps").get(0).path("hits").size() == 1, "tracked without storage: " + o);
    });

    check("a userId Java cannot receive is skipped with a reason", () -> {
      JsonNode r = runCase(kase("self/skip", "",
          "[{\"op\":\"track\",\"track\":{\"campaignKey\":\"AB_50_50\",\"userId\":7,\"goalIdentifier\":\"CUSTOM\"}}]"));
      expect(r.path("type").asText().equals("skipped") && r.path("reason").asText().contains("String"), r.toString());
    });

    check("an exception out of track is the step's {thrown} return, and the case goes on", () -> {
      String storage = "\"storage\":{\"records\":[]}";
      String steps = "[{\"op\":\"track\",\"track\":{\"campaignKey\":\"AB_50_50\",\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}},"
          + "{\"op\":\"track\",\"track\":{\"campaignKey\":\"NOPE\",\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}}]";
      JsonNode r;
      System.setProperty("conform.test.getThrowsError", "true");
      try {
        r = runCase(kase("self/thrown", storage, steps));
      } finally {
        System.clearProperty("conform.test.getThrowsError");
      }
      expect(r.path("type").asText().equals("result"), "a result, not errored: " + r);
      JsonNode s = r.path("outcome").path("steps");
      expect(s.get(0).path("return").toString().equals("{\"thrown\":\"java.lang.AssertionError: vwo-conform self-test: storage get raised an Error\"}"),
          "step 1 " + s.get(0));
      expect(s.get(0).path("hits").size() == 0, "no hit: " + s.get(0));
      expect(s.get(1).path("return").toString().equals("{\"NOPE\":false}"), "step 2 still runs: " + s.get(1));
      expect(Thrown.message(new IllegalStateException("a\n\t b  " + new String(new char[300]).replace('\0', 'x'))).length() == 200,
          "clipped to 200");
    });

    check("query as sent: a revenue with a space is r=12+50 as URIBuilder wrote it, not rewritten", () -> {
      JsonNode o = result(kase("self/query", "",
          "[{\"op\":\"track\",\"track\":{\"campaignKey\":\"AB_50_50\",\"userId\":\"Ashley\",\"goalIdentifier\":\"REVENUE\",\"options\":{\"revenueValue\":\"12 50\"}}}]"));
      JsonNode h = o.path("steps").get(0).path("hits").get(0);
      String q = h.path("rawQuery").asText();
      expect(q.contains("&r=12+50&") || q.endsWith("&r=12+50"), "rawQuery " + q);
      expect(!q.contains("%20"), "no %20 rewriting: " + q);
      expect(h.path("headers").get(0).path("name").asText().equals("Host"), "headers in wire order: " + h.path("headers"));
    });

    check("issue order: a list repeating a key gives 231, 232, 231, the same in 100 runs", () -> {
      String c = kase("self/repeat", "",
          "[{\"op\":\"track\",\"track\":{\"campaignKey\":[\"AB_50_50\",\"FT_50_50\",\"AB_50_50\"],\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}}]");
      String first = null;
      for (int i = 0; i < 100; i++) {
        JsonNode o = result(c);
        JsonNode hits = o.path("steps").get(0).path("hits");
        StringBuilder ids = new StringBuilder();
        for (JsonNode h : hits) {
          ids.append(h.path("rawQuery").asText().replaceAll(".*experiment_id=([0-9]+).*", "$1")).append(' ');
        }
        expect(ids.toString().equals("231 232 231 "), "run " + i + ": experiment ids " + ids);
        String m = masked(o);
        if (first == null) {
          first = m;
        }
        expect(m.equals(first), "run " + i + " differs:\n" + first + "\n---\n" + m);
      }
    });

    check("a request the HTTP client refuses is not a hit; the SDK's log and the unsent client are reported", () -> {
      try (CaseLoader l = CaseLoader.create()) {
        Capture.resetCase();
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode ok = l.driver().selfTestSend("dev.visualwebsiteoptimizer.com", "/x", deadline);
        expect(ok.path("hits").toString().equals("[\"GET /x?q=a+b\"]") && ok.path("pending").asInt() == 0, "control: " + ok);
        // A host URIBuilder cannot put in a URL: the SDK's thread fails before the client is used.
        JsonNode bad = l.driver().selfTestSend("bad host", "/x", deadline);
        expect(bad.path("hits").size() == 0 && bad.path("pending").asInt() == 1, "URL not built: " + bad);
        expect(bad.path("logs").toString().contains("URISyntaxException"), "the SDK's own log names the error: " + bad);
        // No host at all: Apache's client refuses the request inside execute, before any byte is written.
        JsonNode none = l.driver().selfTestSend("", "/x", deadline);
        expect(none.path("hits").size() == 0 && none.path("pending").asInt() == 0, "refused by the client: " + none);
        expect(none.path("logs").toString().contains("ClientProtocolException"), "the SDK's own log names the error: " + none);
      } finally {
        Capture.resetCase();
      }
    });

    check("campaignKey number, boolean, object and a mixed list reach track(Object, ...) (not skipped)", () -> {
      for (String key : new String[] {"7", "true", "{\"k\":\"AB_50_50\"}", "[\"AB_50_50\",1]"}) {
        JsonNode r = runCase(kase("self/dynamic", "",
            "[{\"op\":\"track\",\"track\":{\"campaignKey\":" + key + ",\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}}]"));
        expect(r.path("type").asText().equals("result"), key + ": a result: " + r);
        JsonNode s = r.path("outcome").path("steps").get(0);
        expect(s.path("hits").size() == 0, key + ": no hit: " + r);
        expect(r.path("outcome").path("logs").size() > 0, key + ": the SDK logged what it did: " + r);
      }
      // A String[] holding null: the SDK tracks AB_50_50 and puts false under a null key (logged).
      JsonNode r = runCase(kase("self/dynamic-null", "",
          "[{\"op\":\"track\",\"track\":{\"campaignKey\":[\"AB_50_50\",null],\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}}]"));
      JsonNode s = r.path("outcome").path("steps").get(0);
      expect(s.path("return").toString().equals("{\"AB_50_50\":true}") && s.path("hits").size() == 1, "[AB_50_50, null]: " + r);
      expect(r.path("outcome").path("logs").toString().contains("null key"), "[AB_50_50, null]: the null key is logged: " + r);
    });

    check("isolation: a fresh class loader per case drops the SDK's statics", () -> {
      String a = kase("self/iso-logger", "", trackAb);
      CaseLoader first = CaseLoader.create();
      try {
        System.setProperty("conform.test.customLogger", "true");
        try {
          runIn(first, a);
        } finally {
          System.clearProperty("conform.test.customLogger");
        }
        String kept = first.driver().probe();
        expect(kept.contains("Logger.customLogger=conform.sdk.Driver$TestLogger"), "the static is set in that loader: " + kept);
        try (CaseLoader next = CaseLoader.create()) {
          String fresh = next.driver().probe();
          expect(fresh.contains("Logger.customLogger=null") && !fresh.startsWith(kept.substring(0, kept.indexOf(' '))),
              "a new loader starts clean: " + fresh + " after " + kept);
        }
      } finally {
        first.close();
      }
    });

    check("isolation: cases give the same outcomes alone and in either order", () -> {
      String[] cases = {
          kase("self/iso-storage", "\"launch\":{\"isDevelopmentMode\":true},\"storage\":{\"records\":[{\"userId\":\"Ashley\",\"campaignKey\":\"AB_50_50\",\"variationName\":\"Variation-1\",\"goalIdentifier\":\"CUSTOM\"}]}",
              "[{\"op\":\"track\",\"track\":{\"campaignKey\":\"AB_50_50\",\"userId\":\"Ashley\",\"goalIdentifier\":\"REVENUE\",\"options\":{\"revenueValue\":3}}}]"),
          kase("self/iso-plain", "\"launch\":{\"goalTypeToTrack\":\"REVENUE_TRACKING\",\"shouldTrackReturningUser\":true}", trackAll),
          SelfTest.kase("self/iso-refused", "{\"campaigns\":[{\"id\":\"x\"}]}", "", trackAb),
      };
      String[] alone = new String[cases.length];
      for (int i = 0; i < cases.length; i++) {
        alone[i] = masked(result(cases[i]));
      }
      for (int i = 0; i < cases.length; i++) {
        for (int j = 0; j < cases.length; j++) {
          if (i == j) {
            continue;
          }
          String x = masked(result(cases[i]));
          String y = masked(result(cases[j]));
          expect(x.equals(alone[i]) && y.equals(alone[j]), "order " + i + "," + j + " differs from alone:\n" + x + "\n" + y);
        }
      }
      expect(!alone[0].equals(alone[1]) && !alone[1].equals(alone[2]), "the cases differ from each other: " + String.join(" | ", alone));
    });

    check("deterministic: the same cases 100 times give the same hits (clock and random masked)", () -> {
      String[] cases = {kase("self/det-get", "", trackAb), kase("self/det-all", "", trackAll)};
      for (String c : cases) {
        String first = masked(result(c));
        for (int i = 1; i < 100; i++) {
          String again = masked(result(c));
          expect(again.equals(first), "run " + i + " differs:\n" + first + "\n---\n" + again);
        }
      }
    });

    check("offline: no real socket was created, and none can be", () -> {
      expect(NetGuard.attempts() == 0, NetGuard.attempts() + " socket attempts");
      boolean refused = false;
      try {
        new Socket().close();
      } catch (UnsupportedOperationException e) {
        refused = true;
      }
      expect(refused, "new Socket() was not refused");
      NetGuard.attempts.set(0);
    });

    out.println(passed + " passed, " + failed + " failed");
    out.flush();
    return failed == 0 ? 0 : 1;
  }
}
