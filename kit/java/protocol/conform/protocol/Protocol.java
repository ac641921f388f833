package conform.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UnsupportedEncodingException;
import java.util.List;

/**
 * The adapter end of the vwo-conform protocol, version 1 (spec/protocol.md),
 * for Java, with Jackson.
 *
 * <p>It is written once, in the vwo-conform repository
 * (kit/java/protocol/conform/protocol/Protocol.java): adapters/java compiles
 * this very file (its pom.xml adds kit/java/protocol as a source directory),
 * and {@code vwo-conform new-adapter -language java} copies it unchanged into
 * a new adapter. Change it there, not in a copy.
 *
 * <pre>
 *   PrintStream out = Protocol.stdout();   // first: System.out goes to stderr
 *   int status = Protocol.serve(new BufferedReader(new InputStreamReader(System.in, UTF_8)), out, handler);
 *   System.exit(status);
 * </pre>
 *
 * <p>The loop answers a hello with {@link Handler#hello}'s reply; when the
 * reply's protocol or the runner's range is not {@link #VERSION} it stops with
 * exit status 1. Each run is answered with {@link Handler#run}'s reply
 * ({@link #reply} makes result, skipped and errored replies). stop and the
 * end of input stop it with status 0. A line that is not JSON, and a message
 * of another type, are reported on stderr and ignored.
 */
public final class Protocol {
  private Protocol() {}

  /** The protocol version this loop speaks. */
  public static final int VERSION = 1;

  private static final ObjectMapper M = new ObjectMapper();

  /** What an adapter does with the runner's messages. */
  public interface Handler {
    /** The whole hello reply to the runner's hello msg ({@link #hello(JsonNode, String, String, String, String, String, List)} makes one). */
    ObjectNode hello(JsonNode msg);

    /** The reply to a run message; line is the message as it was received. */
    ObjectNode run(JsonNode msg, String line);
  }

  /** One case's outcome; {@link #reply} turns it into a reply. */
  public interface Outcome {
    ObjectNode get() throws Exception;
  }

  /** Declines a case the SDK cannot be given: the reply is skipped, with the message as the reason. */
  public static class Skip extends Exception {
    private static final long serialVersionUID = 1L;

    public Skip(String reason) {
      super(reason);
    }
  }

  /**
   * The stream protocol lines go to: file descriptor 1. System.out is pointed
   * at stderr, so that nothing else (an SDK's logging, a stray println)
   * reaches stdout. Call it before anything else runs.
   */
  public static PrintStream stdout() throws UnsupportedEncodingException {
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "UTF-8");
    System.setOut(System.err);
    return protocol;
  }

  /** The protocol loop; returns the exit status. */
  public static int serve(BufferedReader in, PrintStream out, Handler handler) throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      if (line.trim().isEmpty()) {
        continue;
      }
      JsonNode msg;
      try {
        msg = M.readTree(line);
      } catch (IOException e) {
        System.err.println("adapter: ignoring a line that is not JSON: " + e.getMessage());
        continue;
      }
      String type = msg.path("type").asText();
      int seq = msg.path("seq").asInt();
      switch (type) {
        case "hello": {
          ObjectNode reply = handler.hello(msg);
          send(out, reply);
          if (reply.path("protocol").asInt() != VERSION || !speaks(msg)) {
            return 1;
          }
          break;
        }
        case "run":
          send(out, handler.run(msg, line));
          break;
        case "stop":
          return 0;
        default:
          System.err.println("adapter: ignoring message of type " + type + " (seq " + seq + ")");
      }
    }
    return 0;
  }

  /** Writes one message as one line and flushes. */
  public static void send(PrintStream out, ObjectNode msg) throws IOException {
    out.print(M.writeValueAsString(msg));
    out.print('\n');
    out.flush();
  }

  /** Whether the runner's hello range holds {@link #VERSION}. */
  public static boolean speaks(JsonNode hello) {
    JsonNode p = hello.path("protocol");
    return p.path("min").asInt(VERSION) <= VERSION && VERSION <= p.path("max").asInt(VERSION);
  }

  /** A hello reply to msg. */
  public static ObjectNode hello(JsonNode msg, String sdkName, String sdkVersion, String adapterName,
      String adapterVersion, String language, List<String> capabilities) {
    ObjectNode r = M.createObjectNode();
    r.put("type", "hello");
    r.put("seq", msg.path("seq").asInt());
    r.put("protocol", VERSION);
    r.putObject("sdk").put("name", sdkName).put("version", sdkVersion);
    r.putObject("adapter").put("name", adapterName).put("version", adapterVersion);
    r.put("language", language);
    ArrayNode caps = r.putArray("capabilities");
    for (String c : capabilities) {
      caps.add(c);
    }
    return r;
  }

  /**
   * The reply to the run message msg: result with the outcome, skipped when
   * it throws a {@link Skip}, errored (with the stack trace) when it throws
   * anything else.
   */
  public static ObjectNode reply(JsonNode msg, Outcome outcome) {
    ObjectNode r = M.createObjectNode();
    r.put("type", "errored");
    r.put("seq", msg.path("seq").asInt());
    try {
      ObjectNode o = outcome.get();
      r.put("type", "result");
      r.set("outcome", o);
    } catch (Skip s) {
      r.put("type", "skipped");
      r.put("reason", s.getMessage());
    } catch (Throwable t) {
      r.put("type", "errored");
      r.put("message", "adapter: " + t);
      r.put("trace", trace(t));
    }
    return r;
  }

  /** A stack trace, clipped to 8000 characters. */
  public static String trace(Throwable t) {
    return trace(t, 8000);
  }

  /** A stack trace, clipped to max characters. */
  public static String trace(Throwable t, int max) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    String s = w.toString();
    return s.length() > max ? s.substring(0, max) + "…" : s;
  }
}
