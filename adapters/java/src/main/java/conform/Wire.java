package conform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.http.HttpHost;
import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;

/**
 * The in-memory network under the SDK's real Apache HttpClient.
 *
 * <p>The shadow {@code com.vwo.services.http.HttpClient} builds a real
 * {@code CloseableHttpClient}, configured like the SDK's own, whose
 * connection manager gets {@link #registry(int)} (one socket factory for
 * both http and https: the bytes recorded are the HTTP request the SDK's
 * client would send inside TLS) and {@link #DNS} (resolves nothing). Apache's
 * code writes the request line, headers and body onto a {@link MemSocket};
 * when a whole request is there it is recorded with {@link Capture#record}
 * and the socket answers {@code 200 OK} with the body {@code {}}, so the SDK
 * sees success and never retries. No real socket is ever created: MemSocket
 * is built on a SocketImpl whose every method throws.
 */
public final class Wire {
  private Wire() {}

  static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\n"
      + "Content-Type: application/json\r\n"
      + "Content-Length: 2\r\n"
      + "\r\n"
      + "{}").getBytes(StandardCharsets.US_ASCII);

  /** Resolves every host to a placeholder address without any lookup; nothing connects to it. */
  public static final DnsResolver DNS = new DnsResolver() {
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
    }
  };

  /** A socket-factory registry for both schemes, recording under the given client serial. */
  public static Registry<ConnectionSocketFactory> registry(int serial) {
    ConnectionSocketFactory f = new Factory(serial);
    return RegistryBuilder.<ConnectionSocketFactory>create()
        .register("http", f)
        .register("https", f)
        .build();
  }

  static final class Factory implements ConnectionSocketFactory {
    private final int serial;
    private int requests;

    Factory(int serial) {
      this.serial = serial;
    }

    /** Numbers the requests of one client across its sockets, for ordering. */
    synchronized int nextIndex() {
      return requests++;
    }

    @Override
    public Socket createSocket(HttpContext context) throws IOException {
      return new MemSocket(this);
    }

    @Override
    public Socket connectSocket(int connectTimeout, Socket sock, HttpHost host, InetSocketAddress remoteAddress,
        InetSocketAddress localAddress, HttpContext context) throws IOException {
      Socket s = sock != null ? sock : createSocket(context);
      ((MemSocket) s).remote = remoteAddress;
      return s;
    }
  }

  /** A SocketImpl that refuses everything: MemSocket must override whatever Apache calls. */
  static final class NoImpl extends SocketImpl {
    private static SocketException no(String what) {
      return new SocketException("vwo-conform in-memory socket: " + what + " is not available (no real network)");
    }

    @Override protected void create(boolean stream) throws IOException { throw no("create"); }
    @Override protected void connect(String host, int port) throws IOException { throw no("connect"); }
    @Override protected void connect(InetAddress address, int port) throws IOException { throw no("connect"); }
    @Override protected void connect(SocketAddress address, int timeout) throws IOException { throw no("connect"); }
    @Override protected void bind(InetAddress host, int port) throws IOException { throw no("bind"); }
    @Override protected void listen(int backlog) throws IOException { throw no("listen"); }
    @Override protected void accept(SocketImpl s) throws IOException { throw no("accept"); }
    @Override protected InputStream getInputStream() throws IOException { throw no("getInputStream"); }
    @Override protected OutputStream getOutputStream() throws IOException { throw no("getOutputStream"); }
    @Override protected int available() throws IOException { throw no("available"); }
    @Override protected void close() throws IOException { }
    @Override protected void sendUrgentData(int data) throws IOException { throw no("sendUrgentData"); }
    @Override public void setOption(int optID, Object value) throws SocketException { throw no("setOption"); }
    @Override public Object getOption(int optID) throws SocketException { throw no("getOption"); }
  }

  /** A connected-looking socket whose bytes stay in memory. */
  public static final class MemSocket extends Socket {
    private final Factory factory;
    private final int serial;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private byte[] reply = new byte[0];
    private int replyPos;
    private boolean closed;
    private boolean inShut;
    private boolean outShut;
    private int soTimeout;
    InetSocketAddress remote;

    MemSocket(Factory factory) throws SocketException {
      super(new NoImpl());
      this.factory = factory;
      this.serial = factory.serial;
    }

    /** Parses every complete request written so far; records each and queues a reply. */
    private synchronized void drain() {
      while (true) {
        byte[] buf = written.toByteArray();
        Parsed p = Parsed.parse(buf);
        if (p == null) {
          return;
        }
        int index = factory.nextIndex();
        Capture.record(new Capture.Hit(serial, index, p.method, p.path, p.rawQuery, p.headers, p.body));
        written.reset();
        written.write(buf, p.length, buf.length - p.length);
        byte[] old = reply;
        byte[] nr = new byte[old.length - replyPos + RESPONSE.length];
        System.arraycopy(old, replyPos, nr, 0, old.length - replyPos);
        System.arraycopy(RESPONSE, 0, nr, old.length - replyPos, RESPONSE.length);
        reply = nr;
        replyPos = 0;
      }
    }

    private final OutputStream out = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        check();
        synchronized (MemSocket.this) {
          written.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        check();
        synchronized (MemSocket.this) {
          written.write(b, off, len);
        }
      }

      @Override
      public void flush() throws IOException {
        check();
        drain();
      }

      private void check() throws IOException {
        if (closed || outShut) {
          throw new SocketException("socket closed");
        }
      }
    };

    private final InputStream in = new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
          throw new SocketException("socket closed");
        }
        if (len == 0) {
          return 0;
        }
        drain();
        synchronized (MemSocket.this) {
          int avail = reply.length - replyPos;
          if (avail <= 0) {
            return -1; // nothing was asked for: end of stream, never block
          }
          int n = Math.min(avail, len);
          System.arraycopy(reply, replyPos, b, off, n);
          replyPos += n;
          return n;
        }
      }

      @Override
      public int available() {
        synchronized (MemSocket.this) {
          return reply.length - replyPos;
        }
      }
    };

    @Override public InputStream getInputStream() { return in; }
    @Override public OutputStream getOutputStream() { return out; }
    @Override public void connect(SocketAddress endpoint) { }
    @Override public void connect(SocketAddress endpoint, int timeout) { }
    @Override public void bind(SocketAddress bindpoint) { }
    @Override public InetAddress getInetAddress() { return remote == null ? null : remote.getAddress(); }
    @Override public InetAddress getLocalAddress() { return InetAddress.getLoopbackAddress(); }
    @Override public int getPort() { return remote == null ? 0 : remote.getPort(); }
    @Override public int getLocalPort() { return 1; }
    @Override public SocketAddress getRemoteSocketAddress() { return remote; }
    @Override public SocketAddress getLocalSocketAddress() { return new InetSocketAddress(InetAddress.getLoopbackAddress(), 1); }
    @Override public void setTcpNoDelay(boolean on) { }
    @Override public boolean getTcpNoDelay() { return true; }
    @Override public void setSoLinger(boolean on, int linger) { }
    @Override public int getSoLinger() { return -1; }
    @Override public void sendUrgentData(int data) throws IOException { throw new SocketException("not supported"); }
    @Override public void setOOBInline(boolean on) { }
    @Override public boolean getOOBInline() { return false; }
    @Override public synchronized void setSoTimeout(int timeout) { soTimeout = timeout; }
    @Override public synchronized int getSoTimeout() { return soTimeout; }
    @Override public void setSendBufferSize(int size) { }
    @Override public int getSendBufferSize() { return 8192; }
    @Override public void setReceiveBufferSize(int size) { }
    @Override public int getReceiveBufferSize() { return 8192; }
    @Override public void setKeepAlive(boolean on) { }
    @Override public boolean getKeepAlive() { return false; }
    @Override public void setTrafficClass(int tc) { }
    @Override public int getTrafficClass() { return 0; }
    @Override public void setReuseAddress(boolean on) { }
    @Override public boolean getReuseAddress() { return false; }
    @Override public synchronized void close() { closed = true; }
    @Override public synchronized void shutdownInput() { inShut = true; }
    @Override public synchronized void shutdownOutput() { outShut = true; }
    @Override public String toString() { return "MemSocket[client " + serial + ", " + remote + "]"; }
    @Override public boolean isConnected() { return true; }
    @Override public boolean isBound() { return true; }
    @Override public synchronized boolean isClosed() { return closed; }
    @Override public synchronized boolean isInputShutdown() { return inShut; }
    @Override public synchronized boolean isOutputShutdown() { return outShut; }
    @Override public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) { }
    @Override public <T> Socket setOption(SocketOption<T> name, T value) { return this; }
    @Override public <T> T getOption(SocketOption<T> name) throws IOException { throw new SocketException("not supported"); }
    @Override public Set<SocketOption<?>> supportedOptions() { return Collections.emptySet(); }
  }

  /** One HTTP/1.1 request parsed from the bytes a client wrote. */
  static final class Parsed {
    String method;
    String path;
    String rawQuery;
    List<String[]> headers = new ArrayList<>();
    String body;
    int length;

    /** Null while the request is incomplete. */
    static Parsed parse(byte[] buf) {
      int headEnd = indexOf(buf, 0, new byte[] {'\r', '\n', '\r', '\n'});
      if (headEnd < 0) {
        return null;
      }
      String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
      String[] lines = head.split("\r\n", -1);
      Parsed p = new Parsed();
      String[] rl = lines[0].split(" ", 3);
      p.method = rl[0];
      String target = rl.length > 1 ? rl[1] : "";
      int scheme = target.indexOf("://");
      if (scheme > 0 && !target.startsWith("/")) {
        int slash = target.indexOf('/', scheme + 3);
        target = slash < 0 ? "/" : target.substring(slash);
      }
      int q = target.indexOf('?');
      p.path = q < 0 ? target : target.substring(0, q);
      p.rawQuery = q < 0 ? "" : target.substring(q + 1);
      long contentLength = -1;
      boolean chunked = false;
      String contentType = null;
      for (int i = 1; i < lines.length; i++) {
        String line = lines[i];
        int c = line.indexOf(':');
        if (c < 0) {
          continue;
        }
        String name = line.substring(0, c);
        // The value as written: only the one space Apache puts after the
        // colon is dropped (no trimming of anything the client sent).
        String value = line.substring(c + 1);
        if (value.startsWith(" ")) {
          value = value.substring(1);
        }
        p.headers.add(new String[] {name, value});
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("content-length")) {
          contentLength = Long.parseLong(value.trim());
        } else if (lower.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
          chunked = true;
        } else if (lower.equals("content-type")) {
          contentType = value;
        }
      }
      int bodyStart = headEnd + 4;
      byte[] body;
      if (chunked) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int pos = bodyStart;
        while (true) {
          int eol = indexOf(buf, pos, new byte[] {'\r', '\n'});
          if (eol < 0) {
            return null;
          }
          String sizeLine = new String(buf, pos, eol - pos, StandardCharsets.ISO_8859_1);
          int semi = sizeLine.indexOf(';');
          int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
          pos = eol + 2;
          if (size == 0) {
            int end = indexOf(buf, pos, new byte[] {'\r', '\n'});
            // skip trailers up to the empty line
            while (end >= 0 && end != pos) {
              pos = end + 2;
              end = indexOf(buf, pos, new byte[] {'\r', '\n'});
            }
            if (end < 0) {
              return null;
            }
            pos = end + 2;
            break;
          }
          if (buf.length < pos + size + 2) {
            return null;
          }
          b.write(buf, pos, size);
          pos += size + 2;
        }
        body = b.toByteArray();
        p.length = pos;
      } else if (contentLength >= 0) {
        if (buf.length < bodyStart + contentLength) {
          return null;
        }
        body = new byte[(int) contentLength];
        System.arraycopy(buf, bodyStart, body, 0, (int) contentLength);
        p.length = bodyStart + (int) contentLength;
      } else {
        body = new byte[0];
        p.length = bodyStart;
      }
      p.body = new String(body, charsetOf(contentType));
      return p;
    }

    /** The charset a server would decode the body with: the Content-Type's, else UTF-8. */
    static Charset charsetOf(String contentType) {
      if (contentType != null) {
        for (String part : contentType.split(";")) {
          String t = part.trim();
          if (t.toLowerCase(Locale.ROOT).startsWith("charset=")) {
            String name = t.substring(8).trim().replace("\"", "");
            try {
              return Charset.forName(name);
            } catch (RuntimeException e) {
              return StandardCharsets.UTF_8;
            }
          }
        }
      }
      return StandardCharsets.UTF_8;
    }

    static int indexOf(byte[] buf, int from, byte[] pat) {
      outer:
      for (int i = from; i <= buf.length - pat.length; i++) {
        for (int j = 0; j < pat.length; j++) {
          if (buf[i + j] != pat[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
