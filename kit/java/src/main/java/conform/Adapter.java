package conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import conform.protocol.Protocol;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

/**
 * The vwo-conform adapter __NAME__, for a Java SDK, written by
 * {@code vwo-conform new-adapter -language java}. It speaks the adapter
 * protocol through {@link Protocol} (vwo-conform's own loop: do not edit it)
 * and answers every case, but no SDK is wired in yet: every step returns
 * {@code {"thrown": "java.lang.UnsupportedOperationException: not implemented: …"}},
 * so every case fails until the places marked TODO(sdk) call the real SDK.
 * README.md says what to do.
 */
public final class Adapter {
  private Adapter() {}

  static final String ADAPTER_NAME = "__NAME__";
  static final String ADAPTER_VERSION = "0.1.0";
  // TODO(sdk): the SDK's artifact, and its version as installed.
  static final String SDK_NAME = "unwired-sdk";
  static final String SDK_VERSION = "0.0.0";

  /**
   * What this adapter can really do (spec/protocol.md, "Capabilities"). A
   * case that needs a capability not listed is skipped, so list one only
   * when the adapter passes it on to the SDK: user-storage once launch gives
   * the SDK the MemoryStorage, clock and random once the SDK reads
   * {@link Clock}, and so on.
   */
  static final List<String> CAPABILITIES = Collections.emptyList();

  public static void main(String[] args) throws Exception {
    PrintStream out = Protocol.stdout();
    Capture.install();
    int status = Protocol.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out,
        new Protocol.Handler() {
          @Override
          public ObjectNode hello(JsonNode msg) {
            return Protocol.hello(msg, SDK_NAME, SDK_VERSION, ADAPTER_NAME, ADAPTER_VERSION, "java", CAPABILITIES);
          }

          @Override
          public ObjectNode run(JsonNode msg, String line) {
            return Protocol.reply(msg, () -> runCase(msg.path("case")));
          }
        });
    out.flush();
    // An SDK can leave non-daemon threads behind: exit anyway.
    System.exit(status);
  }

  /**
   * The case's time and randomness: {@link #nowMs} is clock.nowMs,
   * {@link #random} returns clock.random in turn, cycling. TODO(sdk): make
   * the SDK read them where it reads System.currentTimeMillis and
   * Math.random (a hook it offers, or a shadow class on the class path).
   */
  public static final class Clock {
    private final long nowMs;
    private final double[] random;
    private int next;

    Clock(JsonNode clock) {
      nowMs = clock.path("nowMs").asLong();
      random = new double[Math.max(1, clock.path("random").size())];
      random[0] = 0.5;
      for (int i = 0; i < clock.path("random").size(); i++) {
        random[i] = clock.path("random").get(i).asDouble();
      }
    }

    public long nowMs() {
      return nowMs;
    }

    public synchronized double random() {
      return random[next++ % random.length];
    }
  }

  /** Stands for the SDK instance until launch makes a real one. */
  static final class Instance {
    JsonNode track(JsonNode campaignKey, JsonNode userId, JsonNode goalIdentifier, JsonNode options) {
      throw new UnsupportedOperationException("not implemented: launch and track (TODO(sdk) in Adapter.java)");
    }

    JsonNode flushEvents() {
      throw new UnsupportedOperationException("not implemented: launch and flushEvents (TODO(sdk) in Adapter.java)");
    }
  }

  /**
   * A fresh SDK instance for one case; null when the SDK refuses the launch
   * (every step then returns null). Isolation: no state may leak from one
   * case to the next, so reset the SDK's static state, or load it in a class
   * loader of its own per case. Throw a {@link Protocol.Skip} for a case
   * the SDK cannot express.
   */
  static Instance launch(JsonNode kase, Clock clock, MemoryStorage storage) throws Protocol.Skip {
    // TODO(sdk): for example
    //   VWO.launch(kase.path("settings").toString()).withUserStorage(storage).build();
    // kase.path("launch") holds launch options in vwo-node-sdk's names: translate them.
    return new Instance();
  }

  /**
   * Makes one step's SDK call and returns its return value in the protocol's
   * canonical form: for track an object mapping campaign keys to booleans, or
   * null; for flush {status, message}. A missing member of step.track is
   * JavaScript undefined; a null one is null.
   */
  static JsonNode call(Instance sdk, JsonNode step) {
    JsonNode t = step.path("track");
    switch (step.path("op").asText()) {
      case "track":
        // TODO(sdk): convert the arguments to the SDK's types; a value the
        // SDK's signature cannot take is a Protocol.Skip.
        return sdk.track(t.get("campaignKey"), t.get("userId"), t.get("goalIdentifier"), t.get("options"));
      case "flush":
        return sdk.flushEvents();
      default:
        throw new IllegalArgumentException("unknown step op " + step.path("op"));
    }
  }

  /** The protocol's answer for an exception out of the SDK. */
  static ObjectNode thrown(Throwable t) {
    String s = String.valueOf(t).replaceAll("\\s+", " ").trim();
    if (s.codePointCount(0, s.length()) > 200) {
      s = s.substring(0, s.offsetByCodePoints(0, 200));
    }
    return JsonNodeFactory.instance.objectNode().put("thrown", s);
  }

  /** Runs one case on a fresh SDK instance; returns its outcome. */
  static ObjectNode runCase(JsonNode kase) throws Protocol.Skip {
    Clock clock = new Clock(kase.path("clock"));
    MemoryStorage storage = kase.has("storage") ? new MemoryStorage(kase.path("storage")) : null;
    ObjectNode outcome = JsonNodeFactory.instance.objectNode();
    ArrayNode steps = outcome.putArray("steps");
    Capture.take();
    Instance sdk = launch(kase, clock, storage);
    Capture.take(); // hits of the launch belong to no step
    for (JsonNode step : kase.path("steps")) {
      ObjectNode s = steps.addObject();
      JsonNode ret = null;
      if (sdk != null) {
        try {
          ret = call(sdk, step);
        } catch (Exception e) {
          ret = thrown(e);
        }
      }
      s.set("return", ret == null ? JsonNodeFactory.instance.nullNode() : ret);
      // TODO(sdk): wait for the SDK's background sends before taking the hits.
      s.set("hits", Capture.take());
    }
    if (storage != null) {
      outcome.set("storage", storage.dump());
    }
    return outcome;
  }
}
