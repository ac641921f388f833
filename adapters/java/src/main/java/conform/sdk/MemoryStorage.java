package conform.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vwo.services.storage.Storage;
import conform.Json;
import conform.Skip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The case's user storage service as a Java {@code Storage.User}.
 *
 * <p>Translation from vwo-node-sdk's record {@code {userId, variationName,
 * campaignKey, goalIdentifier?, metaData?}} to the Java SDK's
 * {@code Map<String, String>} (the same key names, Storage.User's
 * constants):
 * <ul>
 * <li>a string member is copied; a null member is kept as a null value; a
 * member the SDK reads ({@code userId}, {@code variationName},
 * {@code campaignKey}, {@code goalIdentifier}) of another type cannot be
 * returned by a Java storage service: the case is skipped; any other member
 * that is a number or boolean becomes its JSON text, and an object or array
 * (metaData) has no place in a {@code Map<String, String>} and is left out
 * of the map the SDK sees;</li>
 * <li>records are keyed by (userId, campaignKey) as strings; {@code get}
 * returns a copy (the SDK mutates the map it gets and writes it back with
 * {@code set}); {@code set} replaces the record for its key, keeping the
 * key's first-write position.</li>
 * </ul>
 * Back to node's shape ({@link #dump}): a record the SDK never wrote is
 * returned exactly as seeded. A record the SDK wrote is
 * {@code {userId, variationName, campaignKey[, goalIdentifier]}} from its
 * map, then any other keys of the map in the map's order; the Java SDK
 * writes its goal list as each goal followed by {@code _vwo_}
 * ({@code CUSTOM_vwo_REVENUE_vwo_}), node as goals joined by {@code _vwo_}
 * ({@code CUSTOM_vwo_REVENUE}), so one trailing {@code _vwo_} is removed.
 */
final class MemoryStorage implements Storage.User {
  static final String DELIM = "_vwo_";

  static final class Record {
    ObjectNode seed; // node-shape record as seeded; null once the SDK wrote it
    Map<String, String> map;
  }

  private final LinkedHashMap<List<String>, Record> records = new LinkedHashMap<>();
  private final String fail;

  /** The members of a record the SDK reads, which a Java program can only give as strings. */
  static final List<String> READ = Arrays.asList(
      Storage.User.userId, Storage.User.variationKey, Storage.User.campaignKey, Storage.User.goalIdentifier);

  MemoryStorage(JsonNode storage) throws Skip {
    JsonNode f = storage.get("fail");
    this.fail = f == null || f.isNull() ? null : f.asText();
    JsonNode recs = storage.get("records");
    if (recs != null && recs.isArray()) {
      for (int i = 0; i < recs.size(); i++) {
        JsonNode r = recs.get(i);
        if (!r.isObject()) {
          continue;
        }
        for (String k : READ) {
          JsonNode v = r.get(k);
          if (v != null && !v.isTextual() && !v.isNull()) {
            throw new Skip("storage.records[" + i + "]." + k + " is " + Driver.type(v)
                + ": a vwo-java-sdk Storage.User record is a Map<String, String>, so a Java storage service cannot return it");
          }
        }
        Map<String, String> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = r.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode v = e.getValue();
          if (v.isTextual()) {
            m.put(e.getKey(), v.asText());
          } else if (v.isNull()) {
            m.put(e.getKey(), null);
          } else if (v.isValueNode()) {
            m.put(e.getKey(), v.toString());
          }
        }
        Record rec = new Record();
        rec.seed = ((ObjectNode) r).deepCopy();
        rec.map = m;
        put(key(m), rec);
      }
    }
  }

  static List<String> key(Map<String, String> m) {
    return Arrays.asList(m.get(Storage.User.userId), m.get(Storage.User.campaignKey));
  }

  private void put(List<String> key, Record rec) {
    records.put(key, rec); // a LinkedHashMap keeps the first insertion's position on replace
  }

  @Override
  public synchronized Map<String, String> get(String userId, String campaignKey) throws Exception {
    if ("get".equals(fail)) {
      throw new Exception("vwo-conform storage: get fails (case storage.fail = get)");
    }
    if (Boolean.getBoolean("conform.test.getThrowsError")) {
      // Self-test only (SelfTest, "an exception out of track"): an Error
      // passes the SDK's catch (Exception) blocks and escapes track.
      throw new AssertionError("vwo-conform self-test: storage get raised an Error");
    }
    Record r = records.get(Arrays.asList(userId, campaignKey));
    return r == null ? null : new HashMap<>(r.map);
  }

  @Override
  public synchronized void set(Map<String, String> userData) throws Exception {
    if ("set".equals(fail)) {
      throw new Exception("vwo-conform storage: set fails (case storage.fail = set)");
    }
    Record r = new Record();
    r.map = new LinkedHashMap<>(userData);
    put(key(r.map), r);
  }

  /** The records in first-write order, in node's shape. */
  synchronized ArrayNode dump() {
    ArrayNode out = Json.M.createArrayNode();
    for (Record r : records.values()) {
      if (r.seed != null) {
        out.add(r.seed);
        continue;
      }
      ObjectNode o = out.addObject();
      List<String> first = new ArrayList<>(Arrays.asList(
          Storage.User.userId, Storage.User.variationKey, Storage.User.campaignKey, Storage.User.goalIdentifier));
      for (String k : first) {
        if (r.map.containsKey(k)) {
          String v = r.map.get(k);
          if (k.equals(Storage.User.goalIdentifier) && v != null && v.endsWith(DELIM)) {
            v = v.substring(0, v.length() - DELIM.length());
          }
          o.put(k, v);
        }
      }
      for (Map.Entry<String, String> e : r.map.entrySet()) {
        if (!first.contains(e.getKey())) {
          o.put(e.getKey(), e.getValue());
        }
      }
    }
    return out;
  }
}
