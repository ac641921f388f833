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
    return "{\"id\":\"" + id + "\",\"settings\":" + SETTINGS + (extra.isEmpty() ? "" : "," + extra)
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

  static int run(PrintStream protocolOut) {
    out = protocolOut;
    final String trackAb = "[{\"op\":\"track\",\"track\":{\"campaignKey\":\"AB_50_50\",\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}}]";
    final String trackAll = "[{\"op\":\"track\",\"track\":{\"campaignKey\":null,\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}}]";

    check("shadow HttpClient is the class the SDK loads", () -> {
      String d = Adapter.checkShadow();
      expect(d.contains("vwo-conform"), d);
    });

    check("protocol round trip (hello, run, stop)", () -> {
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
      expect(h.path("sdk").path("name").asText().equals("vwo-java-sdk") && h.path("sdk").path("version").asText().equals("1.66.0"), lines[0]);
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

    check("null specifier: one batch-events POST, keys in settings order", () -> {
      JsonNode o = result(kase("self/batch", "", trackAll));
      JsonNode s = o.path("steps").get(0);
      expect(s.path("return").toString().equals("{\"AB_50_50\":true,\"FT_50_50\":true}"), "return " + s.path("return"));
      expect(s.path("hits").size() == 1, "one hit: " + s.path("hits"));
      JsonNode h = s.path("hits").get(0);
      expect(h.path("method").asText().equals("POST") && h.path("path").asText().equals("/server-side/batch-events"), h.toString());
      expect(Json.M.readTree(h.path("body").asText()).path("ev").size() == 2, "two events: " + h.path("body"));
    });

    check("list specifier: keys in list order, unknown key false", () -> {
      JsonNode o = result(kase("self/list", "",
          "[{\"op\":\"track\",\"track\":{\"campaignKey\":[\"NOPE\",\"FT_50_50\",\"AB_50_50\"],\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}}]"));
      String r = o.path("steps").get(0).path("return").toString();
      expect(r.equals("{\"NOPE\":false,\"FT_50_50\":true,\"AB_50_50\":true}"), "return " + r);
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

    check("storage get failure is injected", () -> {
      JsonNode o = result(kase("self/storage-get", "\"storage\":{\"records\":[],\"fail\":\"get\"}", trackAb));
      expect(o.path("logs").toString().contains("get fails") || o.path("steps").get(0).path("hits").size() == 0, o.toString());
    });

    check("a userId Java cannot receive is skipped with a reason", () -> {
      JsonNode r = runCase(kase("self/skip", "",
          "[{\"op\":\"track\",\"track\":{\"campaignKey\":\"AB_50_50\",\"userId\":7,\"goalIdentifier\":\"CUSTOM\"}}]"));
      expect(r.path("type").asText().equals("skipped") && r.path("reason").asText().contains("String"), r.toString());
    });

    check("no state leaks between cases (batch queue is per case)", () -> {
      String launch = "\"launch\":{\"batchEvents\":{\"eventsPerRequest\":10}}";
      JsonNode a = result(kase("self/leak-a", launch, trackAb));
      expect(a.path("steps").get(0).path("hits").size() == 0, "queued, not sent: " + a);
      JsonNode b = result(kase("self/leak-b", launch, "[{\"op\":\"flush\"}]"));
      JsonNode s = b.path("steps").get(0);
      expect(s.path("hits").size() == 0, "the previous case's event must not be flushed: " + s);
    });

    check("flushEvents sends the queue synchronously", () -> {
      String launch = "\"launch\":{\"batchEvents\":{\"eventsPerRequest\":10}}";
      String steps = "[{\"op\":\"track\",\"track\":{\"campaignKey\":\"AB_50_50\",\"userId\":\"Ashley\",\"goalIdentifier\":\"CUSTOM\"}},{\"op\":\"flush\"}]";
      JsonNode o = result(kase("self/flush", launch, steps));
      JsonNode f = o.path("steps").get(1);
      expect(f.path("return").toString().equals("{\"status\":true}"), "flush return " + f.path("return"));
      expect(f.path("hits").size() == 1 && f.path("hits").get(0).path("path").asText().equals("/server-side/batch-events"), f.toString());
    });

    check("deterministic: the same cases 100 times give the same hits (clock and random masked)", () -> {
      String[] cases = {kase("self/det-get", "", trackAb), kase("self/det-batch", "", trackAll)};
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
