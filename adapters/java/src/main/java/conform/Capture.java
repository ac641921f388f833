package conform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The record of what the SDK sent during one step, shared by the adapter and
 * the shadow {@code com.vwo.services.http.HttpClient} (which lives in the
 * per-case class loader and calls in here, this class being loaded once by
 * the application class loader).
 *
 * <p>Ordering is deterministic: every shadow HttpClient gets a serial number
 * in its constructor, which the SDK runs synchronously inside the API call
 * (a field initialiser of HttpGetRequest / HttpPostRequest), so serials follow
 * the SDK's program order even though the sends run on threads. Hits are
 * reported sorted by (serial, request number within that client).
 */
public final class Capture {
  private Capture() {}

  /** One request as it went onto the in-memory wire. */
  public static final class Hit {
    final int serial;
    final int index;
    public final String method;
    public final String path;
    public final String rawQuery;
    public final List<String[]> headers;
    public final String body;

    public Hit(int serial, int index, String method, String path, String rawQuery, List<String[]> headers, String body) {
      this.serial = serial;
      this.index = index;
      this.method = method;
      this.path = path;
      this.rawQuery = rawQuery;
      this.headers = headers;
      this.body = body;
    }
  }

  private static final Object LOCK = new Object();
  private static int nextSerial;
  private static int constructed;
  private static int completed;
  private static final List<Hit> hits = new ArrayList<>();
  private static final List<String> logs = new ArrayList<>();
  private static boolean logging;

  /** Starts a case: forgets everything. */
  public static void resetCase() {
    synchronized (LOCK) {
      nextSerial = 0;
      constructed = 0;
      completed = 0;
      hits.clear();
      logs.clear();
      logging = true;
    }
  }

  /** Called by the shadow HttpClient constructor; returns its serial. */
  public static int clientConstructed() {
    synchronized (LOCK) {
      constructed++;
      return ++nextSerial;
    }
  }

  /** Called by the shadow HttpClient when execute/send returns or throws. */
  public static void clientDone(int serial) {
    synchronized (LOCK) {
      completed++;
      LOCK.notifyAll();
    }
  }

  /** Called by the in-memory socket when a whole request has been written. */
  public static void record(Hit hit) {
    synchronized (LOCK) {
      hits.add(hit);
    }
  }

  /** A diagnostic for the outcome's logs (SDK warnings and errors, adapter notes). */
  public static void log(String line) {
    synchronized (LOCK) {
      if (logging && logs.size() < 200) {
        logs.add(line);
      }
    }
  }

  /** Turns SDK log collection on or off (off while the adapter itself reads SDK state). */
  public static void setLogging(boolean on) {
    synchronized (LOCK) {
      logging = on;
    }
  }

  /** Hits recorded since the last call, in SDK order. */
  public static List<Hit> takeHits() {
    synchronized (LOCK) {
      List<Hit> out = new ArrayList<>(hits);
      hits.clear();
      out.sort(Comparator.<Hit>comparingInt(h -> h.serial).thenComparingInt(h -> h.index));
      return out;
    }
  }

  public static List<String> takeLogs() {
    synchronized (LOCK) {
      List<String> out = new ArrayList<>(logs);
      logs.clear();
      return out;
    }
  }

  /** Clients constructed whose execute/send has not returned yet. */
  public static int pending() {
    synchronized (LOCK) {
      return constructed - completed;
    }
  }

  /** Forgets clients that were constructed but never used (the caller has logged them). */
  public static void forgetPending() {
    synchronized (LOCK) {
      completed = constructed;
    }
  }

  // ---- threads ----

  /** The live threads of the caller's thread group, to diff against after a call. */
  public static Set<Thread> liveThreads() {
    ThreadGroup g = Thread.currentThread().getThreadGroup();
    Thread[] buf = new Thread[Math.max(16, g.activeCount() * 2 + 16)];
    int n;
    while ((n = g.enumerate(buf, true)) == buf.length) {
      buf = new Thread[buf.length * 2];
    }
    Set<Thread> out = new HashSet<>();
    for (int i = 0; i < n; i++) {
      out.add(buf[i]);
    }
    return out;
  }

  /**
   * Waits until every thread the step started has ended, then until no
   * shadow client is still inside execute/send. Threads of
   * {@code java.util.Timer} (the SDK's batch timer, which never ends by
   * itself) and daemon threads are not waited for. Returns false when the
   * deadline passed first.
   *
   * <p>This is deterministic: the SDK starts its request threads inside the
   * API call, so after the call returns every such thread exists (or has
   * already ended); joining them all leaves nothing in flight.
   */
  public static boolean awaitQuiet(Set<Thread> before, long deadlineNanos) throws InterruptedException {
    Thread self = Thread.currentThread();
    while (true) {
      List<Thread> fresh = new ArrayList<>();
      for (Thread t : liveThreads()) {
        if (t == self || before.contains(t) || t.isDaemon() || isTimerThread(t)) {
          continue;
        }
        fresh.add(t);
      }
      if (fresh.isEmpty()) {
        break;
      }
      for (Thread t : fresh) {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          return false;
        }
        t.join(left);
        if (t.isAlive()) {
          return false;
        }
      }
    }
    // Sends made synchronously by the calling thread have returned already;
    // threads have ended. Anything still pending never called send.
    return true;
  }

  static boolean isTimerThread(Thread t) {
    return t.getClass().getName().equals("java.util.TimerThread");
  }
}
