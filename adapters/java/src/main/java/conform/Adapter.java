package conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The vwo-conform adapter for vwo-java-sdk (spec/protocol.md, version 1).
 *
 * <p>One JVM per adapter process; one fresh SDK (in its own class loader)
 * per case. stdout carries protocol lines only: System.out is pointed at
 * stderr before anything else runs, and replies go to a private stream on
 * file descriptor 1. Run with {@code --self-test} for the self-test.
 */
public final class Adapter {
  private Adapter() {}

  static final int PROTOCOL = 1;
  static final String SDK_NAME = "vwo-java-sdk";
  static final String ADAPTER_NAME = "java";
  static final String ADAPTER_VERSION = "0.1.0";
  static final String LANGUAGE = "java";

  /** What the SDK really supports through this adapter (README.md says why each). */
  static final List<String> CAPABILITIES = Arrays.asList(
      "user-storage",
      "storage-failure",
      "returning-user",
      "development-mode",
      "goal-type",
      "global-goals",
      "dynamic-args");

  public static void main(String[] args) throws Exception {
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "UTF-8");
    System.setOut(System.err);
    NetGuard.install();
    if (Arrays.asList(args).contains("--self-test")) {
      System.exit(SelfTest.run(protocol));
      return;
    }
    int rc = serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), protocol);
    protocol.flush();
    // The SDK can leave non-daemon threads behind (java.util.Timer); exit anyway.
    System.exit(rc);
  }

  /** The protocol loop; returns the exit status. */
  static int serve(BufferedReader in, PrintStream out) throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      if (line.trim().isEmpty()) {
        continue;
      }
      JsonNode msg;
      try {
        msg = Json.M.readTree(line);
      } catch (IOException e) {
        System.err.println("adapter: ignoring a line that is not JSON: " + e.getMessage());
        continue;
      }
      String type = msg.path("type").asText();
      int seq = msg.path("seq").asInt();
      switch (type) {
        case "hello": {
          ObjectNode reply = hello(msg);
          send(out, reply);
          if (reply.path("protocol").asInt() != PROTOCOL || !speaks(msg)) {
            return 1;
          }
          break;
        }
        case "run":
          send(out, run(msg, line));
          break;
        case "stop":
          return 0;
        default:
          System.err.println("adapter: ignoring message of type " + type + " (seq " + seq + ")");
      }
    }
    return 0;
  }

  static void send(PrintStream out, ObjectNode msg) throws IOException {
    out.print(Json.M.writeValueAsString(msg));
    out.print('\n');
    out.flush();
  }

  static boolean speaks(JsonNode hello) {
    JsonNode p = hello.path("protocol");
    return p.path("min").asInt(PROTOCOL) <= PROTOCOL && PROTOCOL <= p.path("max").asInt(PROTOCOL);
  }

  private static String sdkVersion;

  /** The hello reply. Exits the JVM (status 2, reason on stderr) if the shadow class is not in force. */
  static ObjectNode hello(JsonNode msg) {
    if (sdkVersion == null) {
      try {
        String where = checkShadow();
        System.err.println("adapter: " + where);
        try (CaseLoader l = CaseLoader.create()) {
          sdkVersion = l.driver().sdkVersion();
        }
      } catch (Throwable t) {
        System.err.println("adapter: FATAL: the in-memory com.vwo.services.http.HttpClient is not the one the SDK loads: " + t);
        t.printStackTrace(System.err);
        System.err.flush();
        System.exit(2);
      }
    }
    ObjectNode r = Json.M.createObjectNode();
    r.put("type", "hello");
    r.put("seq", msg.path("seq").asInt());
    r.put("protocol", PROTOCOL);
    r.putObject("sdk").put("name", SDK_NAME).put("version", sdkVersion);
    r.putObject("adapter").put("name", ADAPTER_NAME).put("version", ADAPTER_VERSION);
    r.put("language", LANGUAGE);
    ArrayNode caps = r.putArray("capabilities");
    for (String c : CAPABILITIES) {
      caps.add(c);
    }
    return r;
  }

  /**
   * Verifies the class shadowing: on the class path, the first
   * com/vwo/services/http/HttpClient.class is the adapter's and a later one
   * is the SDK's own; in a case loader, the SDK's HttpGetRequest uses the
   * adapter's class. Throws otherwise.
   */
  static String checkShadow() throws Exception {
    ClassLoader app = Adapter.class.getClassLoader();
    List<URL> shadow = CaseLoader.roots(app, CaseLoader.SHADOW);
    List<URL> self = CaseLoader.roots(app, "conform/Adapter.class");
    List<URL> sdk = CaseLoader.roots(app, CaseLoader.SDK_MARK);
    if (shadow.isEmpty() || self.isEmpty() || !shadow.get(0).equals(self.get(0))) {
      throw new IllegalStateException("first HttpClient on the class path is from " + shadow + ", the adapter is " + self);
    }
    if (sdk.isEmpty() || !shadow.contains(sdk.get(0)) || shadow.indexOf(sdk.get(0)) == 0) {
      throw new IllegalStateException("the SDK jar " + sdk + " does not come after the adapter in " + shadow);
    }
    try (CaseLoader l = CaseLoader.create()) {
      return l.driver().describeShadow();
    }
  }

  /** Runs one case; the reply is result, skipped or errored. */
  static ObjectNode run(JsonNode msg, String line) {
    long start = System.nanoTime();
    int seq = msg.path("seq").asInt();
    long deadlineMs = msg.path("deadlineMs").asLong(30000);
    // Keep a margin to reply before the runner gives up.
    long deadlineNanos = start + Math.max(100L, deadlineMs * 8 / 10) * 1_000_000L;
    ObjectNode r = Json.M.createObjectNode();
    r.put("type", "errored");
    r.put("seq", seq);
    JsonNode kase = msg.path("case");
    Capture.resetCase();
    try (CaseLoader loader = CaseLoader.create()) {
      String settings = null;
      try {
        settings = Json.rawCaseSettings(line);
      } catch (IOException e) {
        // fall through to the parsed copy
      }
      if (settings == null) {
        settings = kase.path("settings").toString();
      }
      ObjectNode outcome = loader.driver().run(kase, settings, deadlineNanos);
      r.put("type", "result");
      r.set("outcome", outcome);
    } catch (Skip s) {
      r.put("type", "skipped");
      r.put("reason", s.getMessage());
    } catch (Throwable t) {
      r.put("type", "errored");
      r.put("message", "adapter: " + t);
      r.put("trace", trace(t));
    } finally {
      Capture.resetCase();
    }
    return r;
  }

  static String trace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    String s = w.toString();
    return s.length() > 8000 ? s.substring(0, 8000) + "…" : s;
  }
}
