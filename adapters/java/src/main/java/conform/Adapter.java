package conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import conform.protocol.Protocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
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

  static final int PROTOCOL = Protocol.VERSION;
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
    PrintStream protocol = Protocol.stdout();
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

  /**
   * The protocol loop, vwo-conform's one for Java (kit/java/protocol, the
   * file {@code vwo-conform new-adapter -language java} copies into a new
   * adapter); returns the exit status.
   */
  static int serve(BufferedReader in, PrintStream out) throws IOException {
    return Protocol.serve(in, out, new Protocol.Handler() {
      @Override
      public ObjectNode hello(JsonNode msg) {
        return Adapter.hello(msg);
      }

      @Override
      public ObjectNode run(JsonNode msg, String line) {
        return Adapter.run(msg, line);
      }
    });
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
    return Protocol.hello(msg, SDK_NAME, sdkVersion, ADAPTER_NAME, ADAPTER_VERSION, LANGUAGE, CAPABILITIES);
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
    long deadlineMs = msg.path("deadlineMs").asLong(30000);
    // Keep a margin to reply before the runner gives up.
    long deadlineNanos = start + Math.max(100L, deadlineMs * 8 / 10) * 1_000_000L;
    JsonNode kase = msg.path("case");
    Capture.resetCase();
    try {
      return Protocol.reply(msg, () -> {
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
          return loader.driver().run(kase, settings, deadlineNanos);
        }
      });
    } finally {
      Capture.resetCase();
    }
  }
}
