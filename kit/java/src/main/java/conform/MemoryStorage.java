package conform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The case's user storage service, in memory, seeded with the case's
 * records. Records have vwo-node-sdk's shape {userId, variationName,
 * campaignKey, goalIdentifier?, metaData?}; translate them to and from the
 * SDK's shape in get and set if it differs.
 *
 * <p>TODO(sdk): implement the SDK's storage interface with these methods.
 */
public final class MemoryStorage {
  private final Map<String, JsonNode> records = new LinkedHashMap<>(); // first-write order
  private final String fail;

  public MemoryStorage(JsonNode storage) {
    fail = storage.path("fail").asText("");
    for (JsonNode r : storage.path("records")) {
      records.put(key(r.path("userId").asText(), r.path("campaignKey").asText()), r);
    }
  }

  private static String key(String userId, String campaignKey) {
    return campaignKey + ":" + userId;
  }

  public synchronized JsonNode get(String userId, String campaignKey) {
    if (fail.equals("get")) {
      throw new IllegalStateException("storage get failed");
    }
    return records.get(key(userId, campaignKey));
  }

  public synchronized void set(JsonNode record) {
    if (fail.equals("set")) {
      throw new IllegalStateException("storage set failed");
    }
    records.put(key(record.path("userId").asText(), record.path("campaignKey").asText()), record);
  }

  /** The outcome's storage: the records in first-write order. */
  public synchronized ArrayNode dump() {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    out.addAll(records.values());
    return out;
  }
}
