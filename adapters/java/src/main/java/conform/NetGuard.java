package conform;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketImpl;
import java.net.SocketImplFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes any real socket impossible in the adapter's JVM: the JVM-wide
 * socket factories are replaced by one that refuses (and counts). The
 * in-memory sockets of {@link Wire} do not use a factory. java.net.Socket
 * and its subclasses (SSL sockets included) all get their implementation
 * from this factory, so a refused socket is one that never existed.
 */
public final class NetGuard {
  private NetGuard() {}

  static final AtomicInteger attempts = new AtomicInteger();
  private static volatile boolean installed;

  static final SocketImplFactory REFUSE = new SocketImplFactory() {
    @Override
    public SocketImpl createSocketImpl() {
      attempts.incrementAndGet();
      Capture.log("adapter: refused to create a real socket");
      throw new UnsupportedOperationException("vwo-conform java adapter: real sockets are disabled");
    }
  };

  static synchronized void install() throws IOException {
    if (installed) {
      return;
    }
    Socket.setSocketImplFactory(REFUSE);
    ServerSocket.setSocketFactory(REFUSE);
    installed = true;
  }

  public static int attempts() {
    return attempts.get();
  }
}
