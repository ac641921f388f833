package conform.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vwo.VWO;
import com.vwo.enums.GoalEnums;
import com.vwo.enums.UriEnums;
import com.vwo.models.Campaign;
import com.vwo.services.http.HttpRequest;
import com.vwo.services.settings.SettingFile;
import conform.Capture;
import conform.CaseRunner;
import conform.Json;
import conform.SettingsFit;
import conform.Skip;
import conform.Thrown;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs one case on vwo-java-sdk 1.10.0, in the case's own class loader
 * ({@link conform.CaseLoader}). Every translation from the protocol (which
 * speaks vwo-node-sdk's names and JavaScript values) to the Java API is
 * here, in {@link conform.SettingsFit} and in {@link MemoryStorage};
 * README.md lists them.
 */
public final class Driver implements CaseRunner {

  @Override
  public String sdkVersion() {
    return UriEnums.SDK_VERSION.toString();
  }

  @Override
  public String describeShadow() throws Exception {
    Class<?> shadow = com.vwo.services.http.HttpClient.class;
    Field mark = shadow.getField("VWO_CONFORM_SHADOW");
    Field used = HttpRequest.class.getDeclaredField("httpClient");
    if (used.getType() != shadow) {
      throw new IllegalStateException("HttpRequest.httpClient is " + used.getType() + " from "
          + used.getType().getClassLoader() + ", not the shadow class");
    }
    return mark.get(null) + " loaded from "
        + shadow.getProtectionDomain().getCodeSource().getLocation()
        + "; SDK from " + VWO.class.getProtectionDomain().getCodeSource().getLocation();
  }

  // ---------------------------------------------------------------- a case

  /** One translated step. */
  static final class Step {
    String op;
    Object campaignKey;
    String userId;
    String goalIdentifier;
    boolean withParams;
    VWO.AdditionalParams params;
  }

  /** Reads SDK statics for the isolation self-test (README.md, "Isolation"). */
  @Override
  public String probe() throws Exception {
    Field f = com.vwo.logger.Logger.class.getDeclaredField("customLogger");
    f.setAccessible(true);
    Object v = f.get(null);
    return "loader@" + Integer.toHexString(System.identityHashCode(getClass().getClassLoader()))
        + " Logger.customLogger=" + (v == null ? "null" : v.getClass().getName());
  }

  @Override
  public ObjectNode run(JsonNode c, String settingsText, long deadlineNanos) throws Exception {
    // Translate everything before launching, so that a case is skipped whole.
    String id = c.path("id").asText();
    SettingsFit.Fitted settings = SettingsFit.fit(id, settingsText);
    JsonNode launch = c.get("launch");
    JsonNode storageSpec = c.get("storage");
    List<Step> steps = new ArrayList<>();
    JsonNode stepsNode = c.get("steps");
    if (stepsNode == null || !stepsNode.isArray()) {
      throw new IllegalArgumentException("case has no steps");
    }
    for (int i = 0; i < stepsNode.size(); i++) {
      steps.add(step(i, stepsNode.get(i)));
    }

    List<String> logs = new ArrayList<>();
    if (!settings.removed.isEmpty()) {
      logs.add("adapter: settings members left out for the 1.10.0 model (README.md, \"Settings\"): "
          + String.join(", ", settings.removed));
    }
    MemoryStorage storage = null;
    if (storageSpec != null && !storageSpec.isNull()) {
      storage = new MemoryStorage(storageSpec);
    }
    VWO.Builder builder = VWO.launch(settings.text);
    if (builder == null) {
      throw new IllegalStateException("VWO.launch returned null");
    }
    applyLaunch(builder, launch);
    if (storage != null) {
      builder.withUserStorage(storage);
    }
    if (Boolean.getBoolean("conform.test.customLogger")) {
      builder.withCustomLogger(new TestLogger()); // self-test only: sets the SDK's static Logger.customLogger
    }
    ObjectNode outcome = Json.M.createObjectNode();
    ArrayNode outSteps = outcome.putArray("steps");
    VWO vwo = null;
    try {
      vwo = builder.build();
    } catch (Throwable t) {
      // An exception out of the launch is not a step's (protocol §2): every
      // call of an instance the SDK refused returns null (R-LAUNCH-2).
      logs.add("adapter: VWO.Builder.build() threw " + Thrown.message(t) + "; every step returns null");
    }
    logs.addAll(Capture.takeLogs());
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      Capture.takeHits(); // nothing may be carried over
      Set<Thread> before = Capture.liveThreads();
      JsonNode ret;
      if (vwo == null) {
        ret = Json.M.nullNode();
      } else {
        try {
          Map<String, Boolean> m = s.withParams
              ? vwo.track(s.campaignKey, s.userId, s.goalIdentifier, s.params)
              : vwo.track(s.campaignKey, s.userId, s.goalIdentifier);
          ret = canonical(m, s, vwo, logs);
        } catch (Throwable t) {
          // An exception out of the SDK is the step's answer (protocol §2).
          ret = Json.M.createObjectNode().put("thrown", Thrown.message(t));
          logs.add("adapter: step " + (i + 1) + ": track threw " + Thrown.trace(t));
        }
      }
      if (!Capture.awaitQuiet(before, deadlineNanos)) {
        throw new IllegalStateException("step " + i + ": an SDK request thread was still running at the deadline");
      }
      int pending = Capture.pending();
      if (pending > 0) {
        Capture.log("adapter: step " + i + ": " + pending + " HttpClient(s) were constructed but sent nothing");
        Capture.forgetPending();
      }
      ObjectNode so = outSteps.addObject();
      so.set("return", ret);
      ArrayNode hits = so.putArray("hits");
      for (Capture.Hit h : Capture.takeHits()) {
        ObjectNode ho = hits.addObject();
        ho.put("method", h.method);
        ho.put("path", h.path);
        ho.put("rawQuery", h.rawQuery);
        ArrayNode hs = ho.putArray("headers");
        for (String[] kv : h.headers) {
          hs.addObject().put("name", kv[0]).put("value", kv[1]);
        }
        if (h.body != null && !h.body.isEmpty()) {
          ho.put("body", h.body);
        }
      }
      logs.addAll(Capture.takeLogs());
    }
    if (storage != null) {
      outcome.set("storage", storage.dump());
    }
    if (!logs.isEmpty()) {
      ArrayNode l = outcome.putArray("logs");
      for (String s : logs) {
        l.add(s);
      }
    }
    return outcome;
  }

  @Override
  public ObjectNode selfTestSend(String domain, String path, long deadlineNanos) throws Exception {
    Capture.takeHits();
    Capture.takeLogs();
    Set<Thread> before = Capture.liveThreads();
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("q", "a b");
    HttpRequest.send(new com.vwo.services.http.HttpParams(domain, path, q, com.vwo.enums.HTTPEnums.Verbs.GET));
    if (!Capture.awaitQuiet(before, deadlineNanos)) {
      throw new IllegalStateException("the SDK's request thread was still running at the deadline");
    }
    ObjectNode out = Json.M.createObjectNode();
    ArrayNode hits = out.putArray("hits");
    for (Capture.Hit h : Capture.takeHits()) {
      hits.add(h.method + " " + h.path + "?" + h.rawQuery);
    }
    out.put("pending", Capture.pending());
    Capture.forgetPending();
    ArrayNode logs = out.putArray("logs");
    for (String l : Capture.takeLogs()) {
      logs.add(l);
    }
    return out;
  }

  /** A VWOLogger for the isolation self-test; it writes nothing. */
  static final class TestLogger extends com.vwo.logger.VWOLogger {
    TestLogger() {
      super(VWO.Enums.LOGGER_LEVEL.ERROR.value());
    }

    @Override public void trace(String var1, Object... var2) { }
    @Override public void debug(String var1, Object... var2) { }
    @Override public void info(String var1, Object... var2) { }
    @Override public void warn(String var1, Object... var2) { }
    @Override public void error(String var1, Object... var2) { }
  }

  // ---------------------------------------------------------- translation

  static void applyLaunch(VWO.Builder b, JsonNode launch) throws Skip {
    if (launch == null || launch.isNull()) {
      return;
    }
    if (!launch.isObject()) {
      throw new Skip("launch is " + type(launch) + "; the Java builder takes options one by one");
    }
    Iterator<Map.Entry<String, JsonNode>> it = launch.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      JsonNode v = e.getValue();
      switch (k) {
        case "goalTypeToTrack":
          b.withGoalTypeToTrack(goalType("launch.goalTypeToTrack", v, false));
          break;
        case "isDevelopmentMode":
          if (!v.isBoolean()) {
            throw new Skip("launch.isDevelopmentMode is " + type(v) + "; withDevelopmentMode takes a boolean");
          }
          b.withDevelopmentMode(v.booleanValue());
          break;
        case "shouldTrackReturningUser":
          if (!v.isBoolean()) {
            throw new Skip("launch.shouldTrackReturningUser is " + type(v) + "; withShouldTrackReturningUser takes a boolean");
          }
          b.withShouldTrackReturningUser(v.booleanValue());
          break;
        case "batchEvents":
          throw new Skip("launch.batchEvents: vwo-java-sdk 1.10.0 has no event batching (no withBatchEvents)");
        default:
          throw new Skip("launch option " + k + " has no vwo-java-sdk 1.10.0 equivalent"
              + (k.equals("logging") ? " (log levels need withCustomLogger)" : ""));
      }
    }
  }

  static int intOf(String what, JsonNode v) throws Skip {
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new Skip(what + " is " + type(v) + "; the Java field is an int");
    }
    return v.intValue();
  }

  static GoalEnums.GOAL_TYPES goalType(String what, JsonNode v, boolean nullable) throws Skip {
    if (v.isNull() && nullable) {
      return null;
    }
    if (v.isTextual()) {
      for (GoalEnums.GOAL_TYPES g : GoalEnums.GOAL_TYPES.values()) {
        if (g.value().equals(v.asText())) {
          return g;
        }
      }
      throw new Skip(what + " " + v + " is not a value of the Java enum GoalEnums.GOAL_TYPES (REVENUE_TRACKING, CUSTOM_GOAL, ALL)");
    }
    throw new Skip(what + " is " + type(v) + "; the Java parameter is the enum GoalEnums.GOAL_TYPES");
  }

  static Step step(int i, JsonNode n) throws Skip {
    Step s = new Step();
    String op = n.path("op").asText();
    s.op = op;
    if (op.equals("flush")) {
      throw new Skip("step " + (i + 1) + " is a flush: vwo-java-sdk 1.10.0 has no flushEvents");
    }
    if (!op.equals("track")) {
      throw new IllegalArgumentException("step " + i + ": unknown op " + op);
    }
    JsonNode t = n.get("track");
    if (t == null || !t.isObject()) {
      throw new IllegalArgumentException("step " + i + ": track is missing");
    }
    String at = "steps[" + i + "].track.";
    // campaignKey: absent (JavaScript undefined) and null are both Java null.
    JsonNode ck = t.get("campaignKey");
    if (ck == null || ck.isNull()) {
      s.campaignKey = null;
    } else if (ck.isTextual()) {
      s.campaignKey = ck.asText();
    } else if (ck.isArray()) {
      // Strings (and nulls) are a String[], as a Java program writes a key
      // list. Any other element makes it an Object[] of natural values:
      // track(Object, ...) accepts it and the SDK decides (1.10.0 casts the
      // specifier to String[], fails, logs and returns null).
      boolean strings = true;
      for (JsonNode e : ck) {
        strings &= e.isTextual() || e.isNull();
      }
      if (strings) {
        String[] keys = new String[ck.size()];
        for (int k = 0; k < keys.length; k++) {
          keys[k] = ck.get(k).isNull() ? null : ck.get(k).asText();
        }
        s.campaignKey = keys;
      } else {
        Object[] keys = new Object[ck.size()];
        for (int k = 0; k < keys.length; k++) {
          keys[k] = ck.get(k).isNull() ? null : Json.M.convertValue(ck.get(k), Object.class);
        }
        s.campaignKey = keys;
      }
    } else {
      // track(Object, ...) accepts any object: pass the natural Java value.
      s.campaignKey = Json.M.convertValue(ck, Object.class);
    }
    s.userId = string(at + "userId", t.get("userId"));
    s.goalIdentifier = string(at + "goalIdentifier", t.get("goalIdentifier"));
    JsonNode o = t.get("options");
    if (o == null) {
      s.withParams = false; // track(campaignKey, userId, goalIdentifier)
      return s;
    }
    s.withParams = true;
    if (o.isNull()) {
      s.params = null; // track(..., null): the SDK uses empty params
      return s;
    }
    if (!o.isObject()) {
      throw new Skip(at + "options is " + type(o) + "; the Java parameter is a VWOAdditionalParams");
    }
    VWO.AdditionalParams p = new VWO.AdditionalParams();
    Iterator<Map.Entry<String, JsonNode>> it = o.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String k = e.getKey();
      switch (k) {
        case "revenueValue":
          p.setRevenueValue(v.isNull() ? null : Json.M.convertValue(v, Object.class));
          break;
        case "customVariables":
          p.setCustomVariables(map(at + "options.customVariables", v));
          break;
        case "variationTargetingVariables":
          p.setVariationTargetingVariables(map(at + "options.variationTargetingVariables", v));
          break;
        case "goalTypeToTrack":
          p.setGoalTypeToTrack(goalType(at + "options.goalTypeToTrack", v, true));
          break;
        case "shouldTrackReturningUser":
          if (!v.isNull() && !v.isBoolean()) {
            throw new Skip(at + "options.shouldTrackReturningUser is " + type(v) + "; the Java field is a Boolean");
          }
          p.setShouldTrackReturningUser(v.isNull() ? null : v.booleanValue());
          break;
        case "eventProperties":
        case "userAgent":
        case "userIpAddress":
        case "userStorageData":
        case "metaData":
          throw new Skip(at + "options." + k + " has no vwo-java-sdk 1.10.0 equivalent (VWOAdditionalParams has no such field)");
        default:
          // vwo-node-sdk ignores options it does not know; Java cannot even be given them.
          break;
      }
    }
    s.params = p;
    return s;
  }

  static String string(String what, JsonNode v) throws Skip {
    if (v == null || v.isNull()) {
      return null; // absent (undefined) and null are both Java null
    }
    if (!v.isTextual()) {
      throw new Skip(what + " is " + type(v) + "; the Java parameter is a String");
    }
    return v.asText();
  }

  @SuppressWarnings("unchecked")
  static Map<String, ?> map(String what, JsonNode v) throws Skip {
    if (v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw new Skip(what + " is " + type(v) + "; the Java parameter is a Map<String, ?>");
    }
    return Json.M.convertValue(v, LinkedHashMap.class);
  }

  static String type(JsonNode v) {
    if (v == null) {
      return "absent";
    }
    switch (v.getNodeType()) {
      case ARRAY: return "an array";
      case OBJECT: return "an object";
      case NUMBER: return "a number";
      case BOOLEAN: return "a boolean";
      case STRING: return "a string";
      case NULL: return "null";
      default: return v.getNodeType().toString().toLowerCase();
    }
  }

  /**
   * The SDK returns a HashMap; its order says nothing. The canonical object
   * lists the keys in the order of the call's campaign list, rebuilt with the
   * SDK's own lookup: a null specifier lists the settings' campaigns in
   * order; a String or String[] specifier lists, per element,
   * {@code SettingFile.getCampaign(element).getKey()} or the element itself
   * when there is no such campaign. Keys the list does not explain (none
   * expected) follow, sorted, with a log line.
   */
  static JsonNode canonical(Map<String, Boolean> m, Step s, VWO vwo, List<String> logs) {
    if (m == null) {
      return Json.M.nullNode();
    }
    List<String> order = new ArrayList<>();
    Capture.setLogging(false);
    try {
      SettingFile sf = vwo.getSettingFile();
      if (sf != null && sf.getSettings() != null) {
        if (s.campaignKey == null) {
          List<Campaign> cs = sf.getSettings().getCampaigns();
          if (cs != null) {
            for (Campaign c : cs) {
              order.add(c.getKey());
            }
          }
        } else if (s.campaignKey instanceof String || s.campaignKey instanceof String[]) {
          String[] keys = s.campaignKey instanceof String
              ? new String[] {(String) s.campaignKey} : (String[]) s.campaignKey;
          for (String k : keys) {
            Campaign c = k == null ? null : sf.getCampaign(k);
            order.add(c != null ? c.getKey() : k);
          }
        }
      }
    } catch (RuntimeException e) {
      // A settings file the SDK reads but cannot search (a campaign without
      // a key): the order falls back to the sorted keys below.
      logs.add("adapter: cannot rebuild the campaign list for key order: " + e);
    } finally {
      Capture.setLogging(true);
    }
    ObjectNode out = Json.M.createObjectNode();
    for (String k : order) {
      if (k != null && m.containsKey(k) && !out.has(k)) {
        out.put(k, m.get(k));
      }
    }
    TreeSet<String> rest = new TreeSet<>();
    for (String k : m.keySet()) {
      if (k != null && !out.has(k)) {
        rest.add(k);
      }
    }
    if (!rest.isEmpty()) {
      logs.add("adapter: keys not in the campaign list, appended sorted: " + rest);
      for (String k : rest) {
        out.put(k, m.get(k));
      }
    }
    if (m.containsKey(null)) {
      logs.add("adapter: the SDK returned a null key (not representable in JSON), value " + m.get(null));
    }
    return out;
  }
}
