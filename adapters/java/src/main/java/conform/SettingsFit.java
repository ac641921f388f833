package conform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fits a case's settings to vwo-java-sdk 1.10.0's settings model.
 *
 * <p>1.10.0 reads the settings with Jackson into {@code com.vwo.models}
 * classes whose {@code Campaign} (and {@code Variable}) accept no member
 * they do not declare: one such member makes the launch fail
 * (UnrecognizedPropertyException, logged) and every call return null.
 * {@code Settings}, {@code Goal} and {@code Variation} keep unknown members
 * aside ({@code @JsonAnySetter}) and launch. Three rules, in this order
 * (README.md, "Settings"; spec/decisions.md D-80):
 *
 * <ol>
 * <li><b>As given.</b> The cases in {@link #AS_GIVEN} check that the SDK
 * tolerates optional settings members; they get the settings exactly as
 * sent, and vwo-java-sdk 1.10.0 fails them (D-80).</li>
 * <li><b>Skipped.</b> Settings that use a feature 1.10.0 does not have:
 * a campaign with {@code isBucketingSeedEnabled}, {@code isMAB},
 * {@code isUserListEnabled}, {@code isOB} or {@code isOBv2} set to
 * {@code true}; settings with {@code isNB} or {@code isNBv2} true, or with a
 * {@code collectionPrefix} (a string; R-HIT-6). The reason names the
 * member. (Event architecture and groups are capabilities the adapter does
 * not claim: the runner skips those cases before they get here.)</li>
 * <li><b>Translated.</b> Members of a campaign that the 1.10.0 model lacks
 * and whose value cannot change what spec/track.md says track does are
 * left out: {@code name} (track never reads a campaign's name, and
 * R-LAUNCH-1 does not type it) and the five flags above when they are
 * {@code false} (each flag's default: absent and false read alike,
 * R-LAUNCH-1, R-BUCK-1, R-LIST-1, R-WL-1). Nothing else is changed: a flag
 * of another type (which R-LAUNCH-1 rejects), a member no rule names, or a
 * member of another object is passed on, and the SDK decides.</li>
 * </ol>
 *
 * <p>Settings that need no change are passed as the exact text the runner
 * sent; translated settings are that text re-serialised by Jackson with
 * every number kept as written (big decimals, big integers).
 */
public final class SettingsFit {
  private SettingsFit() {}

  /** Cases whose point is that optional settings members are tolerated: no translation. */
  public static final Set<String> AS_GIVEN = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
      "launch/settings/optional-fields-valid")));

  /** Campaign flags the 1.10.0 model lacks; false is their default. */
  static final List<String> FLAGS = Arrays.asList(
      "isBucketingSeedEnabled", "isMAB", "isUserListEnabled", "isOB", "isOBv2");

  private static final ObjectMapper EXACT = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  /** What to hand the SDK. */
  public static final class Fitted {
    /** The settings text for {@code VWO.launch}. */
    public final String text;
    /** The members left out, as JSON paths ("campaigns[0].name"); empty when none. */
    public final List<String> removed;

    Fitted(String text, List<String> removed) {
      this.text = text;
      this.removed = removed;
    }
  }

  /**
   * The settings for the SDK.
   *
   * @param caseId the case id (rule 1)
   * @param raw    the settings exactly as the runner sent them
   * @throws Skip when the settings use a feature 1.10.0 does not have (rule 2)
   */
  public static Fitted fit(String caseId, String raw) throws Skip {
    if (AS_GIVEN.contains(caseId)) {
      return new Fitted(raw, Collections.emptyList());
    }
    JsonNode root;
    try {
      root = EXACT.readTree(raw);
    } catch (JsonProcessingException e) {
      return new Fitted(raw, Collections.emptyList());
    }
    if (root == null || !root.isObject()) {
      return new Fitted(raw, Collections.emptyList());
    }
    for (String k : new String[] {"isNB", "isNBv2"}) {
      if (root.path(k).isBoolean() && root.path(k).booleanValue()) {
        throw new Skip("settings." + k + " is true: vwo-java-sdk 1.10.0 has no " + k
            + " bucketing (R-BUCK-1…R-BUCK-4); its settings model ignores the member");
      }
    }
    if (root.path("collectionPrefix").isTextual()) {
      throw new Skip("settings.collectionPrefix is set: vwo-java-sdk 1.10.0 has no collection prefix (R-HIT-6)");
    }
    List<String> removed = new ArrayList<>();
    JsonNode campaigns = root.get("campaigns");
    if (campaigns != null && campaigns.isArray()) {
      for (int i = 0; i < campaigns.size(); i++) {
        JsonNode c = campaigns.get(i);
        if (!c.isObject()) {
          continue;
        }
        for (String f : FLAGS) {
          JsonNode v = c.get(f);
          if (v != null && v.isBoolean() && v.booleanValue()) {
            throw new Skip("settings.campaigns[" + i + "]." + f + " is true: vwo-java-sdk 1.10.0 has no " + f
                + " (its Campaign model lacks the member and refuses the settings)");
          }
        }
      }
      for (int i = 0; i < campaigns.size(); i++) {
        JsonNode c = campaigns.get(i);
        if (!c.isObject()) {
          continue;
        }
        ObjectNode o = (ObjectNode) c;
        if (o.has("name")) {
          o.remove("name");
          removed.add("campaigns[" + i + "].name");
        }
        for (String f : FLAGS) {
          JsonNode v = o.get(f);
          if (v != null && v.isBoolean() && !v.booleanValue()) {
            o.remove(f);
            removed.add("campaigns[" + i + "]." + f);
          }
        }
      }
    }
    if (removed.isEmpty()) {
      return new Fitted(raw, removed);
    }
    try {
      return new Fitted(EXACT.writeValueAsString(root), removed);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("re-serialising the settings: " + e, e);
    }
  }
}
