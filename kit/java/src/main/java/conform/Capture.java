package conform;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketImpl;
import java.net.SocketImplFactory;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * In-memory HTTP capture: every {@code http} and {@code https} URL opens a
 * {@link MemoryConnection} instead of a network connection. It records the
 * request (method, path, query, headers in the order they were set, body)
 * as a hit and answers 200 with the body {@code {}}. Real sockets are
 * refused JVM-wide, so nothing can leave the machine.
 *
 * <p>TODO(sdk): this captures clients built on {@link URL#openConnection}
 * (HttpURLConnection). An SDK on another client (Apache HttpClient, OkHttp,
 * java.net.http) needs that client pointed at memory too: shadow its
 * request class on the class path, or give the SDK a client of your own, as
 * adapters/java in the vwo-conform repository does. Prove it with a test
 * that refuses every socket.
 */
public final class Capture {
  private Capture() {}

  private static final List<ObjectNode> HITS = new ArrayList<>();
  private static boolean installed;

  /** Installs the capture and refuses real sockets; call it before the SDK is loaded. */
  public static synchronized void install() throws IOException {
    if (installed) {
      return;
    }
    URL.setURLStreamHandlerFactory(protocol -> protocol.equals("http") || protocol.equals("https")
        ? new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) {
              return new MemoryConnection(u);
            }
          }
        : null);
    SocketImplFactory refuse = new SocketImplFactory() {
      @Override
      public SocketImpl createSocketImpl() {
        throw new UnsupportedOperationException("capture: real sockets are refused");
      }
    };
    Socket.setSocketImplFactory(refuse);
    ServerSocket.setSocketFactory(refuse);
    installed = true;
  }

  /** The hits recorded since the last call, in order. */
  public static synchronized ArrayNode take() {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    out.addAll(HITS);
    HITS.clear();
    return out;
  }

  static synchronized void record(ObjectNode hit) {
    HITS.add(hit);
  }

  /** An HttpURLConnection that sends nowhere. */
  static final class MemoryConnection extends HttpURLConnection {
    private final List<String[]> headers = new ArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean sent;

    MemoryConnection(URL u) {
      super(u);
    }

    @Override
    public void setRequestProperty(String key, String value) {
      headers.removeIf(h -> h[0].equalsIgnoreCase(key));
      headers.add(new String[] {key, value});
    }

    @Override
    public void addRequestProperty(String key, String value) {
      headers.add(new String[] {key, value});
    }

    @Override
    public String getRequestProperty(String key) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(key)) {
          return h[1];
        }
      }
      return null;
    }

    @Override
    public Map<String, List<String>> getRequestProperties() {
      Map<String, List<String>> m = new java.util.LinkedHashMap<>();
      for (String[] h : headers) {
        m.computeIfAbsent(h[0], k -> new ArrayList<>()).add(h[1]);
      }
      return m;
    }

    @Override
    public void connect() {
      connected = true;
    }

    @Override
    public void disconnect() {}

    @Override
    public boolean usingProxy() {
      return false;
    }

    @Override
    public OutputStream getOutputStream() {
      if (method.equals("GET")) {
        method = "POST"; // as HttpURLConnection does when a body is written
      }
      return body;
    }

    /** Records the request once, when the SDK first reads the answer. */
    private synchronized void send() {
      if (sent) {
        return;
      }
      sent = true;
      ObjectNode hit = JsonNodeFactory.instance.objectNode();
      hit.put("method", method);
      String path = url.getPath();
      hit.put("path", path.isEmpty() ? "/" : path);
      hit.put("rawQuery", url.getQuery() == null ? "" : url.getQuery());
      ArrayNode hs = hit.putArray("headers");
      hs.addObject().put("name", "Host").put("value", url.getAuthority());
      for (String[] h : headers) {
        hs.addObject().put("name", h[0]).put("value", h[1]);
      }
      if (body.size() > 0) {
        hit.put("body", new String(body.toByteArray(), StandardCharsets.UTF_8));
      }
      record(hit);
    }

    @Override
    public int getResponseCode() {
      send();
      return 200;
    }

    @Override
    public String getResponseMessage() {
      send();
      return "OK";
    }

    @Override
    public InputStream getInputStream() {
      send();
      return new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String getHeaderField(String name) {
      return "content-type".equalsIgnoreCase(name) ? "application/json" : null;
    }
  }
}
