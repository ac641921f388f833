package conform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The adapter's JSON tools (Jackson, the version the SDK itself depends on). */
public final class Json {
  private Json() {}

  public static final ObjectMapper M = new ObjectMapper();

  /**
   * The exact text of {@code message.case.settings} in a run line, so the SDK
   * gets the settings as the runner sent them (numbers keep their spelling).
   * Null when the member is missing.
   */
  public static String rawCaseSettings(String line) throws java.io.IOException {
    JsonFactory f = M.getFactory();
    try (JsonParser p = f.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.getCurrentName();
        JsonToken t = p.nextToken();
        if (name.equals("case") && t == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String inner = p.getCurrentName();
            p.nextToken();
            if (inner.equals("settings")) {
              int start = (int) p.getTokenLocation().getCharOffset();
              p.skipChildren();
              int end = (int) p.getCurrentLocation().getCharOffset();
              return line.substring(start, end);
            }
            p.skipChildren();
          }
          return null;
        }
        p.skipChildren();
      }
      return null;
    }
  }
}
